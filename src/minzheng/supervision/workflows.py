"""The findings workflow (D14.12): assigned by area → verified on the ground (confirmed,
or a false alarm with its reason) → rectified by the county bureau (stop, correct,
recover through payments) → closed with evidence. Every confirmed finding is closed
(动态清零); a recovery must be repaid or written off first (D13.5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Refusal, Transition, Workflow, register

CW, TR, CA = Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER
# The community and township verify on the ground; the county bureau, which answers
# for its county's findings, may verify too (D14.12).
VERIFIERS = frozenset({CW, TR, CA})
# Stopping, correcting and recovering payments are the county bureau's (D13.5: the
# county approver registers repayments and write-offs); so is closing.
RECTIFIERS = frozenset({CA})
VERIFY_DAYS = "supervision.finding.verify_working_days"
RECTIFY_DAYS = "supervision.finding.rectify_working_days"


def recovery_settled(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """A finding with a recovery order closes once the order is repaid or written off
    (payments' rules, D13.5)."""
    order = case.recovery
    if order is not None and order.status not in {"repaid", "written_off"}:
        return Refusal(
            f"追回单尚未追回完毕（未追回{order.outstanding}元），须追回或经县级核销后才能办结",
            "note",
        )
    return None


FINDING = register(
    Workflow(
        name="supervision_finding",
        initial="open",
        states={
            "open": "待核实",
            "confirmed": "已确认",
            "false_alarm": "误报",
            "rectifying": "整改中",
            "closed": "已办结",
        },
        transitions=(
            Transition(
                "confirm",
                "核实确认",
                frozenset({"open"}),
                "confirmed",
                VERIFIERS,
                deadline_working_days=RECTIFY_DAYS,
                requires_note=True,
            ),
            Transition(
                "dismiss",
                "排除（误报）",
                frozenset({"open"}),
                "false_alarm",
                VERIFIERS,
                requires_note=True,  # D14.12: a false alarm states its reason
            ),
            Transition(
                "rectify",
                "开始整改",
                frozenset({"confirmed"}),
                "rectifying",
                RECTIFIERS,
                deadline_working_days=RECTIFY_DAYS,
            ),
            Transition(
                "close",
                "整改办结",
                frozenset({"rectifying"}),
                "closed",
                RECTIFIERS,
                guard=recovery_settled,
                requires_note=True,  # the evidence of the rectification
            ),
        ),
        records=(
            Record("stop", "停发", frozenset({"confirmed", "rectifying"}), RECTIFIERS),
            Record("correct", "纠正", frozenset({"confirmed", "rectifying"}), RECTIFIERS),
            Record("recover", "追回", frozenset({"confirmed", "rectifying"}), RECTIFIERS),
        ),
        final_states=frozenset({"false_alarm", "closed"}),
    )
)
