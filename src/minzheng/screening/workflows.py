"""The two screening workflows as data: a campaign's lifecycle and a key household's
tracked help. Organisers (township, county, city) run campaigns; every member of
staff who works cases may close the help of a household in their area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register

ORGANISERS = frozenset({Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN})
FIELD_STAFF = ORGANISERS | {Role.CASEWORKER}


def ready_to_start(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """A campaign starts with its list of households and at least one round."""
    if not case.targets.exists():
        return "尚未生成排查名单，不能启动"
    if not case.rounds.exists():
        return "尚未安排排查轮次，不能启动"
    return None


CAMPAIGN = register(
    Workflow(
        name="screening_campaign",
        initial="draft",
        states={"draft": "草拟", "active": "排查中", "closed": "已结束"},
        transitions=(
            Transition(
                "activate",
                "启动排查",
                frozenset({"draft"}),
                "active",
                ORGANISERS,
                guard=ready_to_start,
            ),
            Transition(
                "close",
                "结束排查",
                frozenset({"draft", "active"}),
                "closed",
                ORGANISERS,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"closed"}),
    )
)

KEY_HOUSEHOLD = register(
    Workflow(
        name="screening_key_household",
        initial="active",
        states={"active": "跟踪帮扶中", "closed": "已结束帮扶"},
        transitions=(
            Transition(
                "close",
                "结束帮扶",
                frozenset({"active"}),
                "closed",
                FIELD_STAFF,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"closed"}),
    )
)
