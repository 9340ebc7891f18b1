"""The monthly settlement of meal subsidies with a canteen (issue 14 item 5, D7.2): the
month's real-name meal records summed by category, prepared by the canteen's township
(or community), approved or returned by the county bureau through the workflow engine
(workflows.SETTLEMENT). Approval opens its payable in payments (paid to the canteen's
operator, `services.funds.settlement_pay`), in the same transaction: an operator without
an account refuses the approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.elderly.models import Facility, MealRecord, Settlement


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _figures(canteen: Facility, month: dt.date) -> tuple[int, Decimal, dict[str, list]]:
    rows = (
        MealRecord.objects.filter(
            canteen=canteen, served_on__gte=month, served_on__lt=next_month(month)
        )
        .values("category")
        .annotate(meals=Count("id"), amount=Sum("subsidy"))
        .order_by("category")
    )
    cent = Decimal("0.01")
    by_category = {
        r["category"]: [r["meals"], str(Decimal(r["amount"]).quantize(cent))] for r in rows
    }
    meals = sum(r["meals"] for r in rows)
    amount = sum((Decimal(v[1]) for v in by_category.values()), Decimal("0.00"))
    return meals, amount, by_category


@transaction.atomic
def settlement_prepare(
    *, actor: User, canteen: Facility, month: dt.date, today: dt.date | None = None
) -> Settlement:
    """Create the month's settlement, or recompute it while a draft or returned."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    if not actor.reaches(canteen.area_id):
        raise PermissionDenied("该助餐点不在您的管辖区域内")
    if next_month(month) > today:
        raise ValidationError({"month": "只能结算已结束的月份"})
    settlement = (
        Settlement.objects.select_for_update().filter(canteen=canteen, month=month).first()
    )
    meals, amount, by_category = _figures(canteen, month)
    if settlement is None:
        settlement = Settlement(
            canteen=canteen,
            month=month,
            area_id=canteen.area_id,
            prepared_by=actor,
            amount=amount,
            status="draft",
        )
    check_record(settlement, "prepare", actor)
    settlement.meals, settlement.amount, settlement.by_category = meals, amount, by_category
    settlement.prepared_by = actor
    settlement.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=settlement,
        area_code=canteen.area_id,
        summary=f"编制助餐补贴结算：{canteen.name} {month:%Y年%m月}，{meals}餐，{amount}元",
    )
    return settlement


@transaction.atomic
def settlement_act(
    *, actor: User, settlement: Settlement, action: str, note: str = ""
) -> Settlement:
    from minzheng.elderly.services.funds import settlement_pay

    transition(settlement, action, actor, note=note)
    if action == "approve":
        settlement_pay(actor=actor, settlement=settlement)
    return settlement
