"""Booking a visit to a registry (D9.5): working days only (D11), a capacity per day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from minzheng.core import workdays
from minzheng.core.audit import audit_record
from minzheng.core.config import config_int, config_int_by_area
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition
from minzheng.marriage.models import Appointment, Registry
from minzheng.marriage.services.common import authorize


def capacity_of(registry: Registry, day: dt.date) -> int:
    """The registry's own capacity, else the setting in force for its area."""
    if registry.daily_capacity is not None:
        return registry.daily_capacity
    return config_int(CAPACITY_KEY, on=day, area=registry.area)


def booked_on(registry: Registry, day: dt.date) -> int:
    return Appointment.objects.filter(registry=registry, day=day, status="booked").count()


CAPACITY_KEY = "marriage.appointment.daily_capacity"


def places_on(registries: Iterable[Registry], day: dt.date) -> list[tuple[Registry, int, int]]:
    """(registry, booked, capacity) of each registry on `day`, in three queries whatever
    the number of registries (the appointments page)."""
    registries = list(registries)
    booked = dict(
        Appointment.objects.filter(registry__in=registries, day=day, status="booked")
        .values_list("registry")
        .annotate(n=Count("id"))
        .values_list("registry", "n")
    )
    areas = {r.area_id for r in registries if r.daily_capacity is None}
    by_area = config_int_by_area(CAPACITY_KEY, on=day, area_codes=areas) if areas else {}
    return [
        (
            r,
            booked.get(r.pk, 0),
            r.daily_capacity if r.daily_capacity is not None else by_area[r.area_id],
        )
        for r in registries
    ]


def _check_day(registry: Registry, day: dt.date, today: dt.date) -> None:
    if day <= today:
        raise ValidationError({"day": "预约日期须晚于今天"})
    horizon = config_int("marriage.appointment.horizon_days", on=today, area=registry.area)
    if day > today + dt.timedelta(days=horizon):
        raise ValidationError({"day": f"最多可提前{horizon}天预约"})
    if not workdays.get_calendar().is_working_day(day):
        raise ValidationError(
            {"day": f"{day.isoformat()}是休息日（周末或法定节假日），登记处不办公"}
        )
    if not registry.active:
        raise ValidationError({"registry": f"{registry.name}暂停预约"})


def appointment_book(
    *,
    actor: User,
    registry: Registry,
    day: dt.date,
    kind: str,
    party_a_name: str,
    party_b_name: str,
    phone: str,
    today: dt.date,
) -> Appointment:
    """Book one couple, refused on a rest day or a full day (the registry row is locked,
    so two desks cannot both take the last place)."""
    authorize(actor, registry)
    _check_day(registry, day, today)
    with transaction.atomic():
        Registry.objects.select_for_update().get(pk=registry.pk)
        capacity = capacity_of(registry, day)
        if booked_on(registry, day) >= capacity:
            full = f"{registry.name}{day.isoformat()}的{capacity}个预约名额已满"
            raise ValidationError({"day": f"{full}，请选择其他日期"})
        appointment = Appointment.objects.create(
            registry=registry,
            area_id=registry.area_id,
            day=day,
            kind=kind,
            party_a_name=party_a_name,
            party_b_name=party_b_name,
            phone=phone,
            booked_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=appointment,
            summary=f"婚姻登记预约：{registry.name} {day.isoformat()}",
        )
    return appointment


def appointment_cancel(*, actor: User, appointment: Appointment, note: str = "") -> Appointment:
    authorize(actor, appointment.registry)
    transition(appointment, "cancel", actor, note=note)
    return appointment
