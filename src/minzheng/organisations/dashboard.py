"""The organisations' figures on the dashboard (社会组织): the register, the credit lists
in force, this year's fee reductions (D10.5), party branches (D10.3), open registration
applications (D10.6) and adopted households (D10.4), from the rows refreshed nightly
(docs/dashboards.md). No personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from minzheng.core.config import MissingSetting, config_int
from minzheng.core.extensions import DashboardPanel, Figure, PanelRows, PanelValues
from minzheng.core.panel_figures import by_area
from minzheng.licensing.models import OPEN_STATES
from minzheng.organisations.figures import CENT
from minzheng.organisations.models import (
    Adoption,
    CreditListing,
    FeeItem,
    FeeReduction,
    Organisation,
    PartyBranch,
    RegistrationApplication,
)
from minzheng.organisations.services.party import MIN_MEMBERS_KEY, without_branch

KEY = "organisations"


def _without_branch(today: dt.date) -> PanelRows:
    try:
        orgs = without_branch(Organisation.objects.all(), today)
    except MissingSetting:
        return  # shown 未设置 (see _show)
    yield from by_area(orgs.order_by(), key=KEY, without_branch=Count("id"))


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Each figure per area, where the organisation is registered (a listing, an
    adoption, a fee item: their own area; a registration application: the authority's).
    Distinct organisations and households are counted per area: each has one area."""
    org = "organisation__area_id"
    yield from by_area(
        Organisation.objects.filter(status="registered"), key=KEY, registered=Count("id")
    )
    yield from by_area(
        CreditListing.objects.filter(status="listed"),
        key=KEY,
        abnormal=Count("organisation", distinct=True, filter=Q(list_kind="abnormal")),
        serious=Count("organisation", distinct=True, filter=Q(list_kind="serious")),
    )
    cuts = FeeReduction.objects.filter(on__year=today.year)
    yield from by_area(cuts, key=KEY, area=org, fee_reduction=Sum("amount"))
    to_review = FeeItem.objects.filter(status__in=("submitted", "rectification"))
    yield from by_area(to_review, key=KEY, fee_items=Count("id"))
    branches = PartyBranch.objects.filter(dissolved_on__isnull=True)
    yield from by_area(branches, key=KEY, area=org, branches=Count("id"))
    yield from _without_branch(today)
    open_registrations = RegistrationApplication.objects.filter(licence__status__in=OPEN_STATES)
    yield from by_area(
        open_registrations, key=KEY, area="licence__area_id", registrations=Count("id")
    )
    adopted = Adoption.objects.filter(status="active")
    yield from by_area(adopted, key=KEY, adopted=Count("household", distinct=True))


def _without_branch_shown(v: PanelValues) -> str:
    """A dashboard is not stopped for a setting of one of its panels: 未设置."""
    try:
        config_int(MIN_MEMBERS_KEY, on=v.as_of)
    except MissingSetting:
        return "未设置"
    return v.count(f"{KEY}.without_branch")


def _show(v: PanelValues) -> list[Figure]:
    amount = Decimal(v[f"{KEY}.fee_reduction"]).quantize(CENT)
    return [
        Figure("正常登记", v.count(f"{KEY}.registered")),
        Figure("活动异常名录在列", v.count(f"{KEY}.abnormal")),
        Figure("严重违法失信名单在列", v.count(f"{KEY}.serious")),
        Figure(f"{v.as_of.year}年降费减负（元）", f"{amount:,.2f}"),
        Figure("待审查涉企收费项目", v.count(f"{KEY}.fee_items")),
        Figure("党组织", v.count(f"{KEY}.branches")),
        Figure("应建未建党组织", _without_branch_shown(v)),
        Figure("办理中的登记申请", v.count(f"{KEY}.registrations")),
        Figure("认领帮扶家庭", v.count(f"{KEY}.adopted")),
    ]


PANEL = DashboardPanel(KEY, "社会组织", _panel_numbers, _show)
