"""Scoped reads (D0.3): an organisation, its reports and listings belong to the area of
its domicile; outside the user's area they are not found (404), never refused."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from minzheng.core.models import User
from minzheng.organisations.models import (
    Adoption,
    AnnualReport,
    CreditListing,
    Evaluation,
    Organisation,
)
from minzheng.organisations.models.credit import CreditListingQuerySet
from minzheng.organisations.models.evaluation import EvaluationQuerySet
from minzheng.organisations.models.registry import OrganisationQuerySet


def organisations_visible(user: User) -> OrganisationQuerySet:
    return Organisation.objects.visible_to(user).select_related("area")


def organisation_for(user: User, pk: int) -> Organisation:
    org = organisations_visible(user).filter(pk=pk).first()
    if org is None:
        raise Http404("未找到该社会组织")
    return org


def reports_visible(user: User) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.visible_to(user).select_related("organisation")


def report_for(user: User, pk: int) -> AnnualReport:
    report = reports_visible(user).filter(pk=pk).first()
    if report is None:
        raise Http404("未找到该年度工作报告")
    return report


def listings_visible(user: User) -> CreditListingQuerySet:
    return CreditListing.objects.visible_to(user).select_related("organisation")


def listing_for(user: User, pk: int) -> CreditListing:
    listing = listings_visible(user).filter(pk=pk).first()
    if listing is None:
        raise Http404("未找到该名录记录")
    return listing


def public_listings() -> CreditListingQuerySet:
    """What the public sees (no log-in): listings in force, organisation by name."""
    return (
        CreditListing.objects.listed()
        .select_related("organisation")
        .order_by("list_kind", "-listed_on", "id")
    )


def evaluations_visible(user: User) -> EvaluationQuerySet:
    return Evaluation.objects.visible_to(user).select_related("organisation")


def evaluation_for(user: User, pk: int) -> Evaluation:
    evaluation = evaluations_visible(user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404("未找到该评估")
    return evaluation


def adoptions_visible(user: User) -> QuerySet[Adoption]:
    return Adoption.objects.visible_to(user).select_related("organisation", "household")


def adoption_for(user: User, pk: int) -> Adoption:
    adoption = adoptions_visible(user).filter(pk=pk).first()
    if adoption is None:
        raise Http404("未找到该认领记录")
    return adoption
