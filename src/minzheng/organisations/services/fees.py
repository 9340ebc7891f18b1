"""Fees of trade associations (D10.5): recording fee items and reductions, the
registrar's review of an item against the checks of the fee rules, and the totals of
reductions for the city by county. Membership fees are set by the general assembly
(会员大会或会员代表大会表决通过): an item without that decision is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Area, AuditAction, User
from minzheng.core.text import text_problem
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.models import (
    FeeCheck,
    FeeItem,
    FeeKind,
    FeeReduction,
    Organisation,
)
from minzheng.organisations.services.common import today_or


def _text(
    value: str, key: str, label: str, limit: int, errors: dict[str, str], *, required=True
) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[key] = f"请填写{label}"
    elif problem := text_problem(value, max_length=limit):
        errors[key] = f"{label}{problem}"
    return value


def _amount(value: Decimal | None, key: str, label: str, errors: dict[str, str]) -> Decimal:
    if value is None or value < 0:
        errors[key] = f"请填写{label}（不小于0的金额）"
        return Decimal(0)
    return value


def _trade_association(org: Organisation) -> None:
    if not org.trade_association:
        raise ValidationError({"organisation": "只登记行业协会商会的涉企收费"})


@dataclass(frozen=True)
class FeeData:
    kind: str
    name: str
    standard: Decimal | None
    charged_per: str
    from_date: dt.date
    assembly_decision: str = ""
    assembly_decided_on: dt.date | None = None
    pricing_basis: str = ""


@transaction.atomic
def fee_item_create(
    *, actor: User, organisation: Organisation, data: FeeData, today: dt.date | None = None
) -> FeeItem:
    check_record(organisation, "fees", actor)
    _trade_association(organisation)
    today = today_or(today)
    errors: dict[str, str] = {}
    if data.kind not in FeeKind.values:
        errors["kind"] = "请选择收费类别"
    name = _text(data.name, "name", "收费项目", 100, errors)
    per = _text(data.charged_per, "charged_per", "计费单位", 30, errors)
    standard = _amount(data.standard, "standard", "收费标准", errors)
    decision = _text(
        data.assembly_decision,
        "assembly_decision",
        "会员（代表）大会决议",
        100,
        errors,
        required=data.kind == FeeKind.MEMBERSHIP,
    )
    basis = _text(
        data.pricing_basis,
        "pricing_basis",
        "收费依据",
        200,
        errors,
        required=data.kind == FeeKind.SERVICE,
    )
    if data.kind == FeeKind.MEMBERSHIP:
        if data.assembly_decided_on is None:
            errors["assembly_decided_on"] = "会费标准须经会员（代表）大会表决通过：请填写表决日期"
        elif data.assembly_decided_on > data.from_date:
            errors["assembly_decided_on"] = "表决通过日期不能晚于执行日期"
    if data.from_date > today:
        errors["from_date"] = "执行日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    fee = FeeItem.objects.create(
        organisation=organisation,
        area_id=organisation.area_id,
        kind=data.kind,
        name=name,
        standard=standard,
        charged_per=per,
        assembly_decision=decision,
        assembly_decided_on=data.assembly_decided_on if data.kind == FeeKind.MEMBERSHIP else None,
        pricing_basis=basis,
        from_date=data.from_date,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=fee,
        after=snapshot(fee),
        summary=f"登记涉企收费：{organisation.name} {fee.name}",
    )
    return fee


@transaction.atomic
def fee_item_act(
    *,
    actor: User,
    fee: FeeItem,
    action: str,
    note: str = "",
    findings: list[str] | None = None,
    today: dt.date | None = None,
) -> FeeItem:
    """Review (审查合规 / 责令整改, with the checks found) or reopen it (整改完毕 / 重新审查)."""
    today = today_or(today)
    found = [code for code in FeeCheck.values if code in set(findings or [])]
    transition(fee, action, actor, note=note, today=today, findings=found)
    if action in {"approve", "order_rectification"}:
        fee.findings, fee.review_note, fee.reviewed_on = found, note.strip(), today
        fee.save(update_fields=["findings", "review_note", "reviewed_on"])
    return fee


@transaction.atomic
def fee_reduction_create(
    *,
    actor: User,
    organisation: Organisation,
    measure: str,
    on: dt.date,
    amount: Decimal | None,
    enterprises: int,
    fee_item: FeeItem | None = None,
    today: dt.date | None = None,
) -> FeeReduction:
    check_record(organisation, "fees", actor)
    _trade_association(organisation)
    errors: dict[str, str] = {}
    measure = _text(measure, "measure", "减免措施", 200, errors)
    value = _amount(amount, "amount", "减免金额", errors)
    if value == 0 and "amount" not in errors:
        errors["amount"] = "减免金额应大于0"
    if on > today_or(today):
        errors["on"] = "实施日期不能晚于今天"
    if fee_item is not None and fee_item.organisation_id != organisation.pk:
        errors["fee_item"] = "该收费项目不属于本社会组织"
    if errors:
        raise ValidationError(errors)
    reduction = FeeReduction.objects.create(
        organisation=organisation,
        fee_item=fee_item,
        measure=measure,
        on=on,
        amount=value,
        enterprises=enterprises,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=reduction,
        area_code=organisation.area_id,
        after=snapshot(reduction),
        summary=f"登记降费减负：{organisation.name} {value}元",
    )
    return reduction


@dataclass(frozen=True)
class ReductionTotal:
    code: str
    name: str
    amount: Decimal
    enterprises: int
    organisations: int


def reduction_totals(
    reductions: QuerySet[FeeReduction], start: dt.date, end: dt.date
) -> tuple[list[ReductionTotal], ReductionTotal]:
    """Reductions made in [start, end], by county, and their total (the city's when the
    queryset is the city's): amounts, enterprises, organisations that cut fees."""
    rows = (
        reductions.filter(on__gte=start, on__lte=end)
        .annotate(county=Substr("organisation__area__code", 1, 6))
        .values("county")
        .annotate(
            amount=Sum("amount"),
            enterprises=Sum("enterprises"),
            organisations=Count("organisation", distinct=True),
        )
        .order_by("county")
    )
    names = dict(
        Area.objects.filter(code__in=[r["county"] for r in rows]).values_list("code", "name")
    )
    per = [
        ReductionTotal(
            r["county"],
            names.get(r["county"], r["county"]),
            r["amount"] or Decimal(0),
            r["enterprises"] or 0,
            r["organisations"],
        )
        for r in rows
    ]
    whole = reductions.filter(on__gte=start, on__lte=end).aggregate(
        amount=Sum("amount"),
        enterprises=Sum("enterprises"),
        organisations=Count("organisation", distinct=True),
    )
    total = ReductionTotal(
        "",
        "合计",
        whole["amount"] or Decimal(0),
        whole["enterprises"] or 0,
        whole["organisations"],
    )
    return per, total


def open_reviews(items: QuerySet[FeeItem]) -> QuerySet[FeeItem]:
    return items.filter(Q(status="submitted") | Q(status="rectification"))
