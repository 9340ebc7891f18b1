"""Adoption of key households by organisations (D10.4): only a household under tracked
help (screening's key-households list) may be adopted, by an operating organisation;
visits record the help given; totals by area and period for the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, Household, User
from minzheng.core.roles import Capability
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.models import Adoption, AdoptionVisit, Organisation
from minzheng.organisations.services.common import today_or
from minzheng.screening.models import KeyHousehold


def _authorize(actor: User, household: Household) -> None:
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记认领帮扶")
    if not actor.reaches(household.area_id):
        raise PermissionDenied("该家庭不在您的管辖区域内")


@transaction.atomic
def adoption_create(
    *,
    actor: User,
    organisation: Organisation,
    household: Household,
    plan: str,
    adopted_on: dt.date,
    today: dt.date | None = None,
) -> Adoption:
    _authorize(actor, household)
    errors = {}
    if not KeyHousehold.objects.active().filter(household=household).exists():
        errors["household"] = "该家庭不在重点帮扶户名单中，不能认领"
    if organisation.status != "registered":
        errors["organisation"] = f"该社会组织状态为“{organisation.status_label}”，不能认领"
    if adopted_on > today_or(today):
        errors["adopted_on"] = "认领日期不能晚于今天"
    if not plan.strip():
        errors["plan"] = "请填写帮扶内容"
    if errors:
        raise ValidationError(errors)
    adoption = Adoption(
        organisation=organisation,
        household=household,
        area_id=household.area_id,
        adopted_on=adopted_on,
        plan=plan.strip()[:200],
        created_by=actor,
    )
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError as exc:
        raise ValidationError({"household": "该社会组织已认领该家庭"}) from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=adoption,
        after=snapshot(adoption),
        summary=f"{organisation.name}认领家庭{household.number}",
    )
    return adoption


@transaction.atomic
def adoption_visit(
    *,
    actor: User,
    adoption: Adoption,
    visited_on: dt.date,
    help_given: str,
    amount: Decimal | None = None,
    today: dt.date | None = None,
) -> AdoptionVisit:
    check_record(adoption, "visit", actor)
    errors = {}
    if visited_on > today_or(today):
        errors["visited_on"] = "走访日期不能晚于今天"
    elif visited_on < adoption.adopted_on:
        errors["visited_on"] = "走访日期不能早于认领日期"
    if not help_given.strip():
        errors["help_given"] = "请填写帮扶情况"
    if amount is not None and amount < 0:
        errors["amount"] = "金额不能为负数"
    if errors:
        raise ValidationError(errors)
    visit = AdoptionVisit.objects.create(
        adoption=adoption,
        visited_on=visited_on,
        help_given=help_given.strip()[:200],
        amount=amount,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=visit,
        area_code=adoption.area_id,
        after=snapshot(visit),
        summary=f"认领走访：{adoption.organisation.name}",
    )
    return visit


def adoption_end(
    *, actor: User, adoption: Adoption, note: str, today: dt.date | None = None
) -> Adoption:
    transition(adoption, "end", actor, note=note, today=today_or(today))
    return adoption


@dataclass(frozen=True)
class AdoptionTotals:
    area: str  # a county's or township's code
    organisations: int
    households: int
    visits: int
    amount: Decimal


def adoption_totals(
    visible: object, *, start: dt.date, end: dt.date, level: int = 6
) -> list[AdoptionTotals]:
    """Organisations, households and visits (with the help's value) of visits made in
    [start, end], by area code cut to `level` digits (6 county, 9 township)."""
    visits = AdoptionVisit.objects.filter(
        adoption__in=visible, visited_on__gte=start, visited_on__lte=end
    ).values_list(
        "adoption__area_id", "adoption__organisation_id", "adoption__household_id", "amount"
    )
    grouped: dict[str, list[tuple[int, int, Decimal]]] = {}
    for area, org, household, amount in visits:
        grouped.setdefault(area[:level], []).append((org, household, amount or Decimal(0)))
    return [
        AdoptionTotals(
            code,
            len({r[0] for r in rows}),
            len({r[1] for r in rows}),
            len(rows),
            sum((r[2] for r in rows), Decimal(0)),
        )
        for code, rows in sorted(grouped.items())
    ]
