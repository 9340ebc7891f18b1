"""The payroll workflow as data (D13.3): who may move a payroll cycle, from which state.

A cycle is a county's: only county-level staff reach it, and the county approver
approves — never the person who submitted it (four eyes on money)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.models import TransitionLog
from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register

CA = Role.COUNTY_APPROVER


def not_the_submitter(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    last = (
        TransitionLog.objects.filter(workflow="payroll", object_id=str(case.pk), action="submit")
        .order_by("-id")
        .first()
    )
    if last is not None and last.actor_id == actor.pk:
        return "报批人不能审批自己报送的发放批次，请由另一名县级审批人审批"
    return None


def _t(action: str, label: str, sources: set[str], target: str, **kw: Any) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset({CA}), **kw)


PAYROLL = register(
    Workflow(
        name="payroll",
        initial="draft",
        states={
            "draft": "草稿",
            "computed": "已计算",
            "submitted": "已报批",
            "approved": "已审批",
            "sent": "已送银行",
            "reconciled": "已对账",
            "closed": "已关闭",
        },
        transitions=(
            _t("compute", "计算发放名册", {"draft", "computed"}, "computed"),
            _t("submit", "报批", {"computed"}, "submitted"),
            _t("send_back", "退回重算", {"submitted"}, "computed", requires_note=True),
            _t("approve", "审批通过", {"submitted"}, "approved", guard=not_the_submitter),
            _t("send", "生成银行文件并送银行", {"approved"}, "sent"),
            _t("reconcile", "回盘对账完成", {"sent"}, "reconciled"),
            _t("close", "关闭批次", {"reconciled"}, "closed"),
        ),
        final_states=frozenset({"closed"}),
    )
)


def within_reissue_window(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """A failed or returned payable is sent again only within
    `payments.reissue.working_days` working days of the bank's answer (D13.3)."""
    from minzheng.core import config, workdays

    today = params["today"]
    if case.answered_on is None:
        return None
    days = config.config_int("payments.reissue.working_days", on=today, area=case.area)
    last = workdays.add_working_days(case.answered_on, days)
    if today <= last:
        return None
    return (
        f"已超过失败发放补发时限：银行{case.answered_on:%Y年%m月%d日}反馈，"
        f"应在{days}个工作日内（最迟{last:%Y年%m月%d日}）补发"
    )


# An institutional payable (payments.payables, D13.1, D13.3): opened by a domain when
# its decision is approved (e.g. a meal settlement), sent and answered by the county
# bureau that pays; a failed or returned payment is sent again within the window.
PAYABLE = register(
    Workflow(
        name="institutional_payable",
        initial="pending",
        states={
            "pending": "待拨付",
            "sent": "已送银行",
            "paid": "已到账",
            "failed": "拨付失败",
            "returned": "银行退回",
        },
        transitions=(
            _t("send", "送银行拨付", {"pending"}, "sent"),
            _t("confirm_paid", "登记到账", {"sent"}, "paid"),
            _t("record_failed", "登记拨付失败", {"sent"}, "failed", requires_note=True),
            _t("record_returned", "登记银行退回", {"sent"}, "returned", requires_note=True),
            _t("reissue", "补发", {"failed", "returned"}, "sent", guard=within_reissue_window),
        ),
        final_states=frozenset({"paid"}),
    )
)
