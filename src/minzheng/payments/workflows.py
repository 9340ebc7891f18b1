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
