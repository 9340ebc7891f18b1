"""Guards of the assistance workflows: conditions a transition checks in the database.

Each returns None to allow, or the reason in Chinese words to refuse (the rule is cited
here in the code, not in the message).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from minzheng.core.config import config_decimal
from minzheng.core.workflow.definitions import Refusal

MIN_INVESTIGATORS = 2  # D1.6: "at least two" is the national rule itself, not a setting


def _today(params: Mapping[str, Any]) -> dt.date:
    today = params.get("today")
    return today if isinstance(today, dt.date) else timezone.localdate()


def recused(case: Any, actor: Any) -> str | None:
    """D1.10: the related staff member steps aside from visit, appraisal and decision."""
    if case.near_relative_of_id is not None and case.near_relative_of_id == actor.pk:
        return "您是申请家庭成员的近亲属（已备案），须回避本案的调查、评议和审批"
    return None


def investigation_complete(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if reason := recused(case, actor):
        return reason
    if not case.means_tests.exists():
        return "尚未录入家庭经济状况核对报告"
    visits = [
        v
        for v in case.home_visits.prefetch_related("investigators")
        if sum(i.signed for i in v.investigators.all()) >= MIN_INVESTIGATORS
    ]
    if not visits:
        return "入户调查须有至少2名调查人员签字"
    if case.near_relative_of_id and not any(v.by_county for v in visits):
        return "近亲属备案的家庭须由县级民政部门入户调查"
    related = {i.user_id for v in visits for i in v.investigators.all()}
    if case.near_relative_of_id in related:
        return "备案的工作人员不得参加本案入户调查"
    return None


def not_recused(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    return recused(case, actor)


def notice_over_without_objection(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    notice = case.notices.order_by("-round").first()
    if notice is None:
        return "尚未公示"
    if _today(params) <= notice.ends_on:
        return f"公示期至{notice.ends_on:%Y年%m月%d日}，公示期满后方可提交审批"
    if notice.objections.exists():
        return "公示期间有异议，须重新调查并再次公示"
    return None


def _amount(params: Mapping[str, Any]) -> Decimal | None:
    try:
        amount = Decimal(str(params.get("amount", "")))
    except InvalidOperation:
        return None
    return amount if amount > 0 else None


def decision_allowed(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if reason := recused(case, actor):
        return reason
    if _amount(params) is None:
        return Refusal("批准须核定保障金额（大于0）", "amount")
    return None


def fast_grant_allowed(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D6.1 pledge signed; D6.4 no dishonesty record in force; D6.2 amount within the cap."""
    from_record = case.applicant.credit_records.in_force(_today(params)).first()
    if case.pledge_signed_on is None:
        return "未签署信用承诺书，不能适用先办后核"
    if from_record is not None:
        return f"申请人有失信记录（至{from_record.ends_on:%Y-%m-%d}），不能适用先办后核"
    amount = _amount(params)
    if amount is None:
        return Refusal("须填写发放金额（大于0）", "amount")
    cap = config_decimal("fast_track.amount_cap", on=_today(params), area=case.area)
    if amount > cap:
        return Refusal(f"先行发放金额{amount}元超过上限{cap}元", "amount")
    return recused(case, actor)


def breach_graded(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if params.get("grade") not in {"general", "serious", "severe"}:
        return Refusal("须认定失信等级（一般/较重/严重）", "grade")
    return None
