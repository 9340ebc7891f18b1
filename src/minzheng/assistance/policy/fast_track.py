"""Credit fast track (信用+救助, D6.1–D6.2): grant first on a signed pledge, verify after.

With the honesty pledge signed and no breach record in force (D6.4), an
eligible cash programme may be granted within the configured days before
verification, up to the configured amount; missing documents may follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.facts import Household
from minzheng.assistance.policy.money import ZERO, yuan
from minzheng.assistance.policy.outcome import Decision, Reason, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import Benefit, Programme


@dataclass(frozen=True)
class FastTrack:
    programme: Programme
    eligible: bool
    advance_amount: Decimal
    grant_within_days: int
    reasons: tuple[Reason, ...]


def assess_fast_track(
    household: Household, decision: Decision, params: PolicyParameters
) -> FastTrack:
    days, cap = params.fast_track.grant_days, params.fast_track.amount_cap
    refusal = _refusal(household, decision)
    if refusal is not None:
        return FastTrack(decision.programme, False, ZERO, days, (refusal,))
    advance = min(decision.amount, cap)
    text = (
        f"已签署信用承诺书，材料可后置补充：{days} 日内先行发放 {yuan(advance)} 元"
        f"（先行救助上限 {yuan(cap)} 元），事后核查"
    )
    return FastTrack(
        decision.programme, True, advance, days, (reason("D6.2", "fast_track.granted", text),)
    )


def _refusal(household: Household, decision: Decision) -> Reason | None:
    if not household.credit.pledge_signed:
        return reason(
            "D6.1", "fast_track.no_pledge", "未签署信用承诺书，按常规程序办理", against=True
        )
    if household.credit.breach_in_force:
        return reason(
            "D6.4",
            "fast_track.breach_in_force",
            "存在有效期内的失信记录，不适用快速救助",
            against=True,
        )
    if decision.benefit is Benefit.STATUS:
        text = f"{decision.programme.label}为身份认定，不适用先行救助"
        return reason("D6.2", "fast_track.status_programme", text, against=True)
    if not decision.eligible:
        text = f"按申报情况不符合{decision.programme.label}条件，不适用先行救助"
        return reason("D6.2", "fast_track.not_eligible", text, against=True)
    return None
