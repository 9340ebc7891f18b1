"""The two assistance workflows as data: the regular procedure (D1.1–D1.10) and the
credit fast track (D6). Deadlines are working days from configuration, so a
locality may shorten them (D1.9). The records (reports, visits, objections, an
extension) are declared beside the transitions: this module is the one table of
who may do what on an assistance case."""

from __future__ import annotations

from minzheng.assistance import guards
from minzheng.core.roles import Role
from minzheng.core.workflow import Record, Transition, Workflow, register

CW, TR, CA = Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER


def _t(
    action: str, label: str, sources: set[str], target: str, roles: set[str], **kw: object
) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **kw)  # type: ignore[arg-type]


def _r(action: str, label: str, states: set[str], roles: set[str]) -> Record:
    return Record(action, label, frozenset(states), frozenset(roles))


_OPEN = {"accepted", "investigated", "reviewed", "in_notice", "awaiting_decision"}


REGULAR = register(
    Workflow(
        name="assistance_regular",
        initial="submitted",
        states={
            "submitted": "已申请",
            "materials_pending": "待补正材料",
            "accepted": "已受理（调查中）",
            "investigated": "调查完成",
            "reviewed": "乡镇已审核",
            "in_notice": "公示中",
            "awaiting_decision": "待县级审批",
            "approved": "已批准",
            "refused": "不予批准（待告知）",
            "closed_refused": "已书面告知不予批准",
            "withdrawn": "已撤回",
        },
        transitions=(
            _t(
                "request_materials", "一次性告知补正材料", {"submitted"}, "materials_pending", {TR}
            ),
            _t("accept", "受理", {"submitted", "materials_pending"}, "accepted", {TR}),
            _t(
                "complete_investigation",
                "完成调查",
                {"accepted"},
                "investigated",
                {CW, TR, CA},
                guard=guards.investigation_complete,
            ),
            _t(
                "review",
                "乡镇审核（民主评议）",
                {"investigated"},
                "reviewed",
                {TR},
                guard=guards.not_recused,
                requires_note=True,
            ),
            _t("post_notice", "张榜公示", {"reviewed"}, "in_notice", {CW, TR}),
            _t(
                "reinvestigate",
                "异议成立，重新调查",
                {"in_notice"},
                "accepted",
                {TR},
                requires_note=True,
            ),
            _t(
                "submit_for_decision",
                "公示期满，报县级审批",
                {"in_notice"},
                "awaiting_decision",
                {TR},
                guard=guards.notice_over_without_objection,
                deadline_working_days="dibao.deadline.decision_working_days",
            ),
            _t(
                "approve",
                "批准",
                {"awaiting_decision"},
                "approved",
                {CA},
                guard=guards.decision_allowed,
            ),
            _t(
                "refuse",
                "不予批准",
                {"accepted", "investigated", "reviewed", "awaiting_decision"},
                "refused",
                {CA},
                guard=guards.not_recused,
                requires_note=True,
                deadline_working_days="dibao.deadline.refusal_notice_working_days",
            ),
            _t(
                "notify_refusal",
                "书面告知（含理由及救济途径）",
                {"refused"},
                "closed_refused",
                {TR, CA},
            ),
            _t(
                "withdraw",
                "申请人撤回",
                {"submitted", "materials_pending", "accepted", "investigated", "reviewed"},
                "withdrawn",
                {CW, TR},
                requires_note=True,
            ),
        ),
        final_states=frozenset({"approved", "closed_refused", "withdrawn"}),
        records=(
            _r("means_test", "录入核对报告", {"accepted"}, {CW, TR}),
            _r("home_visit", "录入入户调查", {"accepted"}, {CW, TR, CA}),
            _r("objection", "登记公示异议", {"in_notice"}, {CW, TR}),
            _r("extend", "延长办理时限", _OPEN, {CA}),
        ),
    )
)

FAST = register(
    Workflow(
        name="assistance_fast",
        initial="submitted",
        states={
            "submitted": "已申请（信用承诺）",
            "granted": "已先行发放（待核查）",
            "confirmed": "核查属实",
            "breach": "认定失信",
            "refused": "不适用先办后核",
            "withdrawn": "已撤回",
        },
        transitions=(
            _t(
                "grant",
                "先行发放",
                {"submitted"},
                "granted",
                {TR, CA},
                guard=guards.fast_grant_allowed,
                deadline_working_days="fast_track.verification_working_days",
            ),
            _t(
                "refuse_fast",
                "不适用先办后核",
                {"submitted"},
                "refused",
                {TR, CA},
                requires_note=True,
            ),
            _t(
                "confirm", "核查属实", {"granted"}, "confirmed", {TR, CA}, guard=guards.not_recused
            ),
            _t(
                "find_breach",
                "认定失信",
                {"granted"},
                "breach",
                {CA},
                guard=guards.breach_graded,
                requires_note=True,
            ),
            _t("withdraw", "申请人撤回", {"submitted"}, "withdrawn", {CW, TR}, requires_note=True),
        ),
        final_states=frozenset({"confirmed", "breach", "refused", "withdrawn"}),
    )
)

# A beneficiary of the city's roll before the platform (payments' roll import, issue 10
# item 8): the decision was taken outside it, so its case is born in its one state and
# no action moves it; later changes are the enrolment's reviews (D1.16) like any other.
ROLL = register(
    Workflow(
        name="assistance_roll",
        initial="approved",
        states={"approved": "已批准（存量名册导入）"},
        transitions=(),
        final_states=frozenset({"approved"}),
    )
)

# A benefit decided by its own procedure (minzheng.benefits: the disability subsidies,
# D4.5; the old-age allowance, D7.3): the case here only carries the enrolment the
# payroll pays, born approved; the procedure and its history are the benefit's case.
BENEFIT = register(
    Workflow(
        name="assistance_benefit",
        initial="approved",
        states={"approved": "已批准（专项补贴）"},
        transitions=(),
        final_states=frozenset({"approved"}),
    )
)


def case_state_criterion(state: str) -> str:
    """A case-state filter in words, whichever track the state belongs to (audit trail)."""
    return (FAST if state in FAST.states and state not in REGULAR.states else REGULAR).criterion(
        state
    )
