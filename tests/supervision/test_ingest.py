"""Ingesting a published supervision run (issue 11 item 2, D14.12). Expected answers by
hand: the finding key is stable across runs, so a run loaded twice opens nothing new;
a key judged a false alarm is not raised again; a number the registry does not know is
kept (without a person), one whose community does not exist either is listed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.core.models import AuditEntry
from minzheng.core.workflow.engine import transition
from minzheng.supervision.models import Finding
from minzheng.supervision.services import (
    FindingsFileError,
    findings_ingest,
    read_findings,
)
from tests.factories import AREAS, make_household, make_user
from tests.supervision.findings import row, write

pytestmark = pytest.mark.django_db
SEP1 = dt.date(2026, 9, 1)  # a Tuesday; 10 working days later: 2026-09-15


def _ingest(path):
    return findings_ingest(findings=read_findings(path), today=SEP1)


def test_a_run_becomes_findings_assigned_by_area_with_masked_numbers(sup_settings, tmp_path):
    household = make_household(AREAS["community_a1"], size=2)
    head = household.head
    worker = make_user("sup_cw", "caseworker", AREAS["community_a1"])
    path = write(tmp_path / "findings.parquet", [row(head.id_number, AREAS["community_a1"])])
    result = _ingest(path)
    assert (result.created, result.known, result.unknown_person) == (1, 0, 0)
    f = Finding.objects.get()
    assert (f.person, f.household_id, f.area_id) == (head, household.pk, AREAS["community_a1"])
    assert f.assigned_to == worker and f.status == "open"
    assert f.amount_at_risk == Decimal("2130.00") and f.months == 3
    assert f.id_number_masked == head.id_number[:4] + "*" * 10 + head.id_number[-4:]
    assert head.id_number not in f.evidence + f.id_number_masked
    assert f.deadline == dt.date(2026, 9, 15)  # 10 working days (the example setting)
    assert AuditEntry.objects.filter(object_type="supervision.finding").exists()


def test_the_same_run_twice_opens_nothing_new(sup_settings, tmp_path):
    head = make_household(AREAS["community_a1"]).head
    path = write(tmp_path / "f.parquet", [row(head.id_number, AREAS["community_a1"])])
    _ingest(path)
    again = _ingest(path)
    assert (again.created, again.updated, again.known) == (0, 0, 1)
    assert Finding.objects.count() == 1


def test_a_later_run_extends_an_open_finding(sup_settings, tmp_path):
    head = make_household(AREAS["community_a1"]).head
    _ingest(write(tmp_path / "a.parquet", [row(head.id_number, AREAS["community_a1"])]))
    later = row(head.id_number, AREAS["community_a1"], last="2026-10", months=4, amount="2840.00")
    result = _ingest(write(tmp_path / "b.parquet", [later]))
    assert (result.created, result.updated) == (0, 1)
    f = Finding.objects.get()
    assert (f.last_month, f.months, f.amount_at_risk) == ("2026-10", 4, Decimal("2840.00"))


def test_a_false_alarm_is_not_raised_again(sup_settings, tmp_path):
    """D14.12: a false alarm, with its reason, suppresses the same finding next run."""
    head = make_household(AREAS["community_a1"]).head
    clerk = make_user("sup_cw", "caseworker", AREAS["community_a1"])
    path = write(tmp_path / "f.parquet", [row(head.id_number, AREAS["community_a1"])])
    _ingest(path)
    transition(Finding.objects.get(), "dismiss", clerk, note="死亡当月按政策照发", today=SEP1)
    result = _ingest(
        write(tmp_path / "next.parquet", [row(head.id_number, AREAS["community_a1"], run="r2")])
    )
    assert (result.created, result.suppressed) == (0, 1)
    assert list(Finding.objects.values_list("status", flat=True)) == ["false_alarm"]


def test_unknown_people_are_kept_and_unknown_areas_reported(sup_settings, tmp_path):
    stranger = "320302198001010018"  # nobody in the registry
    rows = [
        row(stranger, AREAS["community_a2"]),
        row("320302198001010026", "320399999999"),  # no such community either
    ]
    result = _ingest(write(tmp_path / "f.parquet", rows))
    assert (result.created, result.unknown_person, len(result.unplaced)) == (1, 1, 1)
    kept = Finding.objects.get()
    assert kept.person is None and kept.area_id == AREAS["community_a2"]
    assert kept.id_number_masked == "3203**********0018"
    assert "3203**********0026" in result.unplaced[0]
    assert "320302198001010026" not in result.summary() + result.unplaced[0]


def test_the_query_count_does_not_grow_with_the_findings(sup_settings, tmp_path):
    """Set-based: a fixed number of queries per batch, not ~9 per finding."""
    few = [make_household(AREAS["community_a1"], size=1).head for _ in range(2)]
    many = [make_household(AREAS["community_a2"], size=1).head for _ in range(30)]
    warm = [
        row(make_household(AREAS["community_a3"], size=1).head.id_number, AREAS["community_a3"])
    ]
    _ingest(write(tmp_path / "warm.parquet", warm))  # the calendar and caches, once
    counts = []
    for name, people in (("few", few), ("many", many)):
        path = write(tmp_path / f"{name}.parquet", [row(p.id_number, p.area_id) for p in people])
        with CaptureQueriesContext(connection) as queries:
            assert _ingest(path).created == len(people)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_file_of_another_shape_is_refused(sup_settings, tmp_path):
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"rule_id": ["S001"], "id_number": ["x"]}), bad)
    with pytest.raises(FindingsFileError, match="finding_key"):
        list(read_findings(bad))
    with pytest.raises(CommandError, match="不是监管比对结果文件"):
        call_command("supervision_ingest", str(bad))


def test_the_command_loads_a_run_directory(sup_settings, tmp_path, capsys):
    head = make_household(AREAS["community_a1"]).head
    write(tmp_path / "run" / "findings.parquet", [row(head.id_number, AREAS["community_a1"])])
    call_command("supervision_ingest", str(tmp_path / "run"))
    assert "新增1条" in capsys.readouterr().out
    assert Finding.objects.count() == 1


def test_the_command_given_a_store_loads_its_last_published_run(sup_settings, tmp_path, capsys):
    """The store layout of analytics/store.py: runs/<id>/findings.parquet, LATEST naming
    the last run published; an older run in the same store is not read."""
    old, new = (
        make_household(AREAS["community_a1"]).head,
        make_household(AREAS["community_a1"]).head,
    )
    runs = tmp_path / "store" / "supervision" / "runs"
    write(runs / "r1" / "findings.parquet", [row(old.id_number, AREAS["community_a1"])])
    write(runs / "r2" / "findings.parquet", [row(new.id_number, AREAS["community_a1"])])
    (runs / "LATEST").write_text("r2\n", encoding="utf-8")
    call_command("supervision_ingest", str(tmp_path / "store"))
    assert "最近一次发布的监管比对：r2" in capsys.readouterr().out
    assert [f.person for f in Finding.objects.all()] == [new]
    (runs / "LATEST").write_text("../r1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="运行编号无效"):
        call_command("supervision_ingest", str(tmp_path / "store"))


def test_a_row_with_an_unknown_platform_names_the_row(sup_settings, tmp_path):
    head = make_household(AREAS["community_a1"]).head
    path = write(
        tmp_path / "f.parquet", [row(head.id_number, AREAS["community_a1"], platform="x")]
    )
    with pytest.raises(FindingsFileError, match="第1行 platform"):
        _ingest(path)
    assert not Finding.objects.exists()
