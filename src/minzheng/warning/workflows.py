"""The lead workflow: open → verified (after a recorded phone or home visit) → closed
with an outcome (D5.3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Refusal, Transition, Workflow, register

WORKERS = frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER})
# Whoever may record a check may verify with it; closing stays with the community and
# township, who own the outcome (D5.3).
VERIFIERS = WORKERS | {Role.COUNTY_APPROVER, Role.CITY_ADMIN}


def visited(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if not case.visits.exists():
        return "须先录入电话或入户核实情况"
    return None


def outcome_given(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if params.get("outcome") not in {"apply", "adjust", "no_need", "refer"}:
        return Refusal("须选择处理结果", "outcome")
    if params.get("outcome") == "refer" and not str(params.get("referred_to", "")).strip():
        return Refusal("转介须填写接收部门", "referred_to")
    return None


LEAD = register(
    Workflow(
        name="warning_lead",
        initial="open",
        states={"open": "待核实", "verified": "已核实", "closed": "已办结"},
        transitions=(
            Transition(
                "verify", "核实完毕", frozenset({"open"}), "verified", VERIFIERS, guard=visited
            ),
            Transition(
                "close",
                "办结",
                frozenset({"verified"}),
                "closed",
                WORKERS,
                guard=outcome_given,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"closed"}),
    )
)
