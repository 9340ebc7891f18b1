"""The licence application workflow as data (D15). The licensing authority — the
county's or the city's civil-affairs bureau (县级、市级民政部门) — receives, tells once
what to correct, accepts, pauses the clocks for an excluded stage, decides and
delivers. An extension (D15.1: "with the head's approval") is asked by one member of
staff and approved or refused by the head — who holds the duty `licensing_head` —
never by the one who asked (the guard). Deemed acceptance (D15.2) is the daily
job's action, taken in the name of the member of staff who received the application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core import config, workdays
from minzheng.core.roles import Role
from minzheng.core.workflow import Refusal, Transition, Workflow, register
from minzheng.licensing.items import item

AUTHORITY = frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})
HEAD = frozenset({"licensing_head"})  # the duty (岗位) of licensing/apps.py, D15.1
CORRECTION_DAYS = "licensing.correction.working_days"


def correction_due(case: Any) -> Any:
    """The last day to tell the applicant what to correct (D15.2)."""
    days = config.config_int(CORRECTION_DAYS, on=case.received_on, area=case.area)
    return workdays.add_working_days(case.received_on, days)


def _missing(case: Any, materials: Any) -> list[str]:
    received = set(materials if materials is not None else case.materials_received)
    return [label for code, label in item(case.item_code).materials if code not in received]


def complete_materials(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    missing = _missing(case, params.get("materials"))
    if missing:
        return Refusal(f"材料不全，缺：{'、'.join(missing)}；请一次性告知补正", "materials")
    return None


def may_request_correction(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if hasattr(case, "correction_notice"):
        return "补正材料只能一次性告知，本申请已告知过"
    if params["today"] > correction_due(case):
        return f"已超过{correction_due(case):%Y年%m月%d日}，逾期未告知补正的视为受理"
    if not params.get("missing"):
        return Refusal("请勾选须补正的材料", "missing")
    return None


def correction_window_passed(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if params["today"] <= correction_due(case):
        return f"补正告知期限（{correction_due(case):%Y年%m月%d日}）尚未届满"
    return None


def another_approves(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if case.extension_requested_by_id == actor.pk:
        return "延长期限须经申请延期以外的负责人批准"
    return None


T = Transition
LICENCE = register(
    Workflow(
        name="licence_application",
        initial="received",
        states={
            "received": "已收件（待受理）",
            "correction": "补正材料中",
            "accepted": "已受理（计时中）",
            "paused": "中止计时",
            "extension_requested": "延期待批准",
            "granted": "准予许可（待送达）",
            "refused": "不予许可",
            "delivered": "已送达",
            "declined": "不予受理",
            "withdrawn": "申请人撤回",
        },
        transitions=(
            T(
                "accept",
                "受理",
                frozenset({"received", "correction"}),
                "accepted",
                AUTHORITY,
                guard=complete_materials,
            ),
            T(
                "request_correction",
                "一次性告知补正材料",
                frozenset({"received"}),
                "correction",
                AUTHORITY,
                guard=may_request_correction,
            ),
            T(
                "deem_accept",
                "逾期未告知补正，视为受理",
                frozenset({"received"}),
                "accepted",
                AUTHORITY,
                guard=correction_window_passed,
            ),
            T(
                "decline",
                "不予受理",
                frozenset({"received", "correction"}),
                "declined",
                AUTHORITY,
                requires_note=True,
            ),
            T(
                "pause",
                "中止计时（书面告知）",
                frozenset({"accepted"}),
                "paused",
                AUTHORITY,
                requires_note=True,
            ),
            T("resume", "恢复计时", frozenset({"paused"}), "accepted", AUTHORITY),
            T(
                "request_extension",
                "申请延长期限",
                frozenset({"accepted"}),
                "extension_requested",
                AUTHORITY,
                requires_note=True,
            ),
            T(
                "approve_extension",
                "批准延长期限",
                frozenset({"extension_requested"}),
                "accepted",
                HEAD,
                guard=another_approves,
            ),
            T(
                "refuse_extension",
                "不批准延期",
                frozenset({"extension_requested"}),
                "accepted",
                HEAD,
                requires_note=True,
            ),
            T("grant", "准予许可", frozenset({"accepted"}), "granted", AUTHORITY),
            T(
                "refuse",
                "不予许可",
                frozenset({"accepted"}),
                "refused",
                AUTHORITY,
                requires_note=True,
            ),
            T("deliver", "送达许可证件", frozenset({"granted"}), "delivered", AUTHORITY),
            T(
                "withdraw",
                "申请人撤回",
                frozenset({"received", "correction", "accepted", "paused", "extension_requested"}),
                "withdrawn",
                AUTHORITY,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"refused", "delivered", "declined", "withdrawn"}),
    )
)
