"""The organisations' figures for an area and a year (dashboard panel and API): the
register, the credit lists in force, fees (D10.5), party branches (D10.3), open
registration applications (D10.6) and adopted households (D10.4). Counts and sums
only, no personal data; each a single query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from minzheng.core.config import MissingSetting
from minzheng.licensing.models import OPEN_STATES
from minzheng.organisations.models import (
    Adoption,
    CreditListing,
    FeeItem,
    FeeReduction,
    Organisation,
    PartyBranch,
    RegistrationApplication,
)
from minzheng.organisations.models.registry import OrganisationQuerySet
from minzheng.organisations.services.party import without_branch

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OrganisationFigures:
    registered: int
    suspended: int
    listed_abnormal: int
    listed_serious: int
    trade_associations: int
    fee_reduction_amount: Decimal
    fee_reduction_enterprises: int
    fee_items_to_review: int
    party_branches: int
    without_branch: int | None  # None until the member threshold is configured
    registration_open: int
    adopted_households: int


def _without_branch(orgs: OrganisationQuerySet, today: dt.date) -> int | None:
    """A dashboard is not stopped for a setting of one of its panels: None, shown 未设置."""
    try:
        return without_branch(orgs, today).count()
    except MissingSetting:
        return None


def organisation_figures(prefix: str, year: int, today: dt.date) -> OrganisationFigures:
    orgs = Organisation.objects.within_prefix(prefix)
    listings = CreditListing.objects.within_prefix(prefix).filter(status="listed")
    cuts = FeeReduction.objects.within_prefix(prefix).filter(on__year=year)
    sums = cuts.aggregate(amount=Sum("amount"), enterprises=Sum("enterprises"))
    adoptions = Adoption.objects.within_prefix(prefix).filter(status="active")
    return OrganisationFigures(
        registered=orgs.filter(status="registered").count(),
        suspended=orgs.filter(status="suspended").count(),
        listed_abnormal=listings.filter(list_kind="abnormal")
        .values("organisation")
        .distinct()
        .count(),
        listed_serious=listings.filter(list_kind="serious")
        .values("organisation")
        .distinct()
        .count(),
        trade_associations=orgs.operating().filter(trade_association=True).count(),
        fee_reduction_amount=(sums["amount"] or Decimal(0)).quantize(CENT),
        fee_reduction_enterprises=sums["enterprises"] or 0,
        fee_items_to_review=FeeItem.objects.within_prefix(prefix)
        .filter(status__in=("submitted", "rectification"))
        .count(),
        party_branches=PartyBranch.objects.within_prefix(prefix)
        .filter(dissolved_on__isnull=True)
        .count(),
        without_branch=_without_branch(orgs, today),
        registration_open=RegistrationApplication.objects.within_prefix(prefix)
        .filter(licence__status__in=OPEN_STATES)
        .count(),
        adopted_households=adoptions.values("household").distinct().count(),
    )
