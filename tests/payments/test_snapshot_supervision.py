"""The payments tables the funds-supervision rules (D14) read besides lines and ledger:
the months each line paid (arrears included), stops, recovery orders, institutions and
placements. A small history made by hand, exported and read back with pyarrow; every
expected row is typed here from the rules (D13.1, D13.3, D13.5), not read from the
database."""

from __future__ import annotations

from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from minzheng.core.models import Person
from minzheng.payments.models import PaymentStop, PayrollLine, RecoveryOrder
from minzheng.payments.services.institutions import institution_save, placement_start
from minzheng.payments.snapshot import payments_snapshot
from tests.factories import AREAS
from tests.payments.conftest import DEC, NOV, D, account_for, computed_cycle, enrol, paid_cycle

pytestmark = pytest.mark.django_db
OCT = D(2026, 10, 1)
HOME = "徐州市鼓楼区社会福利中心"
CODE = "12320302MB1234567X"
Y = Decimal


@pytest.fixture
def history(users, pay_settings, areas):
    """特困 (extreme poverty, stop one month after the event): `dies` 1000.00 and
    `placed` 1200.00 from 2025, paid for October and November; `placed` lives in the
    welfare centre from November; the registry learns in December that `dies` died on
    15 October; `late` (800.00 from October) is enrolled after November's payroll ran;
    December is computed."""
    county = users["county"]
    dies = enrol(county, "extreme_poverty", "1000.00", D(2025, 1, 1), size=1)
    placed = enrol(county, "extreme_poverty", "1200.00", D(2025, 1, 1), size=1)
    for e in (dies, placed):
        account_for(county, e.household)
    centre = institution_save(
        actor=county,
        county=areas["county_a"],
        name=HOME,
        credit_code=CODE,
        bank="中国工商银行徐州鼓楼支行",
        account_number="1106020309000123456",
        holder_name=HOME,
    )
    placement = placement_start(
        actor=county, person=placed.household.head, institution=centre, starts_on=NOV
    )
    paid_cycle(users, OCT, "extreme_poverty")
    paid_cycle(users, NOV, "extreme_poverty")
    late = enrol(county, "extreme_poverty", "800.00", OCT, size=1)
    account_for(county, late.household)
    Person.objects.filter(pk=dies.household.head_id).update(
        life_status="deceased", death_date=D(2026, 10, 15)
    )
    december = computed_cycle(county, DEC, "extreme_poverty")
    return {
        "dies": dies,
        "placed": placed,
        "late": late,
        "centre": centre,
        "placement": placement,
        "december": december,
    }


def _rows(path, name):
    return pq.read_table(path / f"{name}.parquet").to_pylist()


def test_covered_months_name_each_month_paid_with_its_amount(history, tmp_path):
    payments_snapshot(tmp_path, D(2026, 12, 20))
    line_month = dict(PayrollLine.objects.values_list("id", "month"))
    dies, placed, late = (history[k].household.head_id for k in ("dies", "placed", "late"))
    found = sorted(
        (r["person_id"], r["programme"], r["month"], r["amount"], r["arrears"], line_month[x])
        for r in _rows(tmp_path, "covered_months")
        for x in [r["line_id"]]
    )
    ep = "extreme_poverty"
    assert found == sorted(
        [
            # October and November paid; December none (stopped from November).
            (dies, ep, OCT, Y("1000.00"), False, OCT),
            (dies, ep, NOV, Y("1000.00"), False, NOV),
            # Paid every month; from November to the centre, the month still the person's.
            (placed, ep, OCT, Y("1200.00"), False, OCT),
            (placed, ep, NOV, Y("1200.00"), False, NOV),
            (placed, ep, DEC, Y("1200.00"), False, DEC),
            # Approved late: December's line pays October and November as arrears
            # (both months the county's payroll ran without them), 800.00 each.
            (late, ep, OCT, Y("800.00"), True, DEC),
            (late, ep, NOV, Y("800.00"), True, DEC),
            (late, ep, DEC, Y("800.00"), False, DEC),
        ]
    )


def test_stops_and_recovery_orders_as_recorded(history, tmp_path):
    payments_snapshot(tmp_path, D(2026, 12, 20))
    dies = history["dies"]
    person = dies.household.head_id
    stop_id = PaymentStop.objects.get().pk
    (stop,) = _rows(tmp_path, "payment_stops")
    assert stop["recorded_at"].tzinfo is not None
    del stop["recorded_at"]
    # Died 15 October; stopped from the next month (setting 1): November.
    assert stop == {
        "stop_id": stop_id,
        "enrolment_id": dies.pk,
        "person_id": person,
        "programme": "extreme_poverty",
        "cause": "death",
        "event_on": D(2026, 10, 15),
        "from_month": NOV,
        "rule": "D13.5",
        "reason": "收款人2026年10月15日死亡",
    }
    (order,) = _rows(tmp_path, "recovery_orders")
    assert order["created_at"].tzinfo is not None
    del order["created_at"]
    # November's 1000.00 was paid after the stop: recovered whole, nothing back yet.
    assert order == {
        "recovery_id": RecoveryOrder.objects.get().pk,
        "person_id": person,
        "programme": "extreme_poverty",
        "county_code": AREAS["county_a"],
        "amount": Y("1000.00"),
        "months": ["2026-11"],
        "reason": "死亡后已发放（2026年11月起停发）：收款人2026年10月15日死亡",
        "rule": "D13.5",
        "instalment": Y("1000.00"),
        "recovered": Y("0.00"),
        "status": "open",
        "written_off_reason": "",
        "written_off_at": None,
        "stop_id": stop_id,
        "breach_id": None,
    }


def test_institutions_and_placements_as_recorded(history, tmp_path):
    payments_snapshot(tmp_path, D(2026, 12, 20))
    centre, placement = history["centre"], history["placement"]
    assert _rows(tmp_path, "institutions") == [
        {
            "institution_id": centre.pk,
            "name": HOME,
            "credit_code": CODE,
            "county_code": AREAS["county_a"],
            "bank": "中国工商银行徐州鼓楼支行",
            "account_number": "1106020309000123456",
            "holder_name": HOME,
        }
    ]
    assert _rows(tmp_path, "placements") == [
        {
            "placement_id": placement.pk,
            "person_id": history["placed"].household.head_id,
            "institution_id": centre.pk,
            "starts_on": NOV,
            "ends_on": None,
        }
    ]
    # The November and December lines of the placed person name the centre.
    lines = _rows(tmp_path, "payroll_lines")
    placed = history["placed"].household.head_id
    assert sorted(
        (r["month"], r["institution_id"]) for r in lines if r["person_id"] == placed
    ) == [(OCT, None), (NOV, centre.pk), (DEC, centre.pk)]
