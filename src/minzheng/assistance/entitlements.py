"""Who is entitled to how much in a month: the enrolments in force in a month and the
amount each pays in it (D1.8, D1.16, D1.17). One answer, read by the leader's money
view and by the payroll (payments), so the two can never disagree.

The amount of an enrolment in a month is the one its latest change effective by that
month set (reviews adjust it, D1.16; a gradual exit sets the exit amount, D1.17)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, Q

from minzheng.assistance.models import Enrolment, EnrolmentChange
from minzheng.assistance.models.enrolment import ChangeKind, EnrolmentQuerySet


def in_force_query(prefix: str, month: dt.date) -> EnrolmentQuerySet:
    """Enrolments of households under `prefix` in force in `month` (first of the month),
    with their amount-setting changes prefetched oldest first: two queries in all."""
    changes = EnrolmentChange.objects.filter(amount_after__isnull=False).order_by(
        "effective_on", "id"
    )
    return (
        Enrolment.objects.within_prefix(prefix)
        .filter(starts_on__lte=month)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=month))
        .prefetch_related(Prefetch("changes", queryset=changes))
    )


def in_force(prefix: str, month: dt.date) -> list[Enrolment]:
    return list(in_force_query(prefix, month).select_related("household"))


def change_in_force(enrolment: Enrolment, month: dt.date) -> EnrolmentChange | None:
    """The latest amount-setting change effective by `month` (changes prefetched)."""
    found = None
    for change in enrolment.changes.all():  # oldest first
        if change.effective_on <= month and change.amount_after is not None:
            found = change
    return found


def amount_in(enrolment: Enrolment, month: dt.date) -> Decimal:
    change = change_in_force(enrolment, month)
    if change is None or change.amount_after is None:
        return enrolment.monthly_amount
    return change.amount_after


def in_gradual_exit(enrolment: Enrolment, month: dt.date) -> bool:
    """True when the amount of `month` was set by entering the gradual exit (D1.17)."""
    change = change_in_force(enrolment, month)
    return change is not None and change.kind == ChangeKind.GRADUAL_EXIT


def in_force_on(enrolment: Enrolment, month: dt.date) -> bool:
    return enrolment.starts_on <= month and (
        enrolment.ends_on is None or enrolment.ends_on > month
    )
