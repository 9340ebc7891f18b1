"""The disability two subsidies' procedure as data (D4.5): application at any township,
forwarded to the household's registration place when received elsewhere (跨区/跨省通办),
township acceptance and check, county disabled persons' federation review (a duty),
county civil-affairs decision, each transition logged by the one engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.benefits.duties import FEDERATION
from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register

CW, TR, CA = Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER
INTAKE = frozenset({CW, TR})


def received_elsewhere(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D4.5: only a case received outside the household's registration place is forwarded."""
    if case.household.area_id.startswith(case.area_id):
        return "申请人户籍在本辖区，无需转交，请直接受理"
    return None


def at_registration_place(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D4.5: the township of the household's registration accepts and checks the case."""
    if case.area_id != case.household.area_id:
        return "异地受理的申请须先转交户籍地"
    return None


def not_the_reviewer(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """The federation's reviewer does not also decide (four eyes on money)."""
    if case.reviewed_by_id == actor.pk:
        return "残联审核人不能同时审批本案"
    return None


DISABILITY = register(
    Workflow(
        name="benefits_disability",
        initial="received",
        states={
            "received": "已登记申请",
            "forwarded": "已转交户籍地",
            "accepted": "乡镇已受理",
            "checked": "乡镇已审核，待残联审核",
            "reviewed": "残联已审核，待民政审批",
            "approved": "已批准",
            "refused": "不予批准",
            "withdrawn": "已撤回",
        },
        transitions=(
            Transition(
                "forward",
                "转交户籍地",
                frozenset({"received"}),
                "forwarded",
                INTAKE,
                guard=received_elsewhere,
            ),
            Transition(
                "accept",
                "受理",
                frozenset({"received", "forwarded"}),
                "accepted",
                frozenset({TR}),
                guard=at_registration_place,
                deadline_working_days="benefits.disability.check_working_days",
            ),
            Transition(
                "check",
                "乡镇审核通过，报县残联",
                frozenset({"accepted"}),
                "checked",
                frozenset({TR}),
                deadline_working_days="benefits.disability.review_working_days",
            ),
            Transition(
                "send_back",
                "退回乡镇补充",
                frozenset({"checked"}),
                "accepted",
                frozenset({FEDERATION}),
                requires_note=True,
            ),
            Transition(
                "review",
                "残联审核通过，报民政审批",
                frozenset({"checked"}),
                "reviewed",
                frozenset({FEDERATION}),
                deadline_working_days="benefits.disability.decision_working_days",
            ),
            Transition(
                "decide",
                "批准",
                frozenset({"reviewed"}),
                "approved",
                frozenset({CA}),
                guard=not_the_reviewer,
            ),
            Transition(
                "refuse",
                "不予批准",
                frozenset({"accepted", "checked", "reviewed"}),
                "refused",
                frozenset({TR, CA}),
                requires_note=True,
            ),
            Transition(
                "withdraw",
                "申请人撤回",
                frozenset({"received", "forwarded", "accepted", "checked", "reviewed"}),
                "withdrawn",
                INTAKE,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved", "refused", "withdrawn"}),
    )
)
