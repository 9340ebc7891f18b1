"""The benefits on the leaders' dashboard (issue 19 item 5; docs/dashboards.md): the
recipients in force and the amounts the payroll computed for them, by area and month,
as monthly series (`core.extensions.register_dashboard_series`), and a panel of this
month's figures for the viewer's area. No personal data: counts and sums only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum

from minzheng.assistance.models import Enrolment
from minzheng.assistance.models.applications import Track
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.benefits.models import BenefitReview, CareServiceApplication, SubsidyApplication
from minzheng.core.extensions import (
    DashboardPanel,
    DashboardSeries,
    Figure,
    PanelRows,
    PanelValues,
    SeriesRows,
)
from minzheng.core.figures import grouped_by_month, in_force_by_month, months_between
from minzheng.core.panel_figures import by_area
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


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """This month: benefit recipients in force per programme, the month's computed
    amount (where the household lives), open applications and reviews awaiting the
    county, per area."""
    month = today.replace(day=1)
    in_force = Enrolment.objects.filter(
        application__track=Track.BENEFIT, starts_on__lte=month
    ).exclude(ends_on__lte=month)
    yield from by_area(
        in_force, key="benefits", area="household__area_id", category="programme", n=Count("id")
    )
    lines = PayrollLine.objects.filter(programme__in=CODES, month=month)
    yield from by_area(lines, key="benefits", area="household__area_id", payable=Sum("total"))
    subsidies = SubsidyApplication.objects.exclude(status__in=("approved", "refused", "withdrawn"))
    care = CareServiceApplication.objects.filter(status__in=("received", "checked"))
    yield from by_area(subsidies, key="benefits", open=Count("id"))
    yield from by_area(care, key="benefits", open=Count("id"))
    reviews = BenefitReview.objects.filter(status="proposed")
    yield from by_area(reviews, key="benefits", reviews=Count("id"))


def _show(v: PanelValues) -> list[Figure]:
    return [
        *(Figure(f"{p.label}（人）", v.count(f"benefits.n.{p.value}")) for p in PROGRAMMES),
        Figure(f"{v.as_of.month}月应发金额（元）", f"{v['benefits.payable']:,.2f}"),
        Figure("在办补贴申请", v.count("benefits.open")),
        Figure("待审批补贴复核", v.count("benefits.reviews")),
    ]


# This month in the viewer's area, from the rows refreshed nightly (docs/dashboards.md).
PANEL = DashboardPanel("benefits", GROUP, _panel_numbers, _show)
