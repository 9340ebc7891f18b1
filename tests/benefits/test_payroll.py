"""Benefits paid through the payments module's monthly cycles (D13.3): a decided
disability subsidy is a line paid to the beneficiary from the month of application
(D4.5); the living subsidy follows the dibao standard in force each month (D4.3, D1.18);
an old-age allowance suspended for a missed proof of life pays the suspended months
once a late proof comes (D7.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.assistance.models import EnrolmentChange
from minzheng.benefits.services.old_age import (
    life_check_record,
    life_checks_sweep,
    old_age_confirm,
    old_age_propose,
)
from minzheng.core.models import Area
from minzheng.payments.models import PayrollLine
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import payroll_compute, payroll_cycle_open
from tests.benefits.conftest import set_value
from tests.benefits.helpers import act, receive, to_reviewed
from tests.benefits.test_old_age import elder
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date


def _card(user, person) -> None:
    payee_account_save(
        actor=user,
        person=person,
        bank="中国农业银行徐州分行",
        account_number=f"62284800{person.pk:010d}",
        holder_name=person.name,
    )


def _lines(user, programme: str, month: dt.date) -> list[PayrollLine]:
    county = Area.objects.get(code=AREAS["county_a"])
    cycle = payroll_cycle_open(actor=user, programme=programme, county=county, month=month)
    payroll_compute(actor=user, cycle=cycle)
    return list(PayrollLine.objects.filter(cycle=cycle).order_by("id"))


def test_a_decided_subsidy_is_paid_to_the_beneficiary_and_follows_the_standard(
    family, users, reviewer
) -> None:
    app = act(
        to_reviewed(receive(users["caseworker"], family), users, reviewer),
        "decide",
        users["county"],
    )
    _card(users["county"], family.head)
    [line] = _lines(users["county"], "disability_living_subsidy", D(2026, 3, 1))
    assert (line.beneficiary, line.total, line.status) == (
        family.head,
        Decimal("234.00"),
        "pending",
    )
    [care] = _lines(users["county"], "disability_care_subsidy", D(2026, 3, 1))
    assert care.total == Decimal("130.00")
    set_value("dibao.standard.urban", "820", D(2026, 4, 1))  # a rise from April
    [april] = _lines(users["county"], "disability_living_subsidy", D(2026, 4, 1))
    assert april.base == Decimal("246.00")  # 820 × 30 %
    change = EnrolmentChange.objects.get(enrolment__household=family, kind="adjust")
    assert (change.effective_on, change.amount_after) == (D(2026, 4, 1), Decimal("246.00"))
    assert app.living_amount == Decimal("234.00")  # the decision itself is history


def test_a_late_proof_of_life_pays_the_suspended_months(benefit_settings, users) -> None:
    person = elder(D(1945, 12, 20))  # 80 in December 2025: paid from January 2026
    _card(users["county"], person)
    [proposal] = old_age_propose(actor=users["county"], month=D(2026, 1, 1))
    old_age_confirm(actor=users["county"], proposal=proposal, today=D(2025, 1, 15))
    assert [ln.total for ln in _lines(users["county"], "old_age_allowance", D(2026, 1, 1))] == [
        Decimal("50.00")
    ]
    [suspension] = life_checks_sweep(actor=users["county"], prefix="3203", today=D(2026, 1, 20))
    assert suspension.from_month == D(2026, 2, 1)  # due 2026-01-15, missed
    assert _lines(users["county"], "old_age_allowance", D(2026, 2, 1)) == []
    life_check_record(
        actor=users["county"],
        enrolment=suspension.enrolment,
        checked_on=D(2026, 3, 3),
        method="视频",
    )
    [march] = _lines(users["county"], "old_age_allowance", D(2026, 3, 1))
    assert (march.base, march.arrears, march.arrears_months) == (
        Decimal("50.00"),
        Decimal("50.00"),
        ["2026-02"],
    )
