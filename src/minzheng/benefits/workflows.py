"""The disability two subsidies' procedure as data (D4.5): application at any township,
forwarded to the household's registration place when received elsewhere (跨区/跨省通办),
township acceptance and check, county disabled persons' federation review (a duty),
county civil-affairs decision, each transition logged by the one engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minzheng.benefits.certificates import renewed_certificate
from minzheng.benefits.duties import FEDERATION
from minzheng.core.roles import Role
from minzheng.core.workflow import Transition, Workflow, register

CW, TR, CA = Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER
INTAKE = frozenset({CW, TR})
# Those who run the review sweep (page 补贴复核: whoever edits personal records).
SWEEPERS = frozenset({CW, TR, CA, Role.CITY_ADMIN})


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


def cause_remains(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D4.2: a stop for an expired certificate is not confirmed once it was renewed."""
    if renewed_certificate(case, params["today"]) is not None:
        return "残疾人证已换发，复核原因已消除，请重新检查在发对象"
    return None


def certificate_renewed(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """Only a review of an expired certificate, renewed since (D4.2), lapses."""
    if renewed_certificate(case, params["today"]) is None:
        return "未登记换发后仍有效的残疾人证，不能撤销复核"
    return None


# A benefit's review (issue 19 item 4): the sweep re-runs the policy engine when a
# certificate expires, the registry's grade or type changes, the beneficiary dies or
# the household's assistance status changes, and proposes an adjustment or a stop with
# the engine's reasons; the county bureau, which decides the benefits (D4.5), confirms
# it (the change is then written, from the month after the event) or dismisses it. A
# review of an expired certificate lapses when the sweep finds the renewal recorded
# (`services.certificates`), whoever runs the sweep.
REVIEW = register(
    Workflow(
        name="benefits_review",
        initial="proposed",
        states={
            "proposed": "待审批",
            "confirmed": "已确认执行",
            "dismissed": "不予调整",
            "lapsed": "已换发残疾人证，复核撤销",
        },
        transitions=(
            Transition(
                "confirm",
                "确认执行",
                frozenset({"proposed"}),
                "confirmed",
                frozenset({CA}),
                guard=cause_remains,
            ),
            Transition(
                "dismiss",
                "不予调整",
                frozenset({"proposed"}),
                "dismissed",
                frozenset({CA}),
                requires_note=True,
            ),
            Transition(
                "lapse",
                "换证后撤销复核",
                frozenset({"proposed"}),
                "lapsed",
                SWEEPERS,
                guard=certificate_renewed,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"confirmed", "dismissed", "lapsed"}),
    )
)


def assessment_in_force(case: Any, actor: Any, params: Mapping[str, Any]) -> str | None:
    """D7.4: the subsidy is decided on an assessment valid on the decision day."""
    if case.assessment_id is None:
        return "尚未录入能力评估，不能审批"
    return None


# The care-service subsidy of economically poor elderly people (D7.4, a procedure the
# rulebook does not spell out: built like the two subsidies' — the township receives and
# checks, the county bureau that pays decides — an assumption, docs/benefits.md).
CARE_SERVICE = register(
    Workflow(
        name="benefits_care_service",
        initial="received",
        states={
            "received": "已登记申请",
            "checked": "乡镇已审核，待县民政审批",
            "approved": "已批准",
            "refused": "不予批准",
            "withdrawn": "已撤回",
        },
        transitions=(
            Transition(
                "check",
                "乡镇审核通过，报县民政审批",
                frozenset({"received"}),
                "checked",
                frozenset({TR}),
                guard=assessment_in_force,
                deadline_working_days="benefits.care_service.decision_working_days",
            ),
            Transition(
                "decide",
                "批准",
                frozenset({"checked"}),
                "approved",
                frozenset({CA}),
                guard=assessment_in_force,
            ),
            Transition(
                "refuse",
                "不予批准",
                frozenset({"received", "checked"}),
                "refused",
                frozenset({TR, CA}),
                requires_note=True,
            ),
            Transition(
                "withdraw",
                "申请人撤回",
                frozenset({"received", "checked"}),
                "withdrawn",
                INTAKE,
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved", "refused", "withdrawn"}),
    )
)
