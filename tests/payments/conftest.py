"""Payments fixtures: the settings the payroll reads (written here, so every expected
amount follows from rows the test itself wrote) and enrolments built directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import Area, ConfigValue, Household, HouseholdMembership, User
from minzheng.core.workflow.engine import transition
from minzheng.payments.models import CoveredMonth, PayrollCycle, PayrollLine
from minzheng.payments.returns import return_file_apply
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import payroll_compute, payroll_cycle_open, payroll_send
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS

D = dt.date
DEC = D(2026, 12, 1)
NOV = D(2026, 11, 1)


@pytest.fixture
def pay_settings(areas):
    for key, value in {
        "payments.arrears.max_months": "12",
        "payments.reissue.working_days": "3",
        "payments.recovery.max_deduction_share": "0.5",
        "payments.stop.months_after": "dibao:1,extreme_poverty:1,orphan:0,temporary:1",
    }.items():
        ConfigValue.objects.create(
            key=key, value=value, effective_from=D(2020, 1, 1), basis="测试"
        )


enrol = make_enrolment


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fix_account(user: User, person, holder: str | None = None) -> None:
    """The payee's card changed to 6217001234567890 at 中国建设银行 (in `holder`'s name)."""
    payee_account_save(
        actor=user,
        person=person,
        bank="中国建设银行",
        account_number="6217001234567890",
        holder_name=holder or person.name,
    )  # the payroll pays what these enrolments say


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


def approve_and_send(users, cycle: PayrollCycle, today: dt.date | None = None) -> PayrollCycle:
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    return payroll_send(actor=users["county"], cycle=cycle, today=today)


def answer(
    users, cycle: PayrollCycle, failing: Collection[str] = (), today: dt.date | None = None
) -> None:
    """The bank's return file typed line by line: paid, but the payees named in
    `failing` (account closed)."""
    lines = list(PayrollLine.objects.filter(cycle=cycle, status="sent").order_by("id"))
    total = sum((ln.total for ln in lines), Decimal("0.00"))
    rows = [f"20261210|鼓楼区民政局|{len(lines)}|{total:.2f}"] + [
        f"{ln.reference}|{ln.payee_name}|{ln.total:.2f}|{ln.account_number}|"
        + ("1|账户已销户" if ln.payee_name in failing else "0|")
        for ln in lines
    ]
    return_file_apply(
        actor=users["county"],
        cycle=cycle,
        data="\r\n".join(rows).encode("utf-8"),
        layout_code="pipe_batch",
        encoding="UTF-8",
        today=today,
    )


def paid_cycle(users, month: dt.date, programme: str = "dibao") -> PayrollCycle:
    """A month's cycle computed, approved, sent and every line paid."""
    cycle = approve_and_send(users, computed_cycle(users["county"], month, programme))
    answer(users, cycle)
    return cycle


@pytest.fixture
def sent(users, pay_settings) -> PayrollCycle:
    """Two households, 500.00 and 700.00, sent to the bank (bank and return files)."""
    for amount in ("500.00", "700.00"):
        e = enrol(users["county"], "dibao", amount, D(2025, 1, 1))
        account_for(users["county"], e.household)
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    return payroll_send(actor=users["county"], cycle=cycle)


def sent_lines(cycle: PayrollCycle) -> list[PayrollLine]:
    return list(PayrollLine.objects.filter(cycle=cycle).order_by("id"))


def claim_again_for_other_member(claim: CoveredMonth) -> CoveredMonth:
    """`claim`'s household month claimed a second time, for the household's other member
    (what a new head's arrears did before the household claim, D13.1)."""
    other = HouseholdMembership.objects.exclude(person_id=claim.beneficiary_id).get(
        household_id=claim.household_id
    )
    return CoveredMonth.objects.create(
        line_id=claim.line_id,
        beneficiary_id=other.person_id,
        household_id=claim.household_id,
        household_claim=True,
        programme=claim.programme,
        month=claim.month,
    )
