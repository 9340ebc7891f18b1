"""Payments fixtures: the settings the payroll reads (written here, so every expected
amount follows from rows the test itself wrote) and enrolments built directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.core.models import Area, ConfigValue, Household, User
from minzheng.payments.models import PayrollCycle
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import payroll_compute, payroll_cycle_open
from tests.factories import AREAS, make_household

D = dt.date
DEC = D(2026, 12, 1)
NOV = D(2026, 11, 1)


@pytest.fixture
def pay_settings(areas):
    for key, value in {
        "payments.arrears.max_months": "12",
        "payments.reissue.working_days": "3",
        "payments.recovery.max_deduction_share": "0.5",
    }.items():
        ConfigValue.objects.create(
            key=key, value=value, effective_from=D(2020, 1, 1), basis="测试"
        )


def enrol(
    user: User,
    programme: str,
    amount: str,
    starts: dt.date,
    *,
    area: str = AREAS["community_a1"],
    ends: dt.date | None = None,
    changes: tuple[tuple[str, dt.date, str], ...] = (),
    size: int = 2,
) -> Enrolment:
    household = make_household(area, size=size)
    app = Application.objects.create(
        number=f"SA-P-{household.pk}",
        programme=programme,
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=starts,
        area_id=area,
        created_by=user,
    )
    enrolment = Enrolment.objects.create(
        household=household,
        programme=programme,
        application=app,
        starts_on=starts,
        ends_on=ends,
        monthly_amount=Decimal(amount),
        covered_members=size,
        next_review_on=D(2027, 6, 1),
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind="start",
        effective_on=starts,
        amount_after=Decimal(amount),
        decided_by=user,
    )
    for kind, on, after in changes:
        EnrolmentChange.objects.create(
            enrolment=enrolment,
            kind=kind,
            effective_on=on,
            amount_after=Decimal(after),
            decided_by=user,
        )
    return enrolment


def account_for(user: User, household: Household, *, holder: str | None = None) -> None:
    assert household.head is not None
    payee_account_save(
        actor=user,
        person=household.head,
        bank="中国农业银行徐州分行",
        account_number=f"62284800{household.head.pk:010d}",
        holder_name=holder if holder is not None else household.head.name,
        social_security_card=True,
        verified_on=D(2026, 1, 5),
    )


def computed_cycle(
    user: User, month: dt.date, programme: str = "dibao", county: Area | None = None
) -> PayrollCycle:
    cycle = payroll_cycle_open(
        actor=user,
        programme=programme,
        county=county or Area.objects.get(code=AREAS["county_a"]),
        month=month,
    )
    return payroll_compute(actor=user, cycle=cycle)
