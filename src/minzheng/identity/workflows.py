"""The review of a likely duplicate (D0.1 one person, one ID number; D5.3 nobody helped
twice): pending → same person / different people; same → merged (both records'
histories under one person) → undone back to same. Decisions belong to the county
civil-affairs bureau, which confirms (D1.1) and owns the registry of its area (D0.3)."""

from __future__ import annotations

from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register

REVIEWERS = frozenset({Role.COUNTY_APPROVER})

PAIR = register(
    Workflow(
        name="identity_pair",
        initial="pending",
        states={
            "pending": "待复核",
            "same": "确认同一人",
            "different": "确认不同人",
            "merged": "已合并档案",
        },
        transitions=(
            Transition("same", "确认同一人", frozenset({"pending"}), "same", REVIEWERS),
            Transition("different", "确认不同人", frozenset({"pending"}), "different", REVIEWERS),
            Transition("merge", "合并档案", frozenset({"same"}), "merged", REVIEWERS),
            Transition(
                "undo_merge",
                "撤销合并",
                frozenset({"merged"}),
                "same",
                REVIEWERS,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"different"}),
    )
)
