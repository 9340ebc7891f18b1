"""Writes to people and households: each one authorised, validated, atomic, audited.

Views, API endpoints and commands call these and nothing else to change
personal records (house style: `<entity>_<verb>(*, ...)`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minzheng.core import idnumber
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.household_numbers import household_number_check, household_number_next
from minzheng.core.masking import mask_id_number
from minzheng.core.models import (
    Area,
    AreaLevel,
    AuditAction,
    Household,
    HouseholdMembership,
    LifeStatus,
    Person,
    Relation,
    User,
)
from minzheng.core.roles import Capability

PERSON_EDITABLE = (
    "name",
    "phone",
    "hukou_address",
    "residence_address",
    "disability_type",
    "disability_grade",
    "disability_certificate",
)


def authorize_write(actor: User, area_code: str) -> None:
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色没有修改人员和家庭信息的权限")
    if not actor.reaches(area_code):
        raise PermissionDenied("该记录不在您的管辖区域内")


def _community(area_code: str) -> Area:
    area = Area.objects.filter(code=area_code).first()
    if area is None:
        raise ValidationError({"area": f"区划代码{area_code}不存在"})
    if area.level != AreaLevel.COMMUNITY:
        raise ValidationError({"area": "人员和家庭须归属到村（社区）一级"})
    return area


def person_create(
    *, actor: User, id_number: str, name: str, area_code: str, **fields: Any
) -> Person:
    """Register a resident. A duplicate ID number is refused; see `_refuse_registered`."""
    authorize_write(actor, area_code)
    try:
        facts = idnumber.parse(id_number)
    except idnumber.InvalidIdNumber as exc:
        raise ValidationError({"id_number": str(exc)}) from exc
    existing = Person.objects.filter(id_number=facts.number).select_related("area").first()
    if existing is not None:
        _refuse_registered(
            actor,
            existing,
            area_code,
            field="id_number",
            what=f"身份证号码{mask_id_number(facts.number)}",
            named=f"身份证号码已登记：{existing.name}（{existing.area.name}），不能重复登记",
        )
    return _person_insert(
        actor=actor, number=facts.number, name=name, area_code=area_code, **fields
    )


def _refuse_registered(
    actor: User, existing: Person | Household, area_code: str, *, field: str, what: str, named: str
) -> NoReturn:
    """Refuse a registration whose number is taken. Inside the actor's area the
    existing record is named; outside it, an ID or household number must not reveal
    a stranger's name and community (issue 7, item 1): the answer only says it is
    registered elsewhere, as the Excel import does, and the attempt is audited (in
    its own transaction, so the refusal does not roll it back)."""
    if actor.reaches(existing.area_id):
        raise ValidationError({field: named})
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=existing._meta.label_lower,
        object_id=str(existing.pk),
        area_code=area_code,
        summary=f"登记被拒绝：{what}已在管辖区域以外登记",
    )
    label = "身份证号码" if field == "id_number" else "家庭编号"
    raise ValidationError({field: f"该{label}已在您管辖区域以外登记，请与登记地核实"})


@transaction.atomic
def _person_insert(
    *, actor: User, number: str, name: str, area_code: str, **fields: Any
) -> Person:
    person = Person(id_number=number, name=name.strip(), area=_community(area_code), **fields)
    if not person.hukou_area_id:
        person.hukou_area = person.area
    person.full_clean()
    try:
        person.save()
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise ValidationError({"id_number": "身份证号码已登记，不能重复登记"}) from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        after=snapshot(person),
        summary=f"登记人员 {person.name}",
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **changes: Any) -> Person:
    unknown = set(changes) - set(PERSON_EDITABLE)
    if unknown:
        raise ValidationError({k: "该字段不能在此修改" for k in sorted(unknown)})
    person = Person.objects.select_for_update().get(pk=person.pk)
    authorize_write(actor, person.area_id)
    before = snapshot(person)
    for key, value in changes.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        before=before,
        after=snapshot(person),
        summary=f"修改人员 {person.name}：{'、'.join(changes)}",
    )
    return person


@transaction.atomic
def person_record_death(*, actor: User, person: Person, death_date: dt.date) -> Person:
    """Mark a resident deceased and end their household membership on that date."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    authorize_write(actor, person.area_id)
    if person.life_status == LifeStatus.DECEASED:
        raise ValidationError({"death_date": "该人员已登记为已故"})
    before = snapshot(person)
    person.life_status, person.death_date = LifeStatus.DECEASED, death_date
    person.full_clean()
    person.save()
    membership = person.current_membership()
    if membership is not None:
        _close_membership(actor, membership, death_date + dt.timedelta(days=1), "死亡")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        before=before,
        after=snapshot(person),
        summary=f"登记死亡 {person.name} {death_date}",
    )
    return person


def household_create(
    *,
    actor: User,
    area_code: str,
    address: str,
    head: Person,
    since: dt.date,
    number: str | None = None,
) -> Household:
    """A new household headed by `head`. Its number is generated (core.household_numbers);
    one given from outside (API) must have the same structure."""
    authorize_write(actor, area_code)
    area = _community(area_code)
    if number is not None:  # given from outside (API): taken first, then its structure
        existing = Household.objects.filter(number=number).select_related("area").first()
        if existing is not None:
            _refuse_registered(
                actor,
                existing,
                area_code,
                field="number",
                what=f"家庭编号{number}",
                named=f"家庭编号{number}已存在（{existing.area.name}）",
            )
        number = household_number_check(number, area)
    return _household_insert(
        actor=actor, number=number, area=area, address=address, head=head, since=since
    )


@transaction.atomic
def _household_insert(
    *, actor: User, number: str | None, area: Area, address: str, head: Person, since: dt.date
) -> Household:
    if number is None:  # generated inside the transaction: the serial stays locked until commit
        number = household_number_next(area)
    household = Household(number=number, area=area, address=address, head=head)
    household.full_clean()
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=household,
        after=snapshot(household),
        summary=f"新建家庭 {number}",
    )
    household_add_member(
        actor=actor,
        household=household,
        person=head,
        relation=Relation.HEAD,
        since=since,
        reason="户主",
    )
    return household


@transaction.atomic
def household_add_member(
    *,
    actor: User,
    household: Household,
    person: Person,
    relation: str,
    since: dt.date,
    reason: str = "",
) -> HouseholdMembership:
    """A join opens a new membership row; an earlier one elsewhere must be closed first."""
    authorize_write(actor, household.area_id)
    authorize_write(actor, person.area_id)
    current = person.current_membership()
    if current is not None:
        raise ValidationError(
            {"person": f"{person.name}目前是家庭{current.household.number}的成员，请先办理迁出"}
        )
    if relation not in Relation.values:
        raise ValidationError({"relation": "与户主关系不正确"})
    membership = HouseholdMembership(
        household=household, person=person, relation=relation, valid_from=since, reason=reason
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        area_code=household.area_id,
        after=snapshot(membership),
        summary=f"{person.name}加入家庭{household.number}（{membership.get_relation_display()}）",
    )
    return membership


@transaction.atomic
def person_create_in_household(
    *,
    actor: User,
    household: Household,
    relation: str,
    since: dt.date,
    reason: str = "",
    **person_fields: Any,
) -> Person:
    """Register a new resident and add them to `household` in one step: both or neither."""
    person = person_create(actor=actor, **person_fields)
    household_add_member(
        actor=actor,
        household=household,
        person=person,
        relation=relation,
        since=since,
        reason=reason,
    )
    return person


@transaction.atomic
def household_remove_member(
    *, actor: User, membership: HouseholdMembership, until: dt.date, reason: str
) -> HouseholdMembership:
    """A leave closes the membership on `until` (exclusive); the row stays as history."""
    membership = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
    authorize_write(actor, membership.household.area_id)
    if membership.valid_to is not None:
        raise ValidationError({"membership": "该成员关系已结束"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写迁出原因"})
    return _close_membership(actor, membership, until, reason)


def _close_membership(
    actor: User, membership: HouseholdMembership, until: dt.date, reason: str
) -> HouseholdMembership:
    if until <= membership.valid_from:
        raise ValidationError({"until": "离开日期须晚于加入日期"})
    before = snapshot(membership)
    membership.valid_to, membership.reason = until, reason
    membership.save(update_fields=["valid_to", "reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=membership,
        area_code=membership.household.area_id,
        before=before,
        after=snapshot(membership),
        summary=f"成员离开家庭：{reason}",
    )
    return membership
