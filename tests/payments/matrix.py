"""The payroll objects of each place of the scope matrix (rows: matrix_routes.py).

A cycle is its county's (`scope="county"`: seen by those who reach the whole county,
tests/core/test_scope_matrix.py SEES_COUNTY); a line lies in its household's community
(`scope="place"`). Each place gets its own cycle: the places of one county use months of
their own, since a county has one regular cycle per programme and month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.models import Application, Enrolment
from minzheng.core.models import User
from minzheng.payments.models import (
    Institution,
    PayrollCycle,
    PayrollLine,
    Placement,
    RecoveryOrder,
)
from tests.factories import make_household


@dataclass
class PaymentsPlace:
    cycle: PayrollCycle
    line: PayrollLine
    recovery: RecoveryOrder  # the county's, about the household's head
    institution: Institution  # an institution of the place's county (集中供养)
    placement: Placement  # the household's head living there since January


def _month_of(area_code: str) -> dt.date:
    """A month per community within a county: its township and community digits."""
    return dt.date(2026, int(area_code[-1]) + 3 * (int(area_code[8]) - 1), 1)


def payments_place(area_code: str) -> PaymentsPlace:
    """An orphan allowance of 613.00, so that the money view's dibao cells (the
    assistance rows check 500.00 there) and their temporary-assistance applications are
    not changed by it."""
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    household = make_household(area_code, size=1)
    assert household.head is not None
    app = Application.objects.create(
        number=f"SA-PAY-{area_code}",
        programme="orphan",
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=dt.date(2025, 1, 2),
        area_id=area_code,
        created_by=clerk,
    )
    enrolment = Enrolment.objects.create(
        household=household,
        programme="orphan",
        application=app,
        starts_on=dt.date(2025, 2, 1),
        monthly_amount=Decimal("613.00"),
        covered_members=1,
        next_review_on=dt.date(2027, 2, 1),
    )
    month = _month_of(area_code)
    cycle = PayrollCycle.objects.create(
        programme="orphan", area_id=area_code[:6], month=month, created_by=clerk
    )
    PayrollCycle.objects.filter(pk=cycle.pk).update(status="computed", line_count=1)
    line = PayrollLine.objects.create(
        cycle=cycle,
        reference=f"M{area_code}",
        beneficiary=household.head,
        household=household,
        enrolment=enrolment,
        programme="orphan",
        month=month,
        payee_name=household.head.name,
        payee_id_number=household.head.id_number,
        bank="测试银行",
        account_number="6228480000000001",
        holder_name=household.head.name,
        base=Decimal("613.00"),
        total=Decimal("613.00"),
        basis={"base": "D1.14"},
    )
    recovery = RecoveryOrder.objects.create(
        beneficiary=household.head,
        programme="orphan",
        area_id=area_code[:6],
        amount=Decimal("613.00"),
        months=[f"{month:%Y-%m}"],
        reason="测试",
        rule="D13.5",
        instalment=Decimal("613.00"),
        created_by=clerk,
    )
    institution = Institution.objects.create(
        name=f"测试供养中心{area_code}",
        credit_code=f"12{area_code}MB0X",
        area_id=area_code[:6],
        bank="测试银行",
        account_number="1106020309000123456",
        holder_name=f"测试供养中心{area_code}",
    )
    placement = Placement.objects.create(
        person=household.head,
        institution=institution,
        starts_on=dt.date(2026, 1, 1),
        created_by=clerk,
    )
    return PaymentsPlace(
        PayrollCycle.objects.get(pk=cycle.pk), line, recovery, institution, placement
    )
