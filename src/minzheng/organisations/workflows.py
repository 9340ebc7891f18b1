"""The organisations' workflows as data (D10): an organisation's registration status,
an annual report's review and a credit listing's removal. Registration is the work of
the registration authorities, the civil-affairs bureaus of counties and the city
(社会团体登记管理条例 art. 6), so their staff act; communities and townships, the
auditor and leaders read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Refusal, Transition, Workflow, register
from minzheng.organisations.models import ReviewResult

REGISTRARS = frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})
OPERATING = frozenset({"registered", "suspended"})

ORGANISATION = register(
    Workflow(
        name="organisation",
        initial="registered",
        states={
            "registered": "正常",
            "suspended": "停止活动",
            "revoked": "已撤销登记",
            "deregistered": "已注销",
        },
        transitions=(
            Transition(
                "suspend",
                "责令停止活动",
                frozenset({"registered"}),
                "suspended",
                REGISTRARS,
                requires_note=True,
            ),
            Transition(
                "resume",
                "恢复活动",
                frozenset({"suspended"}),
                "registered",
                REGISTRARS,
                requires_note=True,
            ),
            Transition("revoke", "撤销登记", OPERATING, "revoked", REGISTRARS, requires_note=True),
            Transition(
                "deregister", "注销登记", OPERATING, "deregistered", REGISTRARS, requires_note=True
            ),
        ),
        final_states=frozenset({"revoked", "deregistered"}),
        records=(
            Record("change", "变更登记", OPERATING, REGISTRARS),
            Record("file_report", "录入年度工作报告", OPERATING, REGISTRARS),
            Record("penalise", "登记行政处罚", OPERATING, REGISTRARS),
        ),
    )
)


def result_given(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if params.get("result") not in ReviewResult.values:
        return Refusal("请选择审查结论", field="result")
    return None


ANNUAL_REPORT = register(
    Workflow(
        name="annual_report",
        initial="submitted",
        states={"submitted": "待审查", "returned": "退回补正", "reviewed": "已审查"},
        transitions=(
            Transition(
                "review",
                "审查",
                frozenset({"submitted"}),
                "reviewed",
                REGISTRARS,
                guard=result_given,
            ),
            Transition(
                "send_back",
                "退回补正",
                frozenset({"submitted"}),
                "returned",
                REGISTRARS,
                requires_note=True,
            ),
            Transition("resubmit", "重新报送", frozenset({"returned"}), "submitted", REGISTRARS),
        ),
        final_states=frozenset({"reviewed"}),
    )
)


def rectified(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D10.7: removal after rectification. A late report is rectified by the report
    itself; a revocation cannot be undone by rectifying."""
    if case.reason == "revoked":
        return "因撤销登记列入的，不能通过整改移出"
    if case.reason == "late_report":
        filed = case.organisation.annual_reports.filter(year=case.year).exists()
        if not filed:
            return f"{case.year}年度工作报告尚未报送，不能移出"
    return None


CREDIT_LISTING = register(
    Workflow(
        name="credit_listing",
        initial="listed",
        states={"listed": "在列", "removed": "已移出"},
        transitions=(
            Transition(
                "remove",
                "整改后移出",
                frozenset({"listed"}),
                "removed",
                REGISTRARS,
                guard=rectified,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"removed"}),
    )
)
