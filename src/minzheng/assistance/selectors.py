"""Scoped reads for assistance: cases, work queues with deadline status, figures."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from minzheng.assistance.models import Application, Breach, Enrolment, Grant, Track
from minzheng.assistance.models.applications import ApplicationQuerySet
from minzheng.assistance.models.enrolment import EnrolmentQuerySet
from minzheng.assistance.workflows import FAST, REGULAR
from minzheng.core import workdays
from minzheng.core.audit import audit_read
from minzheng.core.config import config_int
from minzheng.core.models import User
from minzheng.core.roles import Capability


def applications_visible(user: User) -> ApplicationQuerySet:
    return Application.objects.visible_to(user).select_related("household", "applicant", "area")


def application_for_reading(user: User, pk: int, *, log: bool = True) -> Application:
    found = applications_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该案件，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=found, summary=f"查看救助案件 {found.number}")
    return found


@dataclass(frozen=True)
class QueueItem:
    application: Application
    deadline: dt.date | None
    status: workdays.DeadlineStatus | None
    actions: list[str]


def work_queue(user: User, today: dt.date) -> list[QueueItem]:
    """Open cases on which the user's role can act now, with deadline status (D1.8, D1.9).

    The deadline shown is the nearer of the step deadline and the case's total limit.
    """
    calendar = workdays.get_calendar()
    due_soon = config_int("assistance.due_soon_working_days", on=today, area=user.area)
    items = []
    for app in applications_visible(user).open().order_by("deadline", "total_deadline", "id"):
        workflow = FAST if app.track == Track.FAST else REGULAR
        actions = [t.label for t in workflow.available(app.status) if user.role in t.roles]
        if not actions:
            continue
        limits = [d for d in (app.deadline, app.total_deadline) if d is not None]
        deadline = min(limits) if limits else None
        status = (
            workdays.deadline_status(calendar, deadline, today, due_soon) if deadline else None
        )
        items.append(QueueItem(app, deadline, status, actions))
    return items


@dataclass(frozen=True)
class FastTrackFigures:
    """What the bureau reports about credit + assistance (D6)."""

    person_times: int
    amount: Decimal
    median_days_to_grant: float | None
    confirmed_share: float | None
    breaches_by_grade: dict[str, int]


def fast_track_figures(user: User, year: int) -> FastTrackFigures:
    if not user.can(Capability.VIEW_DASHBOARD):
        return FastTrackFigures(0, Decimal(0), None, None, {})
    grants = Grant.objects.filter(
        application__area__code__startswith=user.scope_prefix, granted_on__year=year
    ).select_related("application")
    days = [(g.granted_on - g.application.applied_on).days for g in grants]
    verified = Application.objects.filter(
        pk__in=grants.values("application"), status__in=["confirmed", "breach"]
    )
    confirmed = verified.filter(status="confirmed").count()
    breaches = Breach.objects.filter(grant__in=grants).values("grade").annotate(n=Count("id"))
    return FastTrackFigures(
        person_times=len(days),
        amount=grants.aggregate(s=Sum("amount"))["s"] or Decimal(0),
        median_days_to_grant=statistics.median(days) if days else None,
        confirmed_share=confirmed / verified.count() if verified.exists() else None,
        breaches_by_grade={row["grade"]: row["n"] for row in breaches},
    )


def enrolments_visible(user: User) -> EnrolmentQuerySet:
    return Enrolment.objects.visible_to(user).select_related("household", "application")
