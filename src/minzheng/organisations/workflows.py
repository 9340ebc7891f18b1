"""The organisations' workflows as data (D10): an organisation's registration status,
an annual report's review and a credit listing's removal. Registration is the work of
the registration authorities, the civil-affairs bureaus of counties and the city
(社会团体登记管理条例 art. 6): the staff holding the registrar's post there act;
other staff, communities and townships, the auditor and leaders read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Refusal, Transition, Workflow, register
from minzheng.organisations.models import ReviewResult

# The post (岗位) of organisation registrar, held by staff of the county and city
# bureaus (apps.OrganisationsConfig.duties); every step below is the registrar's.
REGISTRAR = "organisation_registrar"
REGISTRAR_ROLES = frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})
REGISTRARS = frozenset({REGISTRAR})
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
            Record("evaluate", "评估评分", OPERATING, REGISTRARS),
            Record("fees", "登记涉企收费", OPERATING, REGISTRARS),
            Record("party", "登记党建信息", OPERATING, REGISTRARS),
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
    if case.reason == "no_party":  # D10.3: rectified by setting up a branch
        branches = case.organisation.party_branches.filter(
            established_on__lte=params["today"], dissolved_on__isnull=True
        )
        if not branches.exists():
            return "尚未建立党组织，不能移出"
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


def publicity_over(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D10.8: the grade is fixed after its publicity period, every objection handled."""
    if case.publicity_ends_on and params["today"] <= case.publicity_ends_on:
        return f"公示期至{case.publicity_ends_on:%Y-%m-%d}，期满后才能确定等级"
    if case.objections.filter(resolved=False).exists():
        return "尚有未处理的异议，请先处理（异议不成立）或撤回重评"
    return None


EVALUATION = register(
    Workflow(
        name="evaluation",
        initial="scored",
        states={
            "scored": "已评分",
            "publicity": "公示中",
            "confirmed": "已确定等级",
            "withdrawn": "已撤回重评",
        },
        transitions=(
            Transition("publish", "公示", frozenset({"scored"}), "publicity", REGISTRARS),
            Transition(
                "confirm",
                "确定等级",
                frozenset({"publicity"}),
                "confirmed",
                REGISTRARS,
                guard=publicity_over,
            ),
            Transition(
                "withdraw",
                "撤回重评",
                frozenset({"scored", "publicity"}),
                "withdrawn",
                REGISTRARS,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"confirmed", "withdrawn"}),
        records=(
            Record("object", "登记异议", frozenset({"publicity"}), REGISTRARS),
            Record("dismiss", "异议不成立", frozenset({"publicity"}), REGISTRARS),
        ),
    )
)


# Adoption (D10.4) is field work beside the household: any staff who work cases in
# the household's area record it, as for key households (screening).
FIELD_STAFF = frozenset(
    {Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN}
)

ADOPTION = register(
    Workflow(
        name="adoption",
        initial="active",
        states={"active": "帮扶中", "ended": "已结束"},
        transitions=(
            Transition(
                "end", "结束认领", frozenset({"active"}), "ended", FIELD_STAFF, requires_note=True
            ),
        ),
        final_states=frozenset({"ended"}),
        records=(Record("visit", "登记走访", frozenset({"active"}), FIELD_STAFF),),
    )
)


def no_findings(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D10.5: a fee item is compliant only when no check of the fee rules is found."""
    if params.get("findings"):
        return Refusal("审查发现问题的，应责令整改，不能审查合规", field="findings")
    return None


def some_finding(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    if not params.get("findings"):
        return Refusal("请勾选审查发现的问题", field="findings")
    return None


# Fees of trade associations (D10.5): the registrar reviews each fee item against the
# checks of the fee rules; a finding calls for rectification, then a new review.
FEE_ITEM = register(
    Workflow(
        name="fee_item",
        initial="submitted",
        states={"submitted": "待审查", "compliant": "审查合规", "rectification": "责令整改"},
        transitions=(
            Transition(
                "approve",
                "审查合规",
                frozenset({"submitted"}),
                "compliant",
                REGISTRARS,
                guard=no_findings,
            ),
            Transition(
                "order_rectification",
                "责令整改",
                frozenset({"submitted"}),
                "rectification",
                REGISTRARS,
                guard=some_finding,
                requires_note=True,
            ),
            Transition(
                "resubmit",
                "整改完毕，重新审查",
                frozenset({"rectification"}),
                "submitted",
                REGISTRARS,
                requires_note=True,
            ),
            Transition(
                "reopen",
                "重新审查",
                frozenset({"compliant"}),
                "submitted",
                REGISTRARS,
                requires_note=True,
            ),
        ),
    )
)
