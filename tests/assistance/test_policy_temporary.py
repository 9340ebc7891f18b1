"""Temporary assistance (D3.1) and the credit fast track (D6.1, D6.2, D6.4)."""

from __future__ import annotations

from decimal import Decimal

from minzheng.assistance.policy.engine import assess
from minzheng.assistance.policy.facts import Credit, Household, TemporaryNeed
from minzheng.assistance.policy.fast_track import assess_fast_track
from minzheng.assistance.policy.vocabulary import EmergencyKind, Programme, TemporaryType
from tests.assistance.test_policy_factories import codes, decide, family, params

TEMPORARY = Programme.TEMPORARY


def _emergency(cost: str, *incomes: str) -> Household:
    need = TemporaryNeed(TemporaryType.EMERGENCY, Decimal(cost), EmergencyKind.FIRE)
    return family(*(incomes or ("5000",)), temporary=need)


def _expenditure(cost: str, *incomes: str) -> Household:
    return family(*incomes, temporary=TemporaryNeed(TemporaryType.EXPENDITURE, Decimal(cost)))


def test_no_application_means_no_temporary_assistance() -> None:
    decision = decide(family("0"), TEMPORARY)
    assert not decision.eligible
    assert decision.has("temporary.not_requested")


def test_emergency_aid_has_no_means_test_and_covers_the_loss() -> None:
    decision = decide(_emergency("2000", "20000"), TEMPORARY)
    assert decision.eligible
    assert decision.amount == Decimal("2000.00")
    assert decision.figures["approval_level"] == "township"


def test_emergency_aid_is_capped_at_six_months_of_the_standard() -> None:
    decision = decide(_emergency("8000"), TEMPORARY)
    assert decision.amount == Decimal("4680.00")
    assert decision.figures["approval_level"] == "county"


def test_amounts_above_the_township_limit_go_to_the_county() -> None:
    assert decide(_emergency("3000"), TEMPORARY).figures["approval_level"] == "township"
    assert decide(_emergency("3000.01"), TEMPORARY).figures["approval_level"] == "county"


def test_an_emergency_without_uncovered_cost_is_refused() -> None:
    assert "temporary.no_cost" in codes(decide(_emergency("0"), TEMPORARY))


def test_expenditure_aid_covers_what_exceeds_the_familys_capacity() -> None:
    # yearly counted income 12 × 1000 = 12000; bearable half: 6000; excess 4000
    decision = decide(_expenditure("10000", "1000", "0"), TEMPORARY)
    assert decision.eligible
    assert decision.amount == Decimal("4000.00")


def test_expenditure_within_capacity_is_refused() -> None:
    decision = decide(_expenditure("6000", "1000", "0"), TEMPORARY)
    assert not decision.eligible
    assert "temporary.within_capacity" in codes(decision)


def test_expenditure_aid_needs_income_below_the_disposable_income() -> None:
    # per capita 3750 a month is exactly 45000 a year: not below
    decision = decide(_expenditure("90000", "7500", "0"), TEMPORARY)
    assert "temporary.income_not_below_disposable" in codes(decision)
    assert decide(_expenditure("90000", "7499.98", "0"), TEMPORARY).eligible


def test_expenditure_aid_is_capped_at_twelve_months_of_the_standard() -> None:
    assert decide(_expenditure("50000", "0"), TEMPORARY).amount == Decimal("9360.00")


def test_caps_are_settings() -> None:
    settings = params({"temporary.emergency.cap_months": "2"})
    assert decide(_emergency("8000"), TEMPORARY, settings).amount == Decimal("1560.00")


def test_fast_track_grants_an_eligible_programme_within_five_days_up_to_the_cap() -> None:
    home = family("0", "0", credit=Credit(pledge_signed=True))
    assessment = assess(home, params())
    result = assess_fast_track(home, assessment[Programme.DIBAO], params())
    assert result.eligible
    assert (result.grant_within_days, result.advance_amount) == (5, Decimal("1560.00"))
    capped = assess_fast_track(home, assessment[Programme.EXTREME_POVERTY], params())
    assert not capped.eligible  # working-age couple: not 特困


def test_fast_track_advance_is_limited_to_the_cap() -> None:
    home = _emergency("8000")
    home = Household(
        home.decision_date,
        home.area_class,
        home.members,
        home.property,
        temporary=home.temporary,
        credit=Credit(pledge_signed=True),
    )
    result = assess_fast_track(home, assess(home, params())[TEMPORARY], params())
    assert result.advance_amount == Decimal("3000")


def test_fast_track_needs_a_pledge_and_no_breach_in_force() -> None:
    unsigned = family("0")
    decision = assess(unsigned, params())[Programme.DIBAO]
    refused = assess_fast_track(unsigned, decision, params())
    assert not refused.eligible
    assert refused.reasons[0].rule == "D6.1"
    breached = family("0", credit=Credit(pledge_signed=True, breach_in_force=True))
    result = assess_fast_track(breached, assess(breached, params())[Programme.DIBAO], params())
    assert (result.eligible, result.reasons[0].rule) == (False, "D6.4")


def test_status_programmes_are_not_fast_tracked() -> None:
    home = family("1000", credit=Credit(pledge_signed=True))
    result = assess_fast_track(home, assess(home, params())[Programme.NEAR_DIBAO], params())
    assert not result.eligible
