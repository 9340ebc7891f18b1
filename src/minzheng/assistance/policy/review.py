"""Periodic review (动态管理): unchanged, adjust, gradual exit or terminate (D1.16, D1.17, D2.7).

A review re-runs the engine on the updated facts and compares with the
decision in force. No material change keeps the amount (D1.16). A dibao
household whose income rose above the standard because a member found work
may keep the previous amount for the gradual-exit period (D1.17) unless a
breach record is in force (D6.4). Ending 特困 support follows D2.7's
procedure: a 7-day county notice, then termination from the next month, or a
decision within 15 working days if someone objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.dates import add_months, first_of_next_month
from minzheng.assistance.policy.dibao import INCOME_NOT_BELOW, review_interval
from minzheng.assistance.policy.engine import Assessment
from minzheng.assistance.policy.money import ZERO, yuan
from minzheng.assistance.policy.outcome import Decision, Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Programme, ReviewOutcome


@dataclass(frozen=True)
class PreviousDecision:
    """The decision in force before the review."""

    programme: Programme
    amount: Decimal
    covered_members: tuple[str, ...]


@dataclass(frozen=True)
class ReviewResult:
    programme: Programme
    outcome: ReviewOutcome
    amount: Decimal
    previous_amount: Decimal
    covered_members: tuple[str, ...]
    effective_from: dt.date | None
    exit_months: int
    next_review_months: int | None
    reasons: tuple[Reason, ...]


def review(
    previous: PreviousDecision,
    assessment: Assessment,
    params: PolicyParameters,
    *,
    voluntary_exit: bool = False,
) -> ReviewResult:
    """Compare the decision in force with the engine's decision on the new facts."""
    new = assessment[previous.programme]
    if voluntary_exit:
        text = f"申请人自愿申请退出{previous.programme.label}"
        return _terminate(
            previous, assessment, params, [reason(_rule(previous), "review.voluntary_exit", text)]
        )
    if new.eligible:
        return _continue(previous, new, assessment, params)
    if _gradual_exit_applies(previous, new, assessment, params):
        return _gradual_exit(previous, assessment, params)
    return _terminate(previous, assessment, params, _causes(previous, new, assessment))


def _rule(previous: PreviousDecision) -> str:
    return "D2.7" if previous.programme is Programme.EXTREME_POVERTY else "D1.16"


def _next_review(
    previous: PreviousDecision, assessment: Assessment, params: PolicyParameters
) -> int | None:
    """D1.16's interval for dibao; other programmes have no rulebook review cycle."""
    if previous.programme not in (Programme.DIBAO, Programme.DIBAO_SINGLE_PERSON):
        return None
    return review_interval(assessment.household, assessment.membership, params)[0]


def _continue(
    previous: PreviousDecision, new: Decision, assessment: Assessment, params: PolicyParameters
) -> ReviewResult:
    start = first_of_next_month(assessment.household.decision_date)
    same_members = set(new.covered_members) == set(previous.covered_members)
    if new.amount == previous.amount and same_members:
        text = f"家庭情况无实质变化，保障金额 {yuan(new.amount)} 元/月维持不变"
        reasons = [reason("D1.16", "review.unchanged", text)]
        outcome, effective = ReviewOutcome.UNCHANGED, None
    else:
        text = (
            f"保障金额由 {yuan(previous.amount)} 元/月调整为 {yuan(new.amount)} 元/月，"
            f"自 {start.isoformat()} 起执行"
        )
        reasons = [reason("D1.16", "review.adjusted", text), *_causes(previous, new, assessment)]
        outcome, effective = ReviewOutcome.ADJUST, start
    return ReviewResult(
        previous.programme,
        outcome,
        new.amount,
        previous.amount,
        new.covered_members,
        effective,
        0,
        _next_review(previous, assessment, params),
        tuple(reasons),
    )


def _gradual_exit_applies(
    previous: PreviousDecision, new: Decision, assessment: Assessment, params: PolicyParameters
) -> bool:
    """D1.17: dibao, income now not below the standard, property still fine, a member newly
    employed, a gradual-exit period configured, and no breach record in force (D6.4)."""
    if previous.programme is not Programme.DIBAO or params.dibao.gradual_exit_months <= 0:
        return False
    if assessment.household.credit.breach_in_force:
        return False
    against = {item.code for item in new.reasons if item.against}
    found_work = any(m.newly_employed for m in assessment.membership.counted)
    return against == {INCOME_NOT_BELOW} and found_work


def _gradual_exit(
    previous: PreviousDecision, assessment: Assessment, params: PolicyParameters
) -> ReviewResult:
    months = params.dibao.gradual_exit_months
    start = first_of_next_month(assessment.household.decision_date)
    end = add_months(start, months)
    workers = "、".join(m.display for m in assessment.membership.counted if m.newly_employed)
    text = (
        f"{workers} 就业后家庭人均收入不低于低保标准，给予 {months} 个月渐退期："
        f"{start.isoformat()} 起继续按 {yuan(previous.amount)} 元/月发放，"
        f"{end.isoformat()} 起停止"
    )
    causes = _causes(previous, assessment[previous.programme], assessment)
    return ReviewResult(
        previous.programme,
        ReviewOutcome.GRADUAL_EXIT,
        previous.amount,
        previous.amount,
        previous.covered_members,
        start,
        months,
        None,
        (*causes, reason("D1.17", "review.gradual_exit", text)),
    )


def _terminate(
    previous: PreviousDecision,
    assessment: Assessment,
    params: PolicyParameters,
    causes: list[Reason],
) -> ReviewResult:
    day = assessment.household.decision_date
    if previous.programme is Programme.EXTREME_POVERTY:
        settings = params.extreme_poverty
        notice_end = day + dt.timedelta(days=settings.termination_notice_days)
        effective = first_of_next_month(notice_end)
        text = (
            f"终止救助供养：在县级民政部门公告 {settings.termination_notice_days} 日，无异议的自 "
            f"{effective.isoformat()} 起终止；有异议的在 "
            f"{settings.termination_objection_working_days} 个工作日内调查核实并作出决定，"
            "重新公告，并书面说明理由"
        )
        procedure = reason("D2.7", "review.terminated_after_notice", text)
    else:
        effective = first_of_next_month(day)
        text = (
            f"不再符合{previous.programme.label}条件，自 {effective.isoformat()} 起停止发放，"
            "书面告知理由"
        )
        procedure = reason("D1.16", "review.terminated", text)
    return ReviewResult(
        previous.programme,
        ReviewOutcome.TERMINATE,
        ZERO,
        previous.amount,
        (),
        effective,
        0,
        None,
        (*causes, procedure),
    )


def _causes(previous: PreviousDecision, new: Decision, assessment: Assessment) -> list[Reason]:
    """The conditions no longer met: household-wide ones, and those of members who dropped out."""
    dropped = set(previous.covered_members) - set(new.covered_members)
    causes = [
        item
        for item in new.reasons
        if item.against and (item.member_id is None or item.member_id in dropped)
    ]
    for member_id in sorted(dropped):
        if assessment.household.member(member_id) is None:
            text = f"原保障成员 {member_id} 已不在家庭成员信息中（死亡、迁出等）"
            causes.append(
                reason(_rule(previous), "review.member_absent", text, member_id, against=True)
            )
    return causes
