"""Scoped reads of the marriage registry: a registrar sees the registries, bookings and
cases of their area (D0.3); outside it a record is simply not found (404)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.marriage.duties import REGISTER
from minzheng.marriage.models import (
    Appointment,
    Certificate,
    Divorce,
    MarriageRegistration,
    Registry,
)

REGISTRAR = cast(Capability, REGISTER)


def registries_visible(user: User) -> QuerySet[Registry]:
    return Registry.objects.visible_to(user, REGISTRAR).select_related("area")


def appointments_visible(user: User) -> QuerySet[Appointment]:
    return Appointment.objects.visible_to(user, REGISTRAR).select_related("registry")


def registrations_visible(user: User) -> QuerySet[MarriageRegistration]:
    return MarriageRegistration.objects.visible_to(user, REGISTRAR).select_related("registry")


def divorces_visible(user: User) -> QuerySet[Divorce]:
    return Divorce.objects.visible_to(user, REGISTRAR).select_related("registry")


def _one(rows: QuerySet[Any], pk: int, what: str) -> Any:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(f"{what}不存在或不在您的管辖区域内")
    return found


def registry_for(user: User, pk: int) -> Registry:
    return cast(Registry, _one(registries_visible(user), pk, "登记处"))


def appointment_for(user: User, pk: int) -> Appointment:
    return cast(Appointment, _one(appointments_visible(user), pk, "预约"))


def registration_for(user: User, pk: int) -> MarriageRegistration:
    return cast(MarriageRegistration, _one(registrations_visible(user), pk, "结婚登记"))


def divorce_for(user: User, pk: int) -> Divorce:
    return cast(Divorce, _one(divorces_visible(user), pk, "离婚登记"))


def certificate_for(user: User, pk: int) -> Certificate:
    """A certificate of a registry in the user's area."""
    rows = Certificate.objects.filter(registry__in=registries_visible(user)).select_related(
        "registry", "registration", "divorce", "registry__area"
    )
    return cast(Certificate, _one(rows, pk, "证件"))
