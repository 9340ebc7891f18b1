"""The monitoring run end to end: registry snapshot → rules on DuckDB → leads, and a
second run over the same period opens no second lead (D5.3)."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest

from minzheng.analytics.feeds.synthetic import write_feeds
from minzheng.analytics.schema import PERSONS
from minzheng.analytics.store import Store
from minzheng.core.models import Area, ConfigValue
from minzheng.demo.city import load_demo_city
from minzheng.synth.parquet import write_city
from minzheng.warning.models import Lead
from minzheng.warning.pipeline import configured_overrides, store_root, warning_run
from minzheng.warning.snapshot import registry_snapshot
from minzheng.warning.tasks import nightly_warning_run

pytestmark = pytest.mark.django_db
SEED, RESIDENTS, PERIOD = 7, 4000, "2026-10"


@pytest.fixture
def city(settings, tmp_path, settings_seeded):
    settings.VAR_DIR = tmp_path / "var"
    load_demo_city(seed=SEED, residents=RESIDENTS)
    generated = tmp_path / "generated"
    write_city(generated, seed=SEED, residents=RESIDENTS, progress=False)
    write_feeds(Store(store_root()), generated, period=PERIOD, seed=SEED)
    return tmp_path


def test_the_snapshot_has_the_registry_in_the_rules_schemas(city):
    rows = registry_snapshot(city / "snap", on=dt.date(2026, 11, 2))
    assert rows["persons"] == RESIDENTS
    persons = pq.read_table(city / "snap" / "persons.parquet")
    assert persons.schema.equals(PERSONS)
    assert persons.schema.field("monthly_income").type.scale == 2  # decimal money
    assert persons.num_rows == RESIDENTS
    assert persons.column("person_key").null_count == RESIDENTS  # the store gives them


def _published(outcome) -> set[tuple[str, str, str, str]]:
    """The run's findings as published (read from its Parquet file, not from the ingest)."""
    rows = pq.read_table(outcome.path / "findings.parquet").to_pylist()
    return {(r["rule_id"], r["id_number"], r["period"], r["evidence"]) for r in rows}


def test_a_run_opens_one_lead_per_finding_once(city):
    first = warning_run(period=PERIOD)
    assert first.outcome.status == "published"
    findings = _published(first.outcome)
    # Every finding is about a registered person (the snapshot is the registry), so each
    # becomes exactly one lead with its rule, period and evidence, in the person's area.
    leads = Lead.objects.select_related("person")
    assert {(x.rule_id, x.id_number, x.period, x.evidence) for x in leads} == findings
    assert len(findings) == first.ingest.created == Lead.objects.count()
    assert all(x.area_id == x.person.area_id and x.status == "open" for x in leads)
    assert findings, "the synthetic feeds raise at least the medical-cost warning (W001)"
    assert {r["id"] for r in first.outcome.manifest["rules"]} >= {"W001", "W008"}
    second = warning_run(period=PERIOD)
    assert _published(second.outcome) == findings
    assert second.ingest.created == 0 and Lead.objects.count() == len(findings)


def test_the_nightly_task_runs_last_month(city, monkeypatch):
    monkeypatch.setattr("minzheng.warning.tasks.last_month", lambda: PERIOD)
    result = nightly_warning_run.call_local()
    assert result.outcome.manifest["period"] == PERIOD


def test_the_city_settings_in_force_reach_the_rules(city):
    ConfigValue.objects.create(
        key="warning.medical.out_of_pocket_threshold.rural",
        value="1",
        effective_from=dt.date(2026, 1, 1),
        basis="测试：门槛调低",
    )
    overrides = configured_overrides(dt.date(2026, 10, 31))
    assert overrides["warning.medical.out_of_pocket_threshold.rural"] == "1"
    assert overrides["dibao.standard.urban"] == "780"  # the example standard in force
    result = warning_run(period=PERIOD)
    w001 = next(r for r in result.outcome.manifest["rules"] if r["id"] == "W001")
    assert str(w001["parameters"]["rural_threshold"]) in {"1", "1.00"}


def _standard(key, value, area=None, effective=dt.date(2020, 1, 1)):
    return ConfigValue.objects.create(
        key=key, value=value, area=area, effective_from=effective, basis="测试：区县标准"
    )


def test_the_snapshot_carries_every_version_of_settings_below_the_city(city):
    county = Area.objects.get(code="320321")
    _standard("dibao.standard.rural", "700", county, dt.date(2025, 1, 1))
    _standard("dibao.standard.rural", "720.5", county, dt.date(2026, 1, 1))
    _standard("dibao.standard.rural", "9999")  # the city's: a rule parameter, not a row
    _standard("warning.lead.verify_working_days", "3", county)  # no rule reads it
    rows = registry_snapshot(city / "snap", on=dt.date(2026, 11, 2))
    table = pq.read_table(city / "snap" / "area_settings.parquet")
    assert rows["area_settings"] == 2
    assert table.to_pylist() == [
        {
            "area_code": "320321",
            "key": "dibao.standard.rural",
            "value": "700",
            "effective": dt.date(2025, 1, 1),
        },
        {
            "area_code": "320321",
            "key": "dibao.standard.rural",
            "value": "720.5",
            "effective": dt.date(2026, 1, 1),
        },
    ]


def test_a_county_value_that_is_not_a_number_stops_the_snapshot_naming_it(city):
    _standard("dibao.standard.urban", "七百", Area.objects.get(code="320322"))
    with pytest.raises(ValueError, match=r"dibao\.standard\.urban.*320322"):
        registry_snapshot(city / "snap", on=dt.date(2026, 11, 2))


def test_a_county_standard_travels_with_the_snapshot_into_the_run(city):
    """D1.18: the run reads the county's own standard (the rule cases show what the
    rules do with it, on both engines: W007-W009 cases with two counties)."""
    _standard("dibao.standard.rural", "700", Area.objects.get(code="320321"))
    result = warning_run(period=PERIOD)
    assert result.snapshot_rows["area_settings"] == 1
    assert result.outcome.manifest["inputs"]["area_settings"]["rows"] == 1
