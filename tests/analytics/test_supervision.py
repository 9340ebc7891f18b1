"""The funds-supervision rule set (issue 11, D14): its rule files, their parameters and
settings, and a run from files alone through the command line.

Expected findings are written by hand from D14 and the rule headers: a registry of four
people, a ledger export of their payroll and a death reported by a department file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlglot import exp

from minzheng.analytics.cases import arrow_table, load_cases
from minzheng.analytics.cli import main, rule_selection
from minzheng.analytics.params import ParamType
from minzheng.analytics.rulefile import RuleError, config_types, load_rules, rule_headers
from minzheng.analytics.runner import finding_key, platform
from minzheng.analytics.schema import ELDERLY_FUNDS, PAYMENTS, REGISTRY, SUPERVISION_FINDINGS
from minzheng.core.idnumber import make

SUPERVISION = load_rules(ruleset="supervision")
ALLOWED_NUMBERS = {"0", "1", "12"}  # as for the warning rules: arithmetic and months a year


def test_the_supervision_set_covers_every_check_of_d14() -> None:
    assert [rule.id for rule in SUPERVISION] == [f"S{i:03d}" for i in range(1, 17)]
    cited = {ref for rule in SUPERVISION for ref in rule.references if ref.startswith("D14.")}
    assert cited == {f"D14.{i}" for i in range(1, 12)}
    # D14.7 is two files: the payee and the shared account
    assert [r.id for r in SUPERVISION if "D14.7" in r.references] == ["S008", "S009"]


@pytest.mark.parametrize("rule", SUPERVISION, ids=[r.id for r in SUPERVISION])
def test_each_rule_states_its_definition_and_look_alikes_and_has_a_silent_case(rule) -> None:  # type: ignore[no-untyped-def]
    assert "定义" in rule.description_zh and "不应报出的相似情形" in rule.description_zh
    cases = load_cases(rule)
    assert any(case.expected for case in cases)
    assert any(not case.expected and "look-alike" in case.name for case in cases)


@pytest.mark.parametrize("rule", SUPERVISION, ids=[r.id for r in SUPERVISION])
def test_no_threshold_is_a_literal_in_a_supervision_rule(rule) -> None:  # type: ignore[no-untyped-def]
    numbers = {
        node.this
        for node in rule.tree.find_all(exp.Literal)
        if not node.is_string and not node.find_ancestor(exp.DataType)
    }
    assert numbers <= ALLOWED_NUMBERS, f"{rule.id}: make {numbers - ALLOWED_NUMBERS} a parameter"


def test_supervision_rules_read_only_the_snapshot_the_feeds_and_the_ledger() -> None:
    from minzheng.analytics.feeds.catalog import FEEDS

    allowed = set(REGISTRY) | set(PAYMENTS) | set(FEEDS) | set(ELDERLY_FUNDS)
    for rule in SUPERVISION:
        assert set(rule.input_columns) <= allowed, rule.id


def test_a_key_means_one_type_across_both_rule_sets_and_the_shared_ones_are_reused() -> None:
    types = config_types([*load_rules(engines=("duckdb",)), *SUPERVISION])
    # shared with the assistance policy and the warning rules: declared once
    assert types["dibao.standard.urban"] is ParamType.MONEY
    assert types["old_age.age.second"] is ParamType.INTEGER
    assert types["disability_care.amount.rural"] is ParamType.MONEY
    assert types["supervision.exclusion_matrix"] is ParamType.TEXT_LIST


def test_the_exclusion_matrix_defaults_are_the_rulebooks() -> None:
    s003 = next(rule for rule in SUPERVISION if rule.id == "S003")
    pairs = set(s003.values()["exclusive_pairs"])  # type: ignore[arg-type]
    # D14.3: dibao vs 特困 for one person; D2.5: orphan vs 特困 for minors
    assert {"extreme_poverty:dibao", "orphan:extreme_poverty"} <= pairs
    # D4.4: 特困 gets neither subsidy; orphans and unsupported children the care subsidy only
    assert {
        "extreme_poverty:disability_living_subsidy",
        "extreme_poverty:disability_care_subsidy",
        "orphan:disability_living_subsidy",
        "unsupported_child:disability_living_subsidy",
    } <= pairs
    assert "orphan:disability_care_subsidy" not in pairs  # allowed together (D4.4)
    assert not any(p.startswith("disability_living_subsidy:") for p in pairs)  # both together
    overridden = s003.values({"supervision.exclusion_matrix": "extreme_poverty:dibao"})
    assert overridden["exclusive_pairs"] == ("extreme_poverty:dibao",)


def test_the_death_month_is_paid_by_every_programme_by_default() -> None:
    """D13.5: stopping takes effect from the month after the death (payments.stop.months_after
    is 1 for every programme in the example settings)."""
    s001 = next(rule for rule in SUPERVISION if rule.id == "S001")
    paid = s001.values()["death_month_paid"]
    assert {"dibao", "extreme_poverty", "old_age_allowance", "disability_care_subsidy"} <= set(
        paid  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_every_supervision_parameter_is_declared_as_a_setting_once() -> None:
    from minzheng.core.settings_registry import declared, parse

    keys = declared()
    kinds = {"integer": "int", "text_list": "codes", "money": "money", "ratio": "ratio"}
    for rule in rule_headers(ruleset="supervision"):
        for parameter in rule.parameters:
            setting = keys[parameter.config_key]
            assert rule.id in setting.rule.split(), parameter.config_key
            if parameter.config_key != "supervision.exclusion_matrix":
                assert setting.kind == kinds[parameter.type.value], parameter.config_key
    matrix = keys["supervision.exclusion_matrix"]
    assert (matrix.kind, matrix.app) == ("code_pairs", "supervision")
    assert "extreme_poverty:dibao" in matrix.example.split(",")
    interval = keys["supervision.review.interval_months"]
    assert (interval.app, parse(interval, interval.example)[1]) == ("supervision", 12)
    # a key the assistance policy declares keeps its declaration and gains the rule
    assert keys["old_age.age.second"].app == "assistance"
    assert "S006" in keys["old_age.age.second"].rule.split()


def test_rules_selects_a_set_by_name_or_by_the_letter_of_its_ids() -> None:
    assert rule_selection("supervision") == ("supervision", None)
    assert rule_selection("S001,S004") == ("supervision", ("S001", "S004"))
    assert rule_selection("W001") == ("warning", ("W001",))
    assert rule_selection(None) == ("warning", None)
    with pytest.raises(ValueError, match="同一规则集"):
        rule_selection("W001,S001")
    with pytest.raises(RuleError, match="未知的规则集"):
        load_rules(ruleset="audit")


def test_platform_and_key_of_a_finding() -> None:
    assert [platform(p) for p in ("dibao", "old_age_allowance", "disability_care_subsidy")] == [
        "assistance",
        "elderly",
        "disability",
    ]
    # issue 14 item 6: money paid to elderly-care facilities is the elderly platform's
    paid_to_facilities = ("elderly_meal_subsidy", "elderly_operating_subsidy")
    paid_to_facilities += ("elderly_construction_subsidy",)
    assert {platform(p) for p in paid_to_facilities} == {"elderly"}
    text = "S001|320302193001010011|dibao|2024-04"
    assert finding_key("S001", "320302193001010011", "dibao", "2024-04") == (
        hashlib.sha256(text.encode()).hexdigest()
    )


# --- a run from files alone -----------------------------------------------------------

DEAD = make("320302", dt.date(1930, 1, 1), 1)
ALIVE = make("320302", dt.date(1934, 3, 15), 2)
CHILD = make("320321", dt.date(2012, 1, 1), 3)


def _write(directory: Path, table: str, rows: list[dict[str, object]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table(table, rows), directory / f"{table}.parquet")


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A registry snapshot, a ledger export in a directory of its own, a deaths CSV."""
    registry, ledger = tmp_path / "registry", tmp_path / "ledger"
    _write(registry, "areas", [{"area_code": "320302001001", "level": "community"}])
    _write(registry, "area_settings", [])
    _write(
        registry,
        "households",
        [
            {"household_id": 1, "area_code": "320302001001", "head_person_id": 1},
            {"household_id": 2, "area_code": "320302001001", "head_person_id": 2},
            {"household_id": 3, "area_code": "320321001001", "head_person_id": 3},
        ],
    )
    _write(
        registry,
        "persons",
        [
            {"person_id": 1, "id_number": DEAD, "household_id": 1, "area_code": "320302001001",
             "birth_date": "1930-01-01"},
            {"person_id": 2, "id_number": ALIVE, "household_id": 2, "area_code": "320302001001",
             "birth_date": "1934-03-15"},
            {"person_id": 3, "id_number": CHILD, "household_id": 3, "area_code": "320321001001",
             "birth_date": "2012-01-01"},
        ],
    )  # fmt: skip
    enrolments = [
        {"enrolment_id": 1, "household_id": 1, "programme": "old_age_allowance",
         "applicant_person_id": 1},
        {"enrolment_id": 2, "household_id": 2, "programme": "old_age_allowance",
         "applicant_person_id": 2},
        {"enrolment_id": 3, "household_id": 3, "programme": "orphan", "applicant_person_id": 3},
        {"enrolment_id": 4, "household_id": 3, "programme": "extreme_poverty",
         "applicant_person_id": 3},
    ]  # fmt: skip
    lines, covered = [], []
    plan = [  # (person, enrolment, programme, month, amount)
        (1, 1, "old_age_allowance", "2024-03-01", "100.00"),  # death month: paid by policy
        (1, 1, "old_age_allowance", "2024-04-01", "100.00"),  # after death: S001
        (1, 1, "old_age_allowance", "2024-05-01", "100.00"),  # after death: S001
        (2, 2, "old_age_allowance", "2024-03-01", "100.00"),  # 90 on 03-15: 50 too much (S006)
        (2, 2, "old_age_allowance", "2024-04-01", "100.00"),  # the month after: right
        (3, 3, "orphan", "2024-05-01", "1290.00"),
        (3, 4, "extreme_poverty", "2024-05-01", "982.00"),  # orphan and 特困: S003
    ]
    for line_id, (person, enrolment, programme, month, amount) in enumerate(plan, start=1):
        household = 3 if person == 3 else person
        area = "320321001001" if person == 3 else "320302001001"
        lines.append(
            {"line_id": line_id, "programme": programme, "month": month, "person_id": person,
             "household_id": household, "area_code": area, "enrolment_id": enrolment,
             "base": amount, "total": amount, "status": "sent"}
        )  # fmt: skip
        covered.append(
            {"line_id": line_id, "person_id": person, "programme": programme, "month": month,
             "amount": amount}
        )  # fmt: skip
    _write(ledger, "enrolments", enrolments)
    _write(ledger, "payroll_lines", lines)
    _write(ledger, "covered_months", covered)
    for table in ("payee_accounts", "ledger", "payment_stops"):
        _write(ledger, table, [])
    deaths = tmp_path / "deaths.csv"
    deaths.write_text(f"公民身份号码,记录编号,死亡日期,数据来源\n{DEAD},R1,2024-03-20,火化记录\n")
    return registry, ledger, deaths


def test_a_supervision_run_from_files_alone_publishes_the_findings_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry, ledger, deaths = _files(tmp_path)
    store = str(tmp_path / "store")
    assert main(["import", "--store", store, "--feed", "deaths", str(deaths)]) == 0
    assert main(["keys", "--store", store, "--registry", str(registry)]) == 0
    run = ["run", "--rules", "supervision", "--store", store, "--registry", str(registry)]
    run += ["--ledger", str(ledger), "--period", "2024-06", "--run-id", "s1", "--no-progress"]
    assert main(run) == 0
    out = capsys.readouterr().out
    assert "运行 s1 已发布" in out and "S001 死亡后仍发放：1 条" in out

    published = tmp_path / "store" / "supervision" / "runs"
    assert (published / "LATEST").read_text().strip() == "s1"
    assert not (tmp_path / "store" / "runs" / "LATEST").exists()  # the warning runs untouched
    findings = pq.read_table(published / "s1" / "findings.parquet")
    assert findings.schema == SUPERVISION_FINDINGS
    got = {(r["rule_id"], r["id_number"], r["programme"]): r for r in findings.to_pylist()}
    assert set(got) == {
        ("S001", DEAD, "old_age_allowance"),
        ("S006", ALIVE, "old_age_allowance"),
        ("S003", CHILD, "extreme_poverty"),
    }
    death = got[("S001", DEAD, "old_age_allowance")]
    assert (death["first_month"], death["last_month"], death["months"]) == (
        "2024-04",
        "2024-05",
        2,
    )
    assert death["amount_at_risk"] == Decimal("200.00")
    assert death["platform"] == "elderly" and death["period"] == "2024-06"
    assert death["household_id"] == 1 and death["area_code"] == "320302001001"
    assert json.loads(death["evidence"])["death_date"] == "2024-03-20"
    assert (
        death["finding_key"]
        == hashlib.sha256(f"S001|{DEAD}|old_age_allowance|2024-04".encode()).hexdigest()
    )
    band = got[("S006", ALIVE, "old_age_allowance")]
    assert (band["first_month"], band["amount_at_risk"]) == ("2024-03", Decimal("50.00"))
    overlap = got[("S003", CHILD, "extreme_poverty")]
    assert (overlap["platform"], overlap["amount_at_risk"]) == ("assistance", Decimal("982.00"))
    assert re.fullmatch(r"[0-9a-f]{64}", overlap["finding_key"])

    # the same inputs again: unchanged; history lists the supervision run
    assert main(run) == 0
    assert "已存在，未改变" in capsys.readouterr().out
    assert main(["history", "--store", store, "--set", "supervision"]) == 0
    assert capsys.readouterr().out.startswith("s1 2024-06 duckdb")


def test_a_ledger_beside_the_registry_needs_no_ledger_flag(tmp_path: Path) -> None:
    registry, ledger, _ = _files(tmp_path)
    for path in ledger.iterdir():
        path.rename(registry / path.name)
    store = str(tmp_path / "store")
    assert main(["keys", "--store", store, "--registry", str(registry)]) == 0
    run = ["run", "--rules", "S006", "--store", store, "--registry", str(registry),
           "--period", "2024-06", "--run-id", "s2", "--no-progress"]  # fmt: skip
    assert main(run) == 0
    findings = pq.read_table(
        tmp_path / "store" / "supervision" / "runs" / "s2" / "findings.parquet"
    )
    assert findings.column("rule_id").to_pylist() == ["S006"]
    assert findings.schema.field("amount_at_risk").type == pa.decimal128(14, 2)


def test_a_rule_output_with_a_repeated_key_or_bad_evidence_fails_the_run() -> None:
    from minzheng.analytics.runner import supervision_findings

    s001 = SUPERVISION[0]
    row = {
        "id_number": DEAD,
        "household_id": 1,
        "area_code": "320302001001",
        "programme": "dibao",
        "first_month": dt.date(2024, 4, 1),
        "last_month": dt.date(2024, 5, 1),
        "months": 2,
        "amount_at_risk": Decimal("1560.00"),
        "evidence": '{"death_date": "2024-03-20"}',
    }
    one = supervision_findings(
        pa.Table.from_pylist([row], s001.output_schema), s001, "r", "2024-06"
    )
    assert one.column("first_month").to_pylist() == ["2024-04"]
    with pytest.raises(RuleError, match="finding_key 重复"):
        supervision_findings(pa.Table.from_pylist([row, row], s001.output_schema), s001, "r", "p")
    broken = {**row, "evidence": "死亡"}
    with pytest.raises(RuleError, match="JSON"):
        supervision_findings(pa.Table.from_pylist([broken], s001.output_schema), s001, "r", "p")


@pytest.mark.spark
def test_a_supervision_run_on_spark_publishes_what_duckdb_does(
    tmp_path: Path, spark_engine: Any
) -> None:
    from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
    from minzheng.analytics.feeds.importer import ReadOptions, import_feed
    from minzheng.analytics.keys import key_registry
    from minzheng.analytics.runner import RunRequest, run
    from minzheng.analytics.store import Store

    registry, ledger, deaths = _files(tmp_path)
    store = Store(tmp_path / "store")
    import_feed(store, "deaths", deaths, ReadOptions(progress=False))
    key_registry(store, registry)
    published = {}
    for run_id, engine in (("d", DuckDBEngine(threads=2)), ("s", spark_engine)):
        request = RunRequest(
            store.root, registry, "2024-06", run_id=run_id, progress=False,
            ruleset="supervision", ledger=ledger,
        )  # fmt: skip
        outcome = run(request, engine)
        published[run_id] = pq.read_table(outcome.path / "findings.parquet").drop(["run_id"])
    assert published["s"].num_rows == 3
    assert published["s"].equals(published["d"])


# --- the elderly-care funds (issue 14 item 6: S014–S016) ------------------------------


def test_the_elderly_funds_rules_are_on_the_elderly_platform_and_one_is_about_a_person() -> None:
    by_id = {rule.id: rule for rule in SUPERVISION}
    # a facility's finding names its subject; the double claim is a person's (no subject)
    assert {"subject", "subject_name"} <= set(dict(by_id["S014"].outputs))
    assert {"subject", "subject_name"} <= set(dict(by_id["S015"].outputs))
    assert "subject" not in dict(by_id["S016"].outputs)
    assert set(by_id["S014"].input_columns) == {
        "elderly_facility_events",
        "elderly_facility_register",
        "institutional_payables",
    }
    assert set(by_id["S016"].input_columns) == {"elderly_meal_records", "persons"}


def _elderly_files(registry: Path, ledger: Path) -> None:
    """The nightly layout: the elderly tables beside the registry, the payables with the
    ledger export. Facility 7 closed on 2024-04-10 and was paid April's operating
    subsidy (S014); person 2 lunched at two canteens on 2024-05-06 (S016)."""
    _write(
        registry,
        "elderly_facility_register",
        [{"facility_id": 7, "kind": "station", "name": "城东养老服务站",
          "area_code": "320302001001", "capacity": 20, "opened_on": "2023-01-01",
          "status": "closed", "closed_on": "2024-04-10"}],
    )  # fmt: skip
    _write(
        registry,
        "elderly_facility_events",
        [{"facility_id": 7, "event": "opened", "on": "2023-01-01"},
         {"facility_id": 7, "event": "closed", "on": "2024-04-10"}],
    )  # fmt: skip
    _write(
        registry,
        "elderly_meal_records",
        [{"meal_id": 1, "person_id": 2, "canteen_id": 8, "served_on": "2024-05-06",
          "meal": "lunch", "category": "aged", "price": "10.00", "subsidy": "3.00"},
         {"meal_id": 2, "person_id": 2, "canteen_id": 9, "served_on": "2024-05-06",
          "meal": "lunch", "category": "aged", "price": "10.00", "subsidy": "3.00"}],
    )  # fmt: skip
    _write(registry, "elderly_fund_items", [])
    _write(
        ledger,
        "institutional_payables",
        [{"payable_id": 1, "programme": "elderly_operating_subsidy", "month": "2024-04-01",
          "amount": "2000.00", "status": "paid", "subject_kind": "elderly.facility",
          "subject_id": 7}],
    )  # fmt: skip


def _supervision_run(tmp_path: Path, registry: Path, ledger: Path, run_id: str) -> pa.Table:
    store = str(tmp_path / "store")
    assert main(["keys", "--store", store, "--registry", str(registry)]) == 0
    run = ["run", "--rules", "S014,S015,S016", "--store", store, "--registry", str(registry),
           "--ledger", str(ledger), "--period", "2024-06", "--run-id", run_id,
           "--no-progress"]  # fmt: skip
    assert main(run) == 0
    return pq.read_table(tmp_path / "store" / "supervision" / "runs" / run_id / "findings.parquet")


def test_the_elderly_tables_beside_the_registry_are_read_and_a_facility_has_no_person(
    tmp_path: Path,
) -> None:
    registry, ledger, _ = _files(tmp_path)
    _elderly_files(registry, ledger)
    findings = _supervision_run(tmp_path, registry, ledger, "e1")
    assert findings.schema == SUPERVISION_FINDINGS
    got = {r["rule_id"]: r for r in findings.to_pylist()}
    assert set(got) == {"S014", "S016"}
    closed = got["S014"]
    assert closed["id_number"] is None and closed["household_id"] is None
    assert (closed["subject"], closed["subject_name"]) == ("elderly.facility:7", "城东养老服务站")
    assert (closed["platform"], closed["area_code"]) == ("elderly", "320302001001")
    assert (closed["first_month"], closed["amount_at_risk"]) == ("2024-04", Decimal("2000.00"))
    assert (
        closed["finding_key"]
        == hashlib.sha256(b"S014|elderly.facility:7|elderly_operating_subsidy|2024-04").hexdigest()
    )
    twice = got["S016"]
    assert (twice["id_number"], twice["subject"], twice["first_month"]) == (ALIVE, None, "2024-05")
    assert twice["amount_at_risk"] == Decimal("3.00")


def test_without_the_elderly_tables_their_rules_are_silent_not_failing(tmp_path: Path) -> None:
    registry, ledger, _ = _files(tmp_path)  # an export from before issue 14: no payables
    findings = _supervision_run(tmp_path, registry, ledger, "e2")
    assert findings.num_rows == 0
    manifest = json.loads(
        (tmp_path / "store" / "supervision" / "runs" / "e2" / "manifest.json").read_text()
    )
    assert [r["findings"] for r in manifest["rules"]] == [0, 0, 0]
    assert manifest["inputs"]["elderly_meal_records"]["files"] == 0


def test_a_finding_with_neither_a_person_nor_a_subject_fails_the_run() -> None:
    from minzheng.analytics.runner import supervision_findings

    s014 = next(rule for rule in SUPERVISION if rule.id == "S014")
    row = {
        "id_number": None,
        "household_id": None,
        "area_code": "320302001001",
        "programme": "elderly_operating_subsidy",
        "first_month": dt.date(2024, 4, 1),
        "last_month": dt.date(2024, 4, 1),
        "months": 1,
        "amount_at_risk": Decimal("2000.00"),
        "subject": None,
        "subject_name": None,
        "evidence": "{}",
    }
    with pytest.raises(RuleError, match="subject"):
        supervision_findings(pa.Table.from_pylist([row], s014.output_schema), s014, "r", "p")


def test_a_subject_column_must_be_text(tmp_path: Path) -> None:
    from minzheng.analytics.rulefile import check_rule, parse_rule

    s015 = next(rule for rule in SUPERVISION if rule.id == "S015")
    text = s015.path.read_text("utf-8").replace("  subject: text\n", "  subject: int64\n")
    path = tmp_path / "S015_canteen_over_capacity.sql"
    path.write_text(text, "utf-8")
    with pytest.raises(RuleError, match="输出列 subject 应为 text"):
        check_rule(parse_rule(path, views={}), engines=("duckdb",))
