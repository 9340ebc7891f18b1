"""Scoped reads of the benefits pages: a user sees the cases and recipients of their
area and beneath it (D0.3); anything else is "not found", never "not yours"."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from minzheng.assistance.models import Enrolment
from minzheng.assistance.models.applications import Track
from minzheng.benefits.models import (
    BenefitReview,
    CareAssessment,
    CareServiceApplication,
    OldAgeProposal,
    SubsidyApplication,
)
from minzheng.core.models import User
from minzheng.core.roles import Capability


def applications_visible(user: User) -> QuerySet[SubsidyApplication]:
    return SubsidyApplication.objects.visible_to(user).select_related("person", "household")


def application_for(user: User, pk: int) -> SubsidyApplication:
    found = applications_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该申请")
    return found


def proposals_visible(user: User) -> QuerySet[OldAgeProposal]:
    return OldAgeProposal.objects.visible_to(user).select_related("person", "household")


def proposal_for(user: User, pk: int, capability: Capability) -> OldAgeProposal:
    found = OldAgeProposal.objects.visible_to(user, capability).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该名单")
    return found


def recipients_visible(user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.visible_to(user)
        .filter(application__track=Track.BENEFIT)
        .select_related("application__applicant", "household")
        .order_by("programme", "id")
    )


def recipient_for(user: User, pk: int, capability: Capability) -> Enrolment:
    rows = Enrolment.objects.visible_to(user, capability).filter(application__track=Track.BENEFIT)
    found = rows.filter(pk=pk).select_related("household__area").first()
    if found is None:
        raise Http404("未找到该发放对象")
    return found


def reviews_visible(user: User) -> QuerySet[BenefitReview]:
    return BenefitReview.objects.visible_to(user).select_related("person", "enrolment")


def review_for(user: User, pk: int) -> BenefitReview:
    found = reviews_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该复核")
    return found


def care_cases_visible(user: User) -> QuerySet[CareServiceApplication]:
    return CareServiceApplication.objects.visible_to(user).select_related("person", "assessment")


def care_case_for(user: User, pk: int) -> CareServiceApplication:
    found = care_cases_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该申请")
    return found


def assessments_visible(user: User) -> QuerySet[CareAssessment]:
    return CareAssessment.objects.visible_to(user).select_related("person")
