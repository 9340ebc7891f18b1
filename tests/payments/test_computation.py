"""Computing a county's monthly payroll (D13.3, D1.14, D1.17, D13.2, D13.5). Every
expected amount is worked out by hand from the enrolments and settings written here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import transition
from minzheng.payments.models import CoveredMonth, PayrollLine, RecoveryOrder
from minzheng.payments.recoveries import recovery_open
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import payroll_compute
from tests.factories import AREAS
from tests.payments.conftest import DEC, NOV, D, account_for, computed_cycle, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_a(users, pay_settings):
    """Five dibao households in 鼓楼区, one in 云龙区, one ended; see each comment."""
    cw = users["county"]
    e = {
        # 760.00 from Jun 2025, reviewed down to 500.00 from Sep 2026 (D1.16).
        "adjusted": enrol(
            cw, "dibao", "760.00", D(2025, 6, 1), changes=(("adjust", D(2026, 9, 1), "500.00"),)
        ),
        # Income rose above the standard: 300.00 a month in the gradual exit from Nov (D1.17).
        "exiting": enrol(
            cw, "dibao", "640.00", D(2024, 1, 1), changes=(("gradual_exit", NOV, "300.00"),)
        ),
        # Owes 1000.00, instalment 200.00; half of 300.00 caps the deduction at 150.00.
        "owing": enrol(cw, "dibao", "300.00", D(2025, 1, 1), area=AREAS["community_a3"]),
        # Ended from 1 Dec: not in force in December.
        "ended": enrol(cw, "dibao", "450.00", D(2025, 1, 1), ends=DEC),
        # Another county: never in 鼓楼区's payroll.
        "elsewhere": enrol(cw, "dibao", "900.00", D(2025, 1, 1), area=AREAS["community_b1"]),
        # The card is held in someone else's name (代持, D13.2): held.
        "other_card": enrol(cw, "dibao", "420.00", D(2025, 1, 1)),
    }
    for key, enrolment in e.items():
        account_for(
            users["city"], enrolment.household, holder="王某某" if key == "other_card" else None
        )
    recovery_open(
        actor=cw,
        beneficiary=e["owing"].household.head,
        programme="dibao",
        area=e["owing"].household.area.parent.parent,  # 鼓楼区
        amount=Decimal("1000.00"),
        months=[D(2026, 3, 1), D(2026, 4, 1)],
        reason="隐瞒收入骗取低保（测试）",
        rule="D13.5",
        instalment=Decimal("200.00"),
    )
    return e


def _lines(cycle):
    return {ln.enrolment_id: ln for ln in PayrollLine.objects.filter(cycle=cycle)}


def test_each_line_has_its_parts_and_the_rule_of_each(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    lines = _lines(cycle)
    assert set(lines) == {county_a[k].pk for k in ("adjusted", "exiting", "owing", "other_card")}
    adjusted = lines[county_a["adjusted"].pk]
    assert (adjusted.base, adjusted.gradual_exit, adjusted.total) == (
        Decimal("500.00"),
        Decimal("0.00"),
        Decimal("500.00"),
    )
    assert adjusted.basis == {"base": "D1.14"}
    exiting = lines[county_a["exiting"].pk]
    assert (exiting.base, exiting.gradual_exit, exiting.total) == (
        Decimal("0.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    )
    assert exiting.basis == {"gradual_exit": "D1.17"}
    owing = lines[county_a["owing"].pk]
    # min(instalment 200.00, owed 1000.00, 300.00 × 0.5 = 150.00) = 150.00; 300 − 150 = 150.
    assert (owing.deductions, owing.total) == (Decimal("150.00"), Decimal("150.00"))
    assert owing.basis["deductions"] == "D13.5"


def test_household_benefits_go_to_the_head_and_a_card_in_another_name_is_held(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    lines = _lines(cycle)
    adjusted = lines[county_a["adjusted"].pk]
    assert adjusted.beneficiary_id == county_a["adjusted"].household.head_id
    assert adjusted.status == "pending"
    held = lines[county_a["other_card"].pk]
    assert held.status == "held" and "代持" in held.held_reason
    # Payable total excludes the held line: 500 + 300 + 150 = 950.00.
    assert (cycle.line_count, cycle.held_count, cycle.total) == (4, 1, Decimal("950.00"))


def test_a_late_approval_is_paid_arrears_for_the_months_the_county_already_ran(users, county_a):
    computed_cycle(users["county"], NOV)
    late = enrol(users["county"], "dibao", "600.00", D(2026, 10, 1))
    account_for(users["county"], late.household)
    line = _lines(computed_cycle(users["county"], DEC))[late.pk]
    # October had no payroll on the platform; November ran without this household:
    # arrears 600.00 for November, base 600.00 for December, total 1200.00.
    assert (line.base, line.arrears, line.total) == (
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("1200.00"),
    )
    assert line.arrears_months == ["2026-11"]
    months = set(CoveredMonth.objects.filter(line=line).values_list("month", flat=True))
    assert months == {NOV, DEC}


def test_each_claimed_month_keeps_its_own_amount(users, county_a):
    """The database claims the line's own month, the Python rules its arrears months;
    both write the month's amount, which a later stop recovers (D13.5)."""
    computed_cycle(users["county"], NOV)
    late = enrol(
        users["county"], "dibao", "600.00", D(2026, 10, 1), changes=(("adjust", DEC, "700.00"),)
    )
    account_for(users["county"], late.household)
    line = _lines(computed_cycle(users["county"], DEC))[late.pk]
    # November ran without this household at 600.00; December is 700.00 after review.
    assert (line.base, line.arrears, line.total) == (
        Decimal("700.00"),
        Decimal("600.00"),
        Decimal("1300.00"),
    )
    claimed = dict(CoveredMonth.objects.filter(line=line).values_list("month", "amount"))
    assert claimed == {NOV: Decimal("600.00"), DEC: Decimal("700.00")}


def test_recomputing_takes_a_corrected_account_and_leaves_one_set_of_lines(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    household = county_a["other_card"].household
    account_for(users["county"], household)  # the card now in the head's own name
    payroll_compute(actor=users["county"], cycle=cycle)
    assert PayrollLine.objects.filter(cycle=cycle).count() == 4
    assert _lines(cycle)[county_a["other_card"].pk].status == "pending"
    assert cycle.total == Decimal("1370.00")  # 500 + 300 + 150 + 420


def test_an_approved_cycle_cannot_be_recomputed_and_keeps_its_frozen_account(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    head = county_a["adjusted"].household.head
    payee_account_save(
        actor=users["county"],
        person=head,
        bank="中国银行",
        account_number="6217000011112222",
        holder_name=head.name,
    )
    with pytest.raises(WorkflowError, match="当前状态“已审批”不能执行“计算发放名册”"):
        payroll_compute(actor=users["county"], cycle=cycle)
    line = _lines(cycle)[county_a["adjusted"].pk]
    assert line.account_number == f"62284800{head.pk:010d}"
    assert PayrollLine.objects.filter(cycle=cycle).count() == 4


def test_the_submitter_cannot_approve_and_township_staff_cannot_compute(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    with pytest.raises(WorkflowError, match="报批人不能审批"):
        transition(cycle, "approve", users["county"])
    with pytest.raises(ActionNotPermitted):
        transition(cycle, "send_back", users["township"], note="重算")
    transition(cycle, "approve", users["county_2"])
    assert cycle.status == "approved"


def test_computing_is_audited(users, county_a):
    cycle = computed_cycle(users["county"], DEC)
    summaries = list(
        AuditEntry.objects.filter(
            object_id=str(cycle.pk), object_type__contains="payrollcycle"
        ).values_list("summary", flat=True)
    )
    assert "计算发放名册：4笔，应发950.00元，暂停1笔" in summaries


def test_the_recovery_order_is_untouched_until_the_line_is_paid(users, county_a):
    computed_cycle(users["county"], DEC)
    order = RecoveryOrder.objects.get()
    assert order.recovered == Decimal("0.00") and order.status == "open"
