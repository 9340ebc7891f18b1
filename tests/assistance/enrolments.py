"""Enrolments built directly (no case run through the workflow), for tests of what
reads them: the money view and the payroll. Amounts are strings written by the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.core.models import User
from tests.factories import AREAS, make_household


def make_case(
    area: str,
    programme: str,
    applied: dt.date,
    *,
    size: int = 2,
    user: User | None = None,
    **fields: object,
) -> Application:
    """An application of a new household of `size` (head and children born 2010), with
    any further fields (a decision date, a total time limit), recorded by `user` (else a
    clerk)."""
    household = make_household(area, size=size)
    if user is None:
        user = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    assert household.head is not None
    return Application.objects.create(
        number=f"SA-{household.pk}",
        programme=programme,
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=applied,
        area_id=area,
        created_by=user,
        **fields,
    )


def make_enrolment(
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
    """A household of `size` enrolled from `starts` at `amount` a month, then each
    (kind, effective date, amount after) change in turn; the enrolment's monthly
    amount is the last one."""
    app = make_case(area, programme, starts, size=size, user=user)
    household = app.household
    amounts = [amount, *(after for _, _, after in changes)]
    enrolment = Enrolment.objects.create(
        household=household,
        programme=programme,
        application=app,
        starts_on=starts,
        ends_on=ends,
        monthly_amount=Decimal(amounts[-1]),
        covered_members=size,
        next_review_on=dt.date(2027, 6, 1),
    )
    EnrolmentChange.objects.create(
        enrolment=enrolment,
        kind="start",
        effective_on=starts,
        amount_after=Decimal(amount),
        decided_by=user,
    )
    for before, (kind, on, after) in zip(amounts, changes, strict=False):
        EnrolmentChange.objects.create(
            enrolment=enrolment,
            kind=kind,
            effective_on=on,
            amount_before=Decimal(before),
            amount_after=Decimal(after),
            decided_by=user,
        )
    return enrolment
