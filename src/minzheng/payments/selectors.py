"""Scoped reads of payroll cycles and lines (D0.3). A cycle is a county's: only those
who reach the county see it; a line lies where its household lives, so a community
sees the payments of its own households and nobody else's."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.payments.models import (
    Institution,
    PayrollCycle,
    PayrollLine,
    Placement,
    RecoveryOrder,
)


def cycles_visible(user: User) -> ScopedQuerySet[PayrollCycle]:
    return PayrollCycle.objects.visible_to(user).select_related("area")


def cycle_for_reading(user: User, pk: int, *, log: bool = True) -> PayrollCycle:
    cycle = cycles_visible(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404("未找到该发放批次，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=cycle, summary=f"查看发放批次 {cycle}")
    return cycle


def lines_visible(user: User) -> ScopedQuerySet[PayrollLine]:
    return PayrollLine.objects.visible_to(user).select_related("cycle", "beneficiary")


def recoveries_visible(user: User) -> ScopedQuerySet[RecoveryOrder]:
    """A recovery order is its county's, like a cycle."""
    return RecoveryOrder.objects.visible_to(user).select_related("beneficiary", "area")


def recovery_for_writing(user: User, pk: int) -> RecoveryOrder:
    order = recoveries_visible(user).filter(pk=pk).first()
    if order is None:
        raise Http404("未找到该追回单，或不在您的管辖区域内")
    return order


def institutions_visible(user: User) -> ScopedQuerySet[Institution]:
    """An institution is its county's, like a cycle: those who reach the county."""
    return (
        Institution.objects.visible_to(user)
        .select_related("area")
        .annotate(living=Count("placements", filter=Q(placements__ends_on__isnull=True)))
        .order_by("area_id", "name", "id")
    )


def institution_for(user: User, pk: int) -> Institution:
    inst = institutions_visible(user).filter(pk=pk).first()
    if inst is None:
        raise Http404("未找到该供养机构，或不在您的管辖区域内")
    return inst


def placement_for(user: User, pk: int) -> Placement:
    """A stay in an institution the user reaches (the institution's county)."""
    placement = (
        Placement.objects.filter(pk=pk, institution__in=institutions_visible(user).values("pk"))
        .select_related("institution__area", "person")
        .first()
    )
    if placement is None:
        raise Http404("未找到该集中供养记录，或不在您的管辖区域内")
    return placement
