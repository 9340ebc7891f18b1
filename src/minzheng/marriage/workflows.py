"""The marriage registry's workflows as data (D9): an appointment, a marriage
registration and a divorce by agreement. Every action is a registrar's (the duty
`marriage_registrar`); the city administrator may also close an application whose
certificate window has passed (the daily job runs as a named account)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Refusal, Transition, Workflow, register
from minzheng.marriage.duties import REGISTRAR
from minzheng.marriage.rules import Outcome

REGISTRARS = frozenset({REGISTRAR})


def _today(params: Mapping[str, Any]) -> dt.date:
    today = params["today"]
    assert isinstance(today, dt.date)
    return today


def may_register(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D9.1–D9.2 on the day of registration: the service passes the check's outcome."""
    outcome = params.get("outcome")
    if not isinstance(outcome, Outcome):
        return Refusal("未进行登记审查", "party_a")
    return None if outcome.allowed else Refusal(outcome.text(), "party_a")


def in_cooling_off(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D9.3: either party may withdraw during the cooling-off period, not after it."""
    if _today(params) > case.cooling_off_ends_on:
        ended = case.cooling_off_ends_on.isoformat()
        return f"冷静期已于{ended}届满，不能再撤回；未按期申领即视为撤回"
    if params.get("party") not in {"party_a", "party_b"}:
        return Refusal("请选择撤回申请的一方", "party")
    return None


def in_window(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D9.3–D9.4: the certificate only after the cooling-off period, within the window,
    both parties in person."""
    today = _today(params)
    if today <= case.cooling_off_ends_on:
        return f"冷静期至{case.cooling_off_ends_on.isoformat()}届满，届满后方可发给离婚证"
    if today > case.window_ends_on:
        return f"申领期限已于{case.window_ends_on.isoformat()}届满，申请视为撤回"
    if not params.get("both_present"):
        return Refusal("须双方亲自到场申领离婚证", "both_present")
    return None


def window_passed(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D9.3: deemed withdrawn only once the window's last day has passed."""
    if _today(params) <= case.window_ends_on:
        return f"申领期限至{case.window_ends_on.isoformat()}，尚未届满"
    return None


APPOINTMENT = register(
    Workflow(
        name="marriage_appointment",
        initial="booked",
        states={"booked": "已预约", "cancelled": "已取消"},
        transitions=(
            Transition("cancel", "取消预约", frozenset({"booked"}), "cancelled", REGISTRARS),
        ),
        final_states=frozenset({"cancelled"}),
    )
)

REGISTRATION = register(
    Workflow(
        name="marriage_registration",
        initial="received",
        states={"received": "已受理待审查", "registered": "已登记", "refused": "不予登记"},
        transitions=(
            Transition(
                "register",
                "准予登记并发证",
                frozenset({"received"}),
                "registered",
                REGISTRARS,
                guard=may_register,
            ),
            Transition(
                "refuse",
                "不予登记",
                frozenset({"received"}),
                "refused",
                REGISTRARS,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"registered", "refused"}),
    )
)

DIVORCE = register(
    Workflow(
        name="marriage_divorce",
        initial="applied",
        states={
            "applied": "已受理离婚申请",
            "divorced": "已登记离婚",
            "withdrawn": "已撤回",
            "lapsed": "视为撤回",
            "refused": "不予登记",
        },
        transitions=(
            Transition(
                "withdraw",
                "撤回离婚申请",
                frozenset({"applied"}),
                "withdrawn",
                REGISTRARS,
                guard=in_cooling_off,
            ),
            Transition(
                "register",
                "准予离婚并发证",
                frozenset({"applied"}),
                "divorced",
                REGISTRARS,
                guard=in_window,
            ),
            Transition(
                "lapse",
                "逾期视为撤回",
                frozenset({"applied"}),
                "lapsed",
                REGISTRARS | {Role.CITY_ADMIN},
                guard=window_passed,
            ),
            Transition(
                "refuse",
                "不予登记",
                frozenset({"applied"}),
                "refused",
                REGISTRARS,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"divorced", "withdrawn", "lapsed", "refused"}),
    )
)
