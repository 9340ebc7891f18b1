"""The calculator response: engine results as JSON-able dicts.

Amounts are strings with exactly two decimals ("840.00") so that no client
turns them into floats; dates are ISO strings; codes are the vocabulary codes
and every reason carries its rule, code, Chinese message, member and whether
it speaks against eligibility.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance.policy.engine import Assessment
from minzheng.assistance.policy.fast_track import FastTrack
from minzheng.assistance.policy.money import yuan
from minzheng.assistance.policy.notification import DocumentNeed, Notification
from minzheng.assistance.policy.outcome import Decision, Figure, Reason
from minzheng.assistance.policy.review import ReviewResult
from minzheng.assistance.policy.vocabulary import Programme

JSON = dict[str, Any]  # a JSON object: values are JSON values, nested


def reason_dict(item: Reason) -> JSON:
    return {
        "rule": item.rule,
        "code": item.code,
        "message": item.message,
        "member_id": item.member_id,
        "against": item.against,
    }


def reasons(items: Iterable[Reason]) -> list[JSON]:
    return [reason_dict(item) for item in items]


def figure(value: Figure) -> object:
    return yuan(value) if isinstance(value, Decimal) else value


def figures(values: Mapping[str, Figure]) -> JSON:
    return {key: figure(value) for key, value in values.items()}


def decision_dict(decision: Decision) -> JSON:
    return {
        "programme": decision.programme.value,
        "name": decision.programme.label,
        "eligible": decision.eligible,
        "benefit": decision.benefit.value,
        "amount": yuan(decision.amount),
        "covered_members": list(decision.covered_members),
        "member_amounts": {key: yuan(value) for key, value in decision.member_amounts.items()},
        "figures": figures(decision.figures),
        "member_figures": {key: figures(value) for key, value in decision.member_figures.items()},
        "reasons": reasons(decision.reasons),
    }


def household_dict(assessment: Assessment) -> JSON:
    """D1.4 membership and D1.11/D1.12 income, shared by every programme."""
    day = assessment.household.decision_date
    income = assessment.income
    return {
        "members": [
            {
                "id": status.member.id,
                "name": status.member.name,
                "age": status.member.age_on(day),
                "counted": status.counted,
                "reason": reason_dict(status.reason),
            }
            for status in assessment.membership.statuses
        ],
        "counted_members": assessment.membership.size,
        "income": {
            "gross_monthly": yuan(income.gross),
            "excluded_monthly": yuan(income.excluded),
            "deductions_monthly": yuan(income.deductions),
            "net_monthly": yuan(income.net),
            "per_capita_monthly": yuan(income.per_capita_shown),
        },
        "reasons": reasons(income.reasons),
    }


def programmes_dict(assessment: Assessment, chosen: Iterable[Programme]) -> JSON:
    return {programme.value: decision_dict(assessment[programme]) for programme in chosen}


def fast_track_dict(result: FastTrack) -> JSON:
    return {
        "programme": result.programme.value,
        "eligible": result.eligible,
        "advance_amount": yuan(result.advance_amount),
        "grant_within_days": result.grant_within_days,
        "reasons": reasons(result.reasons),
    }


def _document(need: DocumentNeed) -> JSON:
    return {
        "code": need.document.value,
        "name": need.document.label,
        "member_id": need.member_id,
        "title": need.title,
        "rule": need.rule,
        "why": need.why,
        "obtainable_by_data_sharing": need.obtainable_by_data_sharing,
        "may_follow_later": need.may_follow_later,
    }


def notification_dict(notice: Notification) -> JSON:
    return {
        "programme": notice.programme.value,
        "required": [_document(need) for need in notice.required],
        "obtained_by_data_sharing": [_document(need) for need in notice.shared],
        "text": notice.text,
    }


def review_dict(result: ReviewResult) -> JSON:
    return {
        "programme": result.programme.value,
        "outcome": result.outcome.value,
        "outcome_name": result.outcome.label,
        "amount": yuan(result.amount),
        "previous_amount": yuan(result.previous_amount),
        "covered_members": list(result.covered_members),
        "effective_from": result.effective_from.isoformat() if result.effective_from else None,
        "exit_months": result.exit_months,
        "next_review_months": result.next_review_months,
        "reasons": reasons(result.reasons),
    }
