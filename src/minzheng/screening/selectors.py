"""Scoped reads for screening: campaigns, targets (with their round's visit status),
visits and key households. Figures are in `figures.py`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.screening.models import Campaign, CampaignTarget, KeyHousehold, Round, Visit
from minzheng.screening.models.campaigns import CampaignQuerySet
from minzheng.screening.models.tracking import KeyHouseholdQuerySet


def campaigns_visible(
    user: User, capability: Capability = Capability.VIEW_PERSONAL
) -> CampaignQuerySet:
    return Campaign.objects.visible_to(user, capability).select_related("area", "created_by")


def campaign_for_reading(
    user: User, pk: int, capability: Capability = Capability.VIEW_PERSONAL
) -> Campaign:
    """A campaign that concerns the user's area (404 otherwise). A campaign is not a
    personal record, so reading one is not logged; its lists are like search results,
    and the key household pages they lead to are logged."""
    found = campaigns_visible(user, capability).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该排查活动，或不在您的管辖区域内")
    return found


def targets_visible(user: User) -> QuerySet[CampaignTarget]:
    return CampaignTarget.objects.visible_to(user).select_related(
        "campaign", "household", "household__head", "person", "area"
    )


def target_for_visit(user: User, pk: int) -> CampaignTarget:
    found = targets_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该排查对象，或不在您的管辖区域内")
    return found


def targets_in_current_round(
    user: User, today: dt.date, campaign_id: int | None = None, unvisited_only: bool = False
) -> QuerySet[CampaignTarget]:
    """The user's targets in active campaigns, each with its current round (the latest
    one started by today) and whether it has been visited in that round. Targets not
    yet visited come first, then by deadline."""
    current = Round.objects.filter(campaign=OuterRef("campaign"), starts_on__lte=today).order_by(
        "-starts_on"
    )
    qs = targets_visible(user).filter(campaign__status="active")
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    qs = qs.annotate(
        round_id=Subquery(current.values("pk")[:1]),
        round_number=Subquery(current.values("number")[:1]),
        round_ends_on=Subquery(current.values("ends_on")[:1]),
    ).filter(round_id__isnull=False)
    visited = Visit.objects.filter(target=OuterRef("pk"), round_id=OuterRef("round_id"))
    qs = qs.annotate(visited=Exists(visited))
    if unvisited_only:
        qs = qs.filter(visited=False)
    return qs.order_by("visited", "round_ends_on", "area_id", "id")


def visits_of(target: CampaignTarget) -> QuerySet[Visit]:
    return target.visits.select_related("round", "visitor").order_by("-visited_on", "-id")


def key_households_visible(user: User) -> KeyHouseholdQuerySet:
    return KeyHousehold.objects.visible_to(user).select_related(
        "household", "household__head", "area", "responsible", "campaign"
    )


def key_household_for_reading(user: User, pk: int, *, log: bool = True) -> KeyHousehold:
    found = key_households_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该重点帮扶户，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=found, summary=f"查看重点帮扶户 家庭{found.household.number}")
    return found
