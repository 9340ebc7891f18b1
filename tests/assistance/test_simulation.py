"""Policy simulation on a hand-checkable registry (issue 15 item 4; D1.13, D1.14, D1.18).

Example settings (labelled examples, not policy): urban standard 780, rural 755, 丰县
(320321) rural 720 from 2024-07-01 in the snapshot's area settings; difference mode
(D1.14), no minimum amount. Every expected figure below is worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.schema import AREA_SETTINGS, ENROLMENTS, HOUSEHOLDS, PERSONS
from minzheng.assistance.policy import example_values
from minzheng.assistance.simulation import Scenario, simulate

MONTH = dt.date(2027, 1, 1)
GULOU, FENG = "320302001001", "320321100001"
# id, community, class, members [(relation, birth, income)], vehicle
HOUSEHOLDS_ROWS = [
    (1, GULOU, "urban", [("head", "1986-03-01", "1000"), ("child", "2016-05-01", "0")], False),
    (2, GULOU, "urban", [("head", "1976-03-01", "850")], False),
    (3, FENG, "rural", [("head", "1981-03-01", "700")], False),
    (4, GULOU, "urban", [("head", "1981-03-01", "5000")], False),
    (5, GULOU, "urban", [("head", "1981-03-01", "600")], True),
    (6, GULOU, "urban", [("head", "1981-03-01", "100"), ("head", "1982-03-01", "100")], False),
    (7, GULOU, "urban", [("head", "1971-03-01", "750")], False),
]


def _write(tmp: Path) -> Path:
    persons, households = [], []
    pid = 0
    for hid, area, klass, members, vehicle in HOUSEHOLDS_ROWS:
        total = sum(Decimal(m[2]) for m in members)
        households.append(
            {
                "household_id": hid,
                "number": f"H{hid}",
                "area_code": area,
                "urban_rural": klass,
                "address": "",
                "head_person_id": pid + 1,
                "size": len(members),
                "monthly_income": total,
                "per_capita_income": total / len(members),
                "programme": "",
                "owns_second_dwelling": False,
                "owns_vehicle": vehicle,
                "deposits": Decimal("0"),
            }
        )
        for relation, birth, income in members:
            pid += 1
            persons.append(
                {
                    "person_id": pid,
                    "person_key": None,
                    "id_number": "",
                    "name": f"人{pid}",
                    "gender": "M",
                    "birth_date": dt.date.fromisoformat(birth),
                    "household_id": hid,
                    "relation": relation,
                    "area_code": area,
                    "hukou_county_code": area[:6],
                    "phone": "",
                    "disability_type": "",
                    "disability_grade": None,
                    "life_status": "alive",
                    "death_date": None,
                    "employment": "none",
                    "school_stage": "",
                    "monthly_income": Decimal(income),
                }
            )
    households.append(  # another city's household: outside a Xuzhou run's prefix... or not
        {**households[0], "household_id": 99, "area_code": "320102001001"}
    )
    settings = [
        {
            "area_code": "320321",
            "key": "dibao.standard.rural",
            "value": "700",
            "effective": dt.date(2023, 7, 1),
        },
        {
            "area_code": "320321",
            "key": "dibao.standard.rural",
            "value": "720",
            "effective": dt.date(2024, 7, 1),
        },
        {
            "area_code": "320321",
            "key": "dibao.standard.rural",
            "value": "999",
            "effective": dt.date(2027, 2, 1),
        },  # after the month: not in force
    ]
    pq.write_table(pa.Table.from_pylist(persons, PERSONS), tmp / "persons.parquet")
    pq.write_table(pa.Table.from_pylist(households, HOUSEHOLDS), tmp / "households.parquet")
    pq.write_table(pa.Table.from_pylist(settings, AREA_SETTINGS), tmp / "area_settings.parquet")
    return tmp


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    snapshot = _write(tmp_path_factory.mktemp("snap"))
    scenarios = [
        Scenario("A", "dibao.standard.urban", "900"),
        Scenario("B", "dibao.standard.urban", "700"),
    ]
    return simulate(
        snapshot, month=MONTH, city=example_values(), scenarios=scenarios, prefix="3203"
    )


def test_the_baseline_uses_the_standards_in_force(result):
    # H1 (780 − 1000/2) × 2 = 560; H3 丰县 rural 720 − 700 = 20; H7 780 − 750 = 30.
    base = result.total("baseline", programme="dibao")
    assert (base.households, base.people, base.monthly) == (3, 4, Decimal("610.00"))
    assert base.yearly == Decimal("7320.00")
    assert result.total("baseline", county="320321").monthly == Decimal("20.00")


def test_a_higher_urban_standard_reaches_one_more_household(result):
    # 900: H1 (900 − 500) × 2 = 800, H2 900 − 850 = 50, H3 unchanged 20, H7 150.
    a = result.total("A")
    assert (a.households, a.people, a.monthly, a.yearly) == (
        4,
        5,
        Decimal("1020.00"),
        Decimal("12240.00"),
    )
    assert result.moves("A", "enter") == 1 and result.moves("A", "leave") == 0
    entered = next(c for c in result.changes if c.scenario == "A")
    assert (entered.household_id, entered.amount_before, entered.amount_after) == (
        2,
        Decimal(0),
        Decimal("50.00"),
    )
    assert result.total("A", county="320302").monthly == Decimal("1000.00")


def test_a_lower_standard_lets_one_leave(result):
    # 700: H1 (700 − 500) × 2 = 400, H3 20; H7 (750) leaves.
    b = result.total("B")
    assert (b.households, b.people, b.monthly) == (2, 3, Decimal("420.00"))
    assert result.moves("B", "leave") == 1
    assert [c.household_id for c in result.changes if c.scenario == "B"] == [7]


def test_who_is_assessed_and_who_cannot_be(result):
    # H4's per-capita 5000 is above 1.5 × 900; H6 has two heads; Nanjing's is outside.
    assert result.households == 7
    assert result.skipped == 1
    assert result.assessed == 5  # H1, H2, H3, H5 (a car: never eligible), H7


def test_a_county_run_sees_its_county_only(tmp_path):
    snapshot = _write(tmp_path)
    county = simulate(
        snapshot,
        month=MONTH,
        city=example_values(),
        scenarios=[Scenario("A", "dibao.standard.rural", "760")],
        prefix="320321",
    )
    # 丰县 only: H3 rural 720 − 700 = 20 → under A 760 − 700 = 60.
    assert county.households == 1
    assert county.total("baseline").monthly == Decimal("20.00")
    assert county.total("A").monthly == Decimal("60.00")


def test_two_workers_give_the_same_figures(tmp_path, result):
    snapshot = _write(tmp_path)
    scenarios = [
        Scenario("A", "dibao.standard.urban", "900"),
        Scenario("B", "dibao.standard.urban", "700"),
    ]
    parallel = simulate(
        snapshot, month=MONTH, city=example_values(), scenarios=scenarios, prefix="3203", workers=2
    )
    assert parallel.totals == result.totals
    assert sorted(parallel.changes, key=str) == sorted(result.changes, key=str)


def test_the_simulation_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, minzheng.assistance.simulation;"
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# id, household, programme, status, ends_on, amount, covered
ENROLLED = [
    (1, 3, "extreme_poverty", "active", None, "1100.00", 1),  # 丰县 rural: 982 + care 118
    (2, 2, "extreme_poverty", "active", None, "1400.00", 1),  # 鼓楼 urban: 1295 + care 105
    (3, 1, "orphan", "active", None, "1680.00", 1),  # institutional standard
    (4, 1, "unsupported_child", "active", None, "2580.00", 2),  # 1290 × 1 × 2
    (5, 7, "extreme_poverty", "ended", "2026-06-01", "1400.00", 1),  # ended: not re-priced
    (6, 99, "extreme_poverty", "active", None, "1400.00", 1),  # Nanjing: outside the run
]


@pytest.fixture(scope="module")
def repriced(tmp_path_factory):
    snapshot = _write(tmp_path_factory.mktemp("enrolled"))
    rows = [
        {
            "enrolment_id": eid,
            "household_id": hid,
            "programme": programme,
            "applicant_person_id": None,
            "area_code": "320102001001"
            if hid == 99
            else dict((h[0], h[1]) for h in HOUSEHOLDS_ROWS)[hid],
            "status": status,
            "starts_on": dt.date(2025, 1, 1),
            "ends_on": dt.date.fromisoformat(ends) if ends else None,
            "monthly_amount": Decimal(amount),
            "covered_members": covered,
            "from_roll": False,
        }
        for eid, hid, programme, status, ends, amount, covered in ENROLLED
    ]
    pq.write_table(pa.Table.from_pylist(rows, ENROLMENTS), snapshot / "enrolments.parquet")
    scenarios = [
        Scenario("A", "dibao.standard.rural", "800"),
        Scenario("B", "orphan.standard.home", "1400"),
    ]
    return simulate(
        snapshot, month=MONTH, city=example_values(), scenarios=scenarios, prefix="3203"
    )


def test_enrolled_people_of_the_undecided_programmes_are_counted_at_their_amounts(repriced):
    def figures(scenario: str, programme: str, county: str = ""):
        t = repriced.total(scenario, county=county, programme=programme)
        return (t.households, t.people, t.monthly)

    assert figures("baseline", "extreme_poverty") == (2, 2, Decimal("2500.00"))
    assert figures("baseline", "orphan") == (1, 1, Decimal("1680.00"))
    assert figures("baseline", "unsupported_child") == (1, 2, Decimal("2580.00"))
    assert repriced.repriced == {"extreme_poverty", "orphan", "unsupported_child"}


def test_a_higher_dibao_standard_lifts_the_extreme_poverty_floor(repriced):
    """丰县 rural 720 → 800: the floor 1.3 × 720 = 936 was under the configured 982; 1.3 ×
    800 = 1040 overtakes it, +58 for the 丰县 person (1158.00). Urban is unchanged
    (1.3 × 780 = 1014 < 1295). Nobody enters or leaves 特困 (D2.9)."""
    a = repriced.total("A", programme="extreme_poverty")
    assert (a.households, a.people, a.monthly) == (2, 2, Decimal("2558.00"))
    assert repriced.total("A", county="320321", programme="extreme_poverty").monthly == Decimal(
        "1158.00"
    )
    assert not [c for c in repriced.changes if c.programme == "extreme_poverty"]


def test_a_higher_home_orphan_standard_reaches_unsupported_children_not_institutional_orphans(
    repriced,
):
    """Home standard 1290 → 1400: an unsupported child gets 1400 × 1 (D3.3), two children
    2800.00; the institutional orphan keeps 1680.00 (D3.2)."""
    assert repriced.total("B", programme="unsupported_child").monthly == Decimal("2800.00")
    assert repriced.total("B", programme="orphan").monthly == Decimal("1680.00")
    assert repriced.total("B", programme="extreme_poverty").monthly == Decimal("2500.00")
