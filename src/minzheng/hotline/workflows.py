"""The hotline ticket's loop (D8.3): 受理 → 派单 → 办理 → 回复 → 督办 → 办结 → 回访 → 评价,
and the records beside it (D8.2 emergencies and mandatory reports, D8.4 funeral line).

Who may do what is declared here, by role or by duty (岗位, core.roles.Duty): the
hotline centre's operators (热线接线员) take calls, dispatch, supervise, close and call
back; the unit the ticket is dispatched to (the township or county by the location)
handles and replies; the child-protection duty officer (儿童保护值班人员) takes the
emergencies escalated to them and may act as the unit on a child's case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Refusal, Transition, Workflow, register

OPERATOR = "hotline_operator"  # duty: 热线接线员 (apps.py)
OFFICER = "child_protection_officer"  # duty: 儿童保护值班人员 (apps.py)

# Capabilities the duties grant (apps.py); roles grant none of them (D8.2: sensitive
# tickets are seen only by those who handle them).
INTAKE = "hotline_intake"  # take calls, dispatch, supervise, close, call back
SENSITIVE = "hotline_sensitive"  # see tickets of a sensitive category
ESCALATE = "hotline_escalate"  # receive an emergency escalation

CENTRE = frozenset({OPERATOR})
# The unit a ticket is dispatched to: its township or county staff, or the duty officer.
UNIT_STAFF = frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER})
UNIT = UNIT_STAFF | {OFFICER}
SUPERVISORS = frozenset({OPERATOR, Role.COUNTY_APPROVER, Role.CITY_ADMIN})
CHILD_DESK = frozenset({OPERATOR, OFFICER})

STATES = {
    "received": "已登记",
    "accepted": "已受理",
    "dispatched": "已派单",
    "handling": "办理中",
    "replied": "已回复",
    "closed": "已办结",
    "returned": "已回访",
    "rated": "已评价",
    "merged": "已合并",
}
MERGEABLE = frozenset({"received", "accepted", "dispatched", "handling"})


def _unit_ok(case: Any, params: Mapping[str, Any]) -> str | None:
    unit = params.get("unit")
    if unit is None:
        return Refusal("请选择承办单位", "unit")
    if unit.level not in {"county", "township"} or not case.area_id.startswith(unit.prefix):
        return Refusal("承办单位须是事发地所在的县（区）或乡镇（街道）", "unit")
    return None


def dispatchable(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if case.emergency and not hasattr_row(case, "escalation"):
        return "紧急类别须先上报值班人员，再派单"
    return _unit_ok(case, params)


def reassignable(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if (refused := _unit_ok(case, params)) is not None:
        return refused
    if params["unit"].pk == case.unit_id:
        return Refusal("改派的单位与当前承办单位相同", "unit")
    return None


def of_the_unit(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """Only the unit the ticket was dispatched to handles and replies: its own staff
    (working in the unit or beneath it), or a child-protection duty officer above it."""
    unit = case.unit
    if unit is None:
        return "该工单尚未派单"
    inside = bool(actor.area_id) and actor.area_id.startswith(unit.prefix)
    if not inside and not (actor.has_duty(OFFICER) and actor.reaches(unit.code)):
        return "该工单未派给您所在的单位"
    return None


def closable(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D8.2: an emergency is closed only once handed to the police; a mandatory report
    only once the reporter has been told the result."""
    if case.emergency and not case.police_referrals.exists():
        return "紧急类别须有移送公安记录才能办结"
    report = getattr_row(case, "report")
    if report is not None and report.feedback_at is None:
        return "强制报告须先向报告人反馈处理结果才能办结"
    return None


def rated(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if params.get("satisfaction") not in {"satisfied", "basic", "unsatisfied", "unreachable"}:
        return Refusal("请选择评价结果", "satisfaction")
    return None


def mergeable(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    into = params.get("into")
    if into is None:
        return Refusal("请填写要合并到的工单编号", "into")
    if into.pk == case.pk:
        return Refusal("不能合并到本工单", "into")
    if into.line != case.line or into.status not in MERGEABLE | {"replied"}:
        return Refusal("只能合并到同一热线、尚未办结的工单", "into")
    return None


def hasattr_row(case: Any, name: str) -> bool:
    return getattr_row(case, name) is not None


def getattr_row(case: Any, name: str) -> Any:
    """A one-to-one row or None (Django raises when it is missing)."""
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:  # RelatedObjectDoesNotExist subclasses it
        return None


TICKET = register(
    Workflow(
        name="hotline_ticket",
        initial="received",
        states=STATES,
        transitions=(
            Transition("accept", "受理", frozenset({"received"}), "accepted", CENTRE),
            Transition(
                "dispatch",
                "派单",
                frozenset({"accepted"}),
                "dispatched",
                CENTRE,
                guard=dispatchable,
            ),
            Transition(
                "reassign",
                "改派",
                frozenset({"dispatched", "handling"}),
                "dispatched",
                CENTRE,
                guard=reassignable,
                requires_note=True,
            ),
            Transition(
                "handle", "签收办理", frozenset({"dispatched"}), "handling", UNIT, of_the_unit
            ),
            Transition(
                "reply",
                "回复办理结果",
                frozenset({"handling"}),
                "replied",
                UNIT,
                guard=of_the_unit,
                requires_note=True,
            ),
            Transition(
                "send_back",
                "督办退回",
                frozenset({"replied"}),
                "handling",
                CENTRE,
                requires_note=True,
            ),
            Transition(
                "close",
                "办结",
                frozenset({"replied"}),
                "closed",
                CENTRE,
                guard=closable,
                deadline_working_days="hotline.return_call.working_days",
            ),
            Transition(
                "return_call",
                "回访",
                frozenset({"closed"}),
                "returned",
                CENTRE,
                requires_note=True,
            ),
            Transition("rate", "评价", frozenset({"returned"}), "rated", CENTRE, guard=rated),
            Transition(
                "merge",
                "合并到其他工单",
                MERGEABLE,
                "merged",
                CENTRE,
                guard=mergeable,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"rated", "merged"}),
        records=(
            Record(
                "supervise", "督办", frozenset({"dispatched", "handling", "replied"}), SUPERVISORS
            ),
            Record(
                "escalate",
                "上报值班人员",
                frozenset({"received", "accepted", "dispatched", "handling"}),
                CHILD_DESK,
            ),
            Record(
                "police",
                "移送公安",
                frozenset({"accepted", "dispatched", "handling", "replied"}),
                CHILD_DESK,
            ),
            Record(
                "feedback",
                "向报告人反馈",
                frozenset({"replied", "closed", "returned"}),
                CHILD_DESK,
            ),
            Record(
                "apply",
                "发起救助申请",
                frozenset({"dispatched", "handling", "replied"}),
                frozenset({OFFICER}),
            ),
            Record("collection", "派车接运", frozenset({"accepted", "dispatched"}), CENTRE),
            Record(
                "collected",
                "登记接运完成",
                frozenset({"accepted", "dispatched", "handling"}),
                CENTRE | UNIT_STAFF,
            ),
            Record(
                "fee", "答复收费咨询", frozenset({"accepted", "dispatched", "handling"}), CENTRE
            ),
            Record(
                "death_offer",
                "报送死亡信息",
                frozenset({"accepted", "dispatched", "handling", "replied", "closed"}),
                CENTRE,
            ),
        ),
    )
)
