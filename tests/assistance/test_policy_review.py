"""Reviews (D1.16), gradual exit (D1.17) and termination of 特困 support (D2.7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from minzheng.assistance.policy.facts import Credit, Household, Income, Property
from minzheng.assistance.policy.review import PreviousDecision, ReviewResult, review
from minzheng.assistance.policy.vocabulary import (
    Custody,
    IncomeKind,
    Programme,
    Relation,
    ReviewOutcome,
)
from tests.assistance.test_policy_factories import family, household, member, params, run

DIBAO, EP = Programme.DIBAO, Programme.EXTREME_POVERTY


def _review(
    previous: PreviousDecision, home: Household, *, voluntary_exit: bool = False
) -> ReviewResult:
    return review(previous, run(home), params(), voluntary_exit=voluntary_exit)


def _dibao(amount: str, *members: str) -> PreviousDecision:
    return PreviousDecision(DIBAO, Decimal(amount), members or ("m1", "m2"))


def _employed_family(wages: str, **fields: Any) -> Household:
    return household(
        member("m1", incomes=(Income(IncomeKind.WAGES, Decimal(wages)),), newly_employed=True),
        member("m2", Relation.SPOUSE),
        **fields,
    )


def test_no_material_change_keeps_the_amount() -> None:
    result = _review(_dibao("1060.00"), family("500", "0"))
    assert result.outcome is ReviewOutcome.UNCHANGED
    assert result.amount == Decimal("1060.00")
    assert result.effective_from is None
    assert result.next_review_months == 6


def test_a_changed_amount_is_adjusted_from_next_month() -> None:
    result = _review(_dibao("1060.00"), family("700", "0"))
    assert result.outcome is ReviewOutcome.ADJUST
    assert (result.previous_amount, result.amount) == (Decimal("1060.00"), Decimal("860.00"))
    assert result.effective_from == dt.date(2026, 4, 1)
    assert "D1.16 保障金额由 1060.00 元/月调整为 860.00 元/月" in result.reasons[0].message


def test_income_above_the_standard_after_finding_work_starts_a_gradual_exit() -> None:
    result = _review(_dibao("1060.00"), _employed_family("1600"))
    assert result.outcome is ReviewOutcome.GRADUAL_EXIT
    assert result.exit_months == 6
    assert result.amount == Decimal("1060.00")
    assert result.effective_from == dt.date(2026, 4, 1)
    assert any(r.rule == "D1.17" and "2026-10-01 起停止" in r.message for r in result.reasons)


def test_the_gradual_exit_period_is_a_setting_and_zero_means_none() -> None:
    home = _employed_family("1600")
    off = review(_dibao("1060.00"), run(home), params({"dibao.gradual_exit.months": "0"}))
    assert off.outcome is ReviewOutcome.TERMINATE


def test_income_rising_without_new_work_terminates_from_next_month() -> None:
    result = _review(_dibao("1060.00"), family("1600", "0"))
    assert result.outcome is ReviewOutcome.TERMINATE
    assert result.effective_from == dt.date(2026, 4, 1)
    assert any(r.code == "dibao.income_not_below_standard" for r in result.reasons)


def test_a_breach_record_in_force_blocks_the_gradual_exit() -> None:
    home = _employed_family("1600", credit=Credit(pledge_signed=True, breach_in_force=True))
    assert _review(_dibao("1060.00"), home).outcome is ReviewOutcome.TERMINATE


def test_property_beyond_the_rules_terminates_even_after_finding_work() -> None:
    home = _employed_family("1600", property=Property(dwellings=2))
    result = _review(_dibao("1060.00"), home)
    assert result.outcome is ReviewOutcome.TERMINATE
    assert any(r.code == "property.dwellings_exceeded" for r in result.reasons)


def test_voluntary_exit_terminates() -> None:
    result = _review(_dibao("1060.00"), family("500", "0"), voluntary_exit=True)
    assert result.outcome is ReviewOutcome.TERMINATE
    assert result.reasons[0].code == "review.voluntary_exit"


def _ep(*members: str, amount: str = "1523.00") -> PreviousDecision:
    return PreviousDecision(EP, Decimal(amount), members or ("m1",))


def test_extreme_poverty_support_ends_after_a_seven_day_notice_from_next_month() -> None:
    home = household(member(age=75, incomes=(Income(IncomeKind.WAGES, Decimal("800")),)))
    result = _review(_ep(), home)
    assert result.outcome is ReviewOutcome.TERMINATE
    # notice 15–22 March, no objection: ends from 1 April
    assert result.effective_from == dt.date(2026, 4, 1)
    procedure = result.reasons[-1]
    assert procedure.rule == "D2.7"
    assert "公告 7 日" in procedure.message and "15 个工作日" in procedure.message
    assert any(r.code == "extreme_poverty.income_not_below_standard" for r in result.reasons)


def test_a_notice_crossing_the_month_end_ends_support_a_month_later() -> None:
    day = dt.date(2026, 3, 28)
    home = household(member(age=75, custody=Custody.IMPRISONED), day=day)
    result = _review(_ep(), home)
    assert result.effective_from == dt.date(2026, 5, 1)
    assert any(r.code == "extreme_poverty.in_custody" for r in result.reasons)


def test_a_member_who_regains_the_ability_to_work_drops_out_and_the_rest_is_adjusted() -> None:
    home = household(member("m1", age=75), member("m2", Relation.SIBLING, 45))
    result = _review(_ep("m1", "m2", amount="3046.00"), home)
    assert result.outcome is ReviewOutcome.ADJUST
    assert result.covered_members == ("m1",)
    assert any(r.code == "extreme_poverty.able_to_work" for r in result.reasons)


def test_a_covered_member_missing_from_the_new_facts_is_a_cause() -> None:
    result = _review(_ep("m1", "m9", amount="3046.00"), household(member(age=75)))
    assert any(r.code == "review.member_absent" and r.member_id == "m9" for r in result.reasons)
