"""Elderly-care funds paid to organisations (issue 14 items 5 and 6, D7.2, D13.1):
the operator's account, a facility's operating and construction subsidies, and paying
approved meal settlements and subsidies through payments' institutional payables
(`minzheng.payments.payables`).

- **Operator account**: bank, account (8–32 digits), holder — the operator itself
  (D13.2: no account in another's name). Kept by the county bureau (or the city office)
  that reaches every facility of the operator, so that no county changes where another
  county's subsidies go. Audited; shown masked.
- **Operating subsidy** [assumption]: a month's amount by facility kind
  (`elderly.fund.operating.<kind>`, example values); a kind without a setting has none.
  Only for a finished month.
- **Construction subsidy** [assumption]: capacity × `elderly.fund.construction.per_place`,
  at most `elderly.fund.construction.max`; once per facility.
- **Closed facility** [assumption]: no subsidy for a month in which the facility was
  not open at all by the month's end or was closed (停业关闭) on or before its last day;
  checked when prepared and again when approved (the closure may come in between).
- **Paying**: approval opens one payable per settlement or subsidy, programme
  `elderly_meal_subsidy` / `elderly_operating_subsidy` / `elderly_construction_subsidy`,
  county = the facility's, subject = the facility, payee = its operator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core import config
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Role
from minzheng.core.text import text_problem
from minzheng.core.workflow.engine import check_record, transition
from minzheng.elderly.models import (
    EventKind,
    Facility,
    FacilitySubsidy,
    FundKind,
    Operator,
    Settlement,
)
from minzheng.payments.models import InstitutionalPayable, PayableProgramme
from minzheng.payments.payables import Payee, payable_open

CENT = Decimal("0.01")
OPERATOR = "elderly.operator"
FACILITY = "elderly.facility"
SETTLEMENT_SOURCE = "elderly.settlement"
SUBSIDY_SOURCE = "elderly.subsidy"
PROGRAMME = {
    FundKind.OPERATING: PayableProgramme.ELDERLY_OPERATING,
    FundKind.CONSTRUCTION: PayableProgramme.ELDERLY_CONSTRUCTION,
}


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# --- the operator as payee -----------------------------------------------------------


def operator_payee(operator: Operator) -> Payee:
    return Payee(
        kind=OPERATOR,
        ref=operator.pk,
        name=operator.name,
        credit_code=operator.credit_code,
        bank=operator.bank,
        account_number=operator.account_number,
        holder_name=operator.holder_name,
    )


def payee_of(ref: int) -> Payee | None:
    """Payments' re-issue reads the operator's current account here."""
    operator = Operator.objects.filter(pk=ref).first()
    return operator_payee(operator) if operator else None


def may_keep_account(actor: User, operator: Operator) -> bool:
    if not actor.acts_as(frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})):
        return False
    codes = list(Facility.objects.filter(operator=operator).values_list("area_id", flat=True))
    return bool(codes) and all(actor.reaches(code) for code in codes)


@transaction.atomic
def operator_account_save(
    *, actor: User, operator: Operator, bank: str, account_number: str, holder_name: str
) -> Operator:
    if not may_keep_account(actor, operator):
        raise PermissionDenied("该运营方的设施不全在您的管辖区域内，或您的角色无权登记收款账户")
    bank, number, holder = bank.strip(), account_number.strip(), holder_name.strip()
    errors: dict[str, str] = {}
    for field, value, most in (("bank", bank, 60), ("holder_name", holder, 100)):
        problem = text_problem(value, max_length=most) if value else "必填"
        if problem:
            errors[field] = problem
    if not (number.isdigit() and 8 <= len(number) <= 32):
        errors["account_number"] = "须为8至32位数字"
    if holder and "holder_name" not in errors and holder != operator.name:
        errors["holder_name"] = "户名须为运营方名称（不得使用他人账户，D13.2）"
    if errors:
        raise ValidationError(errors)
    before = {"bank": operator.bank, "account_number": operator.masked_number}
    operator.bank, operator.account_number, operator.holder_name = bank, number, holder
    operator.save(update_fields=["bank", "account_number", "holder_name"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=operator,
        summary=f"登记运营方收款账户：{operator.name}",
        before=before,
        after={"bank": bank, "account_number": operator.masked_number},
    )
    return operator


# --- operating and construction subsidies --------------------------------------------


def closed_in_month(facility: Facility, month: dt.date) -> str:
    """Why the facility may not be paid for `month`, or "" (see the module's note)."""
    last = month_end(month)
    events = [e for e in facility.events.all() if e.on <= last]
    if not any(e.kind == EventKind.OPENED for e in events):
        return f"{facility.name}在{month:%Y年%m月}尚未开业，不能拨付补贴"
    for e in events:
        if e.kind == EventKind.CLOSED:
            return (
                f"{facility.name}已于{e.on:%Y年%m月%d日}停业关闭，不能拨付{month:%Y年%m月}的补贴"
            )
    return ""


def subsidy_amount(facility: Facility, kind: str, month: dt.date) -> tuple[Decimal, str]:
    """The amount and its basis from the settings in force on the month's first day."""
    if kind == FundKind.OPERATING:
        key = f"elderly.fund.operating.{facility.kind}"
        try:
            amount = config.config_decimal(key, on=month)
        except LookupError:
            raise ValidationError(
                {"kind": f"“{facility.get_kind_display()}”类设施没有运营补贴标准"}
            ) from None
        return amount.quantize(CENT), f"{facility.get_kind_display()}运营补贴标准{amount}元/月"
    per_place = config.config_decimal("elderly.fund.construction.per_place", on=month)
    cap = config.config_decimal("elderly.fund.construction.max", on=month)
    raw = per_place * facility.capacity
    amount = min(raw, cap).quantize(CENT)
    basis = f"{facility.capacity}床（座）× {per_place}元 = {raw}元"
    if raw > cap:
        basis += f"，按上限{cap}元"
    return amount, basis


@transaction.atomic
def subsidy_prepare(
    *,
    actor: User,
    facility: Facility,
    kind: str,
    month: dt.date,
    today: dt.date | None = None,
) -> FacilitySubsidy:
    """Create the item (or recompute it while a draft or returned)."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    if not actor.reaches(facility.area_id):
        raise PermissionDenied("该设施不在您的管辖区域内")
    if kind not in FundKind.values:
        raise ValidationError({"kind": "请选择补贴类型"})
    if kind == FundKind.OPERATING and month_end(month) >= today:
        raise ValidationError({"month": "运营补贴只能按已结束的月份编制"})
    if kind == FundKind.CONSTRUCTION and month > today:
        raise ValidationError({"month": "建设补贴月份不能晚于本月"})
    reason = closed_in_month(facility, month)
    if reason:
        raise ValidationError({"facility": reason})
    found = FacilitySubsidy.objects.select_for_update().filter(facility=facility, kind=kind)
    if kind == FundKind.OPERATING:
        found = found.filter(month=month)
    item = found.first()
    if item is None:
        item = FacilitySubsidy(
            facility=facility, kind=kind, month=month, area_id=facility.area_id, status="draft"
        )
    elif kind == FundKind.CONSTRUCTION and item.month != month:
        raise ValidationError({"kind": "该设施已编制过建设补贴（每个设施一次）"})
    check_record(item, "prepare", actor)
    item.amount, item.basis = subsidy_amount(facility, kind, month)
    item.prepared_by = actor
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item,
        area_code=facility.area_id,
        summary=f"编制{item.kind_label}：{facility.name} {month:%Y年%m月}，{item.amount}元",
    )
    return item


@transaction.atomic
def _pay_facility(
    *,
    actor: User,
    facility: Facility,
    programme: str,
    month: dt.date,
    amount: Decimal,
    source_kind: str,
    source_id: int,
    label: str,
) -> InstitutionalPayable:
    operator = Operator.objects.select_for_update().get(pk=facility.operator_id)
    return payable_open(
        actor=actor,
        programme=programme,
        county_code=facility.area_id[:6],
        month=month,
        amount=amount,
        source_kind=source_kind,
        source_id=source_id,
        source_label=label,
        subject_kind=FACILITY,
        subject_id=facility.pk,
        payee=operator_payee(operator),
    )


@transaction.atomic
def subsidy_act(
    *,
    actor: User,
    item: FacilitySubsidy,
    action: str,
    note: str = "",
    today: dt.date | None = None,
) -> FacilitySubsidy:
    """A workflow step; approval re-checks the closure and opens the payable."""
    if action == "approve":
        reason = closed_in_month(item.facility, item.month)
        if reason:
            raise ValidationError({"facility": reason})
    transition(item, action, actor, note=note, today=today)
    if action == "approve" and item.amount > 0:
        item.payable = _pay_facility(
            actor=actor,
            facility=item.facility,
            programme=PROGRAMME[FundKind(item.kind)],
            month=item.month,
            amount=item.amount,
            source_kind=SUBSIDY_SOURCE,
            source_id=item.pk,
            label=f"{item.facility.name} {item.month:%Y年%m月}{item.kind_label}",
        )
        item.save(update_fields=["payable"])
    return item


@transaction.atomic
def settlement_pay(*, actor: User, settlement: Settlement) -> InstitutionalPayable | None:
    """Open the payable of an approved meal settlement (in the approval's transaction);
    a month without subsidised meals pays nothing."""
    if settlement.status != "approved":
        raise ValidationError({"status": "只有审批通过的结算才能拨付"})
    if settlement.amount <= 0:
        return None
    canteen = settlement.canteen
    payable = _pay_facility(
        actor=actor,
        facility=canteen,
        programme=PayableProgramme.ELDERLY_MEAL,
        month=settlement.month,
        amount=settlement.amount,
        source_kind=SETTLEMENT_SOURCE,
        source_id=settlement.pk,
        label=f"{canteen.name} {settlement.month:%Y年%m月}助餐补贴结算",
    )
    settlement.payable = payable
    settlement.save(update_fields=["payable"])
    return payable
