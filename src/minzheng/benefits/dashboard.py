"""The benefits on the leaders' dashboard (issue 19 item 5; docs/dashboards.md): the
recipients in force and the amounts the payroll computed for them, by area and month,
as monthly series (`core.extensions.register_dashboard_series`), and a panel of this
month's figures for the viewer's area. No personal data: counts and sums only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from minzheng.assistance.models import Enrolment
from minzheng.assistance.models.applications import Track
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.benefits.models import BenefitReview, CareServiceApplication, SubsidyApplication
from minzheng.core.extensions import DashboardSeries, Figure, SeriesRows
from minzheng.core.figures import grouped_by_month, in_force_by_month, months_between
from minzheng.core.models import User
from minzheng.payments.models import PayrollLine

GROUP = "残疾人与老年人补贴"
PROGRAMMES = (
    Programme.DISABILITY_LIVING_SUBSIDY,
    Programme.DISABILITY_CARE_SUBSIDY,
    Programme.OLD_AGE_ALLOWANCE,
    Programme.ELDERLY_CARE_SERVICE_SUBSIDY,
)
CODES = tuple(p.value for p in PROGRAMMES)


def _recipients(first: dt.date, last: dt.date) -> SeriesRows:
    """Benefit enrolments in force in each month (a suspension sets `ends_on`, so a
    suspended allowance is not counted while suspended), by programme."""
    return in_force_by_month(
        Enrolment.objects.filter(application__track=Track.BENEFIT),
        months=months_between(first, last),
        area="household__area_id",
        starts="starts_on",
        ends="ends_on",
        value=Count("id"),
        category="programme",
    )


def _payable(first: dt.date, last: dt.date) -> SeriesRows:
    """What the payroll computed for the benefits (base, arrears and deductions: the
    line's total), by the month paid for and the recipient's household's place."""
    rows = PayrollLine.objects.filter(programme__in=CODES, month__gte=first, month__lte=last)
    return grouped_by_month(
        rows, area="household__area_id", month="month", value=Sum("total"), category="programme"
    )


SERIES = (
    DashboardSeries(
        "benefits.recipients",
        "补贴发放对象",
        "人",
        _recipients,
        group=GROUP,
        stock=True,
        categories="programme",
    ),
    DashboardSeries(
        "benefits.payable",
        "补贴应发金额",
        "元",
        _payable,
        group="补贴发放金额",
        categories="programme",
    ),
)


def benefits_panel(user: User, today: dt.date | None = None) -> tuple[str, list[Figure]]:
    """This month in the viewer's area: recipients per benefit, the month's computed
    amount, open applications and reviews awaiting the county."""
    prefix, today = user.scope_prefix, today or timezone.localdate()
    month = today.replace(day=1)
    in_force = (
        Enrolment.objects.within_prefix(prefix)
        .filter(application__track=Track.BENEFIT, starts_on__lte=month)
        .exclude(ends_on__lte=month)
    )
    counts = dict(in_force.values_list("programme").annotate(n=Count("id")).order_by())
    figures = [Figure(f"{p.label}（人）", str(counts.get(p.value, 0))) for p in PROGRAMMES]
    payable = PayrollLine.objects.filter(
        programme__in=CODES, month=month, household__area__code__startswith=prefix
    ).aggregate(s=Sum("total"))["s"] or Decimal("0")
    open_cases = (
        SubsidyApplication.objects.within_prefix(prefix)
        .exclude(status__in=("approved", "refused", "withdrawn"))
        .count()
        + CareServiceApplication.objects.within_prefix(prefix)
        .filter(status__in=("received", "checked"))
        .count()
    )
    reviews = BenefitReview.objects.within_prefix(prefix).filter(status="proposed").count()
    return GROUP, [
        *figures,
        Figure(f"{today.month}月应发金额（元）", f"{payable:,.2f}"),
        Figure("在办补贴申请", str(open_cases)),
        Figure("待审批补贴复核", str(reviews)),
    ]
