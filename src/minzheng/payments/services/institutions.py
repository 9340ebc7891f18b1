"""Institutions of centralised support and placements in them (D13.1, D2.9): changed
only here, each change audited. The county approver of the institution's county
records them — the role that computes the payroll that pays them."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q

from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, Person, User
from minzheng.core.models.places import AreaLevel
from minzheng.core.text import text_problem
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import Institution, Placement
from minzheng.payments.models.accounts import mask_account_number
from minzheng.payments.services.accounts import check_account
from minzheng.payments.workflows import PAYROLL

CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def _may_record(actor: User, area_code: str) -> None:
    if actor.role not in PAYROLL.find("compute").roles:
        raise PaymentError(f"您的角色（{actor.get_role_display()}）无权登记供养机构")
    if not actor.reaches(area_code):
        raise PaymentError("该县（区）不在您的管辖区域内")


def institution_save(
    *,
    actor: User,
    county: Area,
    name: str,
    credit_code: str,
    bank: str,
    account_number: str,
    holder_name: str,
) -> Institution:
    """Create or update (by credit code) an institution and its account."""
    _may_record(actor, county.code)
    if county.level != AreaLevel.COUNTY:
        raise PaymentError("所在县（区）：请选择县（区）")
    problem = text_problem(name.strip(), max_length=60)
    name, credit_code = name.strip(), credit_code.strip().upper()
    if not name or problem:
        raise PaymentError(f"机构名称：{problem or '必填'}")
    if not CREDIT_CODE.match(credit_code):
        raise PaymentError("统一社会信用代码：应为18位数字或大写字母")
    account_number = account_number.strip()
    check_account(account_number, holder_name, bank)
    with transaction.atomic():
        found = Institution.objects.select_for_update().filter(credit_code=credit_code).first()
        before = {"account": found.masked_number, "bank": found.bank} if found else None
        inst = found or Institution(credit_code=credit_code)
        inst.name, inst.area = name, county
        inst.bank, inst.account_number = bank.strip(), account_number
        inst.holder_name = holder_name.strip()
        inst.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if found else AuditAction.CREATE,
            obj=inst,
            area_code=county.code,
            summary=f"供养机构：{name} {inst.bank} {mask_account_number(account_number)}",
            before=before,
            after={"account": inst.masked_number, "bank": inst.bank},
        )
    return inst


def placement_start(
    *, actor: User, person: Person, institution: Institution, starts_on: dt.date
) -> Placement:
    """The person lives in the institution from the first of `starts_on`'s month; a
    stay still open elsewhere must be ended first."""
    _may_record(actor, institution.area_id)
    if not actor.reaches(person.area_id):
        raise PaymentError("该人员不在您的管辖区域内")
    month = starts_on.replace(day=1)
    with transaction.atomic():
        open_stay = Placement.objects.select_for_update().filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=month), person=person
        )
        if open_stay.exists():
            raise PaymentError("入住月份：该人员在此期间已在其他机构集中供养，请先登记离开")
        placement = Placement.objects.create(
            person=person, institution=institution, starts_on=month, created_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=placement,
            area_code=person.area_id,
            summary=f"集中供养：{person.name}入住{institution.name}，{month:%Y年%m月}起",
        )
    return placement


def placement_end(*, actor: User, placement: Placement, ends_on: dt.date) -> Placement:
    """Paid to the person's own account again from the first of `ends_on`'s month."""
    _may_record(actor, placement.institution.area_id)
    month = ends_on.replace(day=1)
    if month <= placement.starts_on:
        raise PaymentError("离开月份：应晚于入住月份")
    with transaction.atomic():
        placement.ends_on = month
        placement.save(update_fields=["ends_on"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=placement,
            summary=f"集中供养：{month:%Y年%m月}起离开{placement.institution.name}",
        )
    return placement
