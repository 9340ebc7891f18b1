"""The disability two subsidies (D4.1–D4.4) through the calculator's JSON contract.

Expected amounts are worked by hand from the rulebook and the labelled example settings:
dibao standard 780 (urban) / 755 (rural); living subsidy 30 % (severe, dibao household),
25 % (non-severe), 100 % (severe, no fixed income, outside dibao), 60 % (several disabled
members or elderly parents, per-capita income ≤ 2 × standard); care subsidy 130 urban /
90 rural for grade 1–2, extended to intellectual/mental grade 3–4, care need ≥ 6 months.
"""

from __future__ import annotations

from typing import Any

from minzheng.assistance.policy import calculate

LIVING = "disability_living_subsidy"
CARE = "disability_care_subsidy"
VALID = {"generation": "third", "issued_on": "2024-01-10", "expires_on": "2029-01-09"}


def _member(member_id: str = "m1", relation: str = "head", **fields: Any) -> dict[str, Any]:
    member: dict[str, Any] = {"id": member_id, "relation": relation, "birth_date": "1980-05-01"}
    member.update(fields)
    return member


def _disabled(kind: str = "physical", grade: int = 2, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "disability": {"type": kind, "grade": grade},
        "disability_certificate": VALID,
        "care_need_months": 12,
    }
    values.update(fields)
    return _member(**values)


def _decide(
    *members: dict[str, Any],
    status: str = "dibao",
    area: str = "urban",
    day: str = "2026-03-15",
    parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    request = {
        "decision_date": day,
        "area_class": area,
        "programmes": [LIVING, CARE],
        "parameters": parameters or {},
        "household": {"members": list(members), "assistance_status": status},
    }
    response = calculate(request)
    assert response["ok"] is True, response
    return response["programmes"]


def _codes(result: dict[str, Any]) -> set[str]:
    return {item["code"] for item in result["reasons"]}


# --- grades (D4.2, D4.3) ---


def test_grade_2_physical_in_a_dibao_household_gets_30_percent_and_the_care_subsidy() -> None:
    result = _decide(_disabled("physical", 2))
    assert result[LIVING]["member_amounts"] == {"m1": "234.00"}  # 780 × 0.30
    assert result[CARE]["member_amounts"] == {"m1": "130.00"}


def test_grade_3_physical_is_not_severe_25_percent_and_no_care_subsidy() -> None:
    result = _decide(_disabled("physical", 3))
    assert result[LIVING]["member_amounts"] == {"m1": "195.00"}  # 780 × 0.25
    assert result[CARE]["eligible"] is False
    assert "care.grade_not_covered" in _codes(result[CARE])


def test_grade_3_intellectual_gets_the_care_subsidy_through_the_extension() -> None:
    result = _decide(_disabled("intellectual", 3))
    assert result[CARE]["member_amounts"] == {"m1": "130.00"}
    assert "care.extended_grade" in _codes(result[CARE])
    assert result[LIVING]["member_amounts"] == {"m1": "195.00"}  # not severe for D4.3


def test_without_the_extension_grade_3_intellectual_gets_no_care_subsidy() -> None:
    result = _decide(
        _disabled("intellectual", 3), parameters={"disability_care.extended_max_grade": ""}
    )
    assert result[CARE]["eligible"] is False


def test_grade_4_mental_is_within_the_extension_but_grade_4_physical_is_not() -> None:
    assert _decide(_disabled("mental", 4))[CARE]["amount"] == "130.00"
    assert _decide(_disabled("physical", 4))[CARE]["eligible"] is False


def test_rural_amounts_follow_the_rural_standards() -> None:
    result = _decide(_disabled("physical", 1), area="rural")
    assert result[LIVING]["member_amounts"] == {"m1": "226.50"}  # 755 × 0.30
    assert result[CARE]["member_amounts"] == {"m1": "90.00"}


def test_care_need_of_five_months_is_short_six_is_enough() -> None:
    assert "care.need_short" in _codes(_decide(_disabled(care_need_months=5))[CARE])
    assert _decide(_disabled(care_need_months=6))[CARE]["amount"] == "130.00"


# --- the certificate (D4.2) ---


def test_a_certificate_that_expired_the_day_before_counts_for_neither_subsidy() -> None:
    expired = {**VALID, "expires_on": "2026-03-14"}
    result = _decide(_disabled(disability_certificate=expired))
    for programme in (LIVING, CARE):
        assert result[programme]["eligible"] is False
        assert "disability.certificate_expired" in _codes(result[programme])


def test_a_certificate_expiring_on_the_decision_date_is_still_valid() -> None:
    today = {**VALID, "expires_on": "2026-03-15"}
    assert _decide(_disabled(disability_certificate=today))[CARE]["amount"] == "130.00"


def test_no_certificate_no_subsidy_and_a_second_generation_needs_no_expiry() -> None:
    assert "disability.no_certificate" in _codes(
        _decide(_disabled(disability_certificate=None))[LIVING]
    )
    second = {"generation": "second", "issued_on": "2010-06-01"}
    assert _decide(_disabled(disability_certificate=second))[LIVING]["amount"] == "234.00"


def test_a_certificate_issued_after_the_decision_date_does_not_count() -> None:
    later = {**VALID, "issued_on": "2026-03-16"}
    assert "disability.certificate_not_yet" in _codes(
        _decide(_disabled(disability_certificate=later))[CARE]
    )


def test_a_third_generation_certificate_without_expiry_is_refused_naming_the_field() -> None:
    request = {
        "decision_date": "2026-03-15",
        "area_class": "urban",
        "household": {
            "members": [
                _disabled(
                    disability_certificate={"generation": "third", "issued_on": "2024-01-01"}
                )
            ]
        },
    }
    response = calculate(request)
    assert response["ok"] is False
    paths = [error["path"] for error in response["errors"]]
    assert paths == ["household.members[0].disability_certificate.expires_on"]


# --- household status and the other living-subsidy shares (D4.1, D4.3) ---


def test_outside_dibao_and_the_extension_there_is_no_living_subsidy() -> None:
    result = _decide(_disabled("hearing", 3), status="low_income")
    assert result[LIVING]["eligible"] is False
    assert "living.status" in _codes(result[LIVING])
    assert result[CARE]["eligible"] is False  # hearing grade 3: not severe


def test_near_dibao_is_covered_by_the_example_extension_and_not_without_it() -> None:
    assert _decide(_disabled("physical", 3), status="near_dibao")[LIVING]["amount"] == "195.00"
    narrowed = {"disability_living.statuses": "dibao"}
    result = _decide(_disabled("physical", 3), status="near_dibao", parameters=narrowed)
    assert result[LIVING]["eligible"] is False


def test_severe_with_no_fixed_income_outside_dibao_gets_the_full_standard() -> None:
    pension = {"resident_basic_pension": "150"}  # not a fixed income by the example list
    result = _decide(_disabled("physical", 1, incomes=pension), status="none")
    assert result[LIVING]["member_amounts"] == {"m1": "780.00"}
    assert "living.no_fixed_income" in _codes(result[LIVING])


def test_a_fixed_income_or_a_type_not_listed_loses_the_full_standard() -> None:
    waged = _disabled("physical", 1, incomes={"wages": "100"})
    assert _decide(waged, status="none")[LIVING]["eligible"] is False
    hearing = _disabled("hearing", 1)
    assert _decide(hearing, status="none")[LIVING]["eligible"] is False


def test_several_disabled_members_with_income_at_twice_the_standard_get_60_percent() -> None:
    head = _disabled("physical", 3, incomes={"wages": "3120"})  # 3120 ÷ 2 = 1560 = 2 × 780
    spouse = _disabled("hearing", 4, member_id="m2", relation="spouse")
    result = _decide(head, spouse, status="none")
    assert result[LIVING]["member_amounts"] == {"m1": "468.00", "m2": "468.00"}  # 780 × 0.6


def test_several_disabled_members_one_fen_above_twice_the_standard_get_nothing() -> None:
    head = _disabled("physical", 3, incomes={"wages": "3120.02"})  # 1560.01 per head
    spouse = _disabled("hearing", 4, member_id="m2", relation="spouse")
    result = _decide(head, spouse, status="none")
    assert result[LIVING]["eligible"] is False
    assert "living.several_income" in _codes(result[LIVING])


def test_elderly_parents_supporting_a_disabled_child_get_60_percent() -> None:
    parent = _member(birth_date="1966-03-15")  # 60 on the decision date
    child = _disabled("physical", 4, member_id="c1", relation="child", birth_date="1995-01-01")
    result = _decide(parent, child, status="none")
    assert result[LIVING]["member_amounts"] == {"c1": "468.00"}


def test_parents_one_day_short_of_60_do_not_make_it_elderly_support() -> None:
    parent = _member(birth_date="1966-03-16")
    child = _disabled("physical", 4, member_id="c1", relation="child", birth_date="1995-01-01")
    assert _decide(parent, child, status="none")[LIVING]["eligible"] is False


def test_in_a_dibao_household_the_highest_share_applies() -> None:
    head = _disabled("physical", 1)
    spouse = _disabled("physical", 4, member_id="m2", relation="spouse")
    result = _decide(head, spouse, status="dibao")
    assert result[LIVING]["member_amounts"] == {"m1": "468.00", "m2": "468.00"}


# --- the overlap matrix (D4.4) ---


def test_both_subsidies_are_received_together_by_default() -> None:
    result = _decide(_disabled("physical", 1))
    assert result[LIVING]["covered_members"] == ["m1"]
    assert result[CARE]["covered_members"] == ["m1"]


def test_when_not_together_the_higher_is_kept() -> None:
    result = _decide(_disabled("physical", 1), parameters={"disability_both.together": "false"})
    assert result[LIVING]["amount"] == "234.00"
    assert result[CARE]["eligible"] is False
    assert "disability.not_together" in _codes(result[CARE])


def test_extreme_poverty_gets_neither() -> None:
    result = _decide(_disabled("physical", 1, receiving=["extreme_poverty"]))
    assert result[LIVING]["eligible"] is False
    assert result[CARE]["eligible"] is False
    assert f"{LIVING}.excluded" in _codes(result[LIVING])
    assert f"{CARE}.excluded" in _codes(result[CARE])


def test_orphans_and_unsupported_children_get_the_care_subsidy_only() -> None:
    for programme in ("orphan", "unsupported_child"):
        child = _disabled("intellectual", 1, receiving=[programme], birth_date="2015-01-01")
        result = _decide(child)
        assert result[LIVING]["eligible"] is False
        assert result[CARE]["amount"] == "130.00"


def test_the_work_injury_care_allowance_excludes_the_care_subsidy_only() -> None:
    person = _disabled("physical", 1, welfare_allowances={"work_injury_care": "1500"})
    result = _decide(person)
    assert result[CARE]["eligible"] is False
    assert result[LIVING]["amount"] == "234.00"


def test_against_a_same_kind_allowance_the_higher_is_taken() -> None:
    lower = _decide(_disabled(welfare_allowances={"elderly_care_allowance": "100"}))
    assert lower[CARE]["amount"] == "130.00"
    assert "disability.higher_subsidy" in _codes(lower[CARE])
    equal = _decide(_disabled(welfare_allowances={"elderly_care_allowance": "130"}))
    assert equal[CARE]["eligible"] is False
    assert "disability.higher_other" in _codes(equal[CARE])
    cadre = _decide(_disabled(welfare_allowances={"retired_cadre_care": "300"}))
    assert cadre[CARE]["eligible"] is False


def test_a_work_injury_disability_allowance_is_compared_with_the_living_subsidy() -> None:
    result = _decide(_disabled(welfare_allowances={"work_injury_disability": "1000"}))
    assert result[LIVING]["eligible"] is False
    assert result[CARE]["amount"] == "130.00"


def test_neither_subsidy_counts_as_dibao_income() -> None:
    request = {
        "decision_date": "2026-03-15",
        "area_class": "urban",
        "programmes": ["dibao"],
        "household": {
            "members": [_disabled(incomes={"disability_subsidy": "364", "wages": "500"})]
        },
    }
    response = calculate(request)
    assert response["household"]["income"]["gross_monthly"] == "500.00"
    assert response["household"]["income"]["excluded_monthly"] == "364.00"
    assert response["programmes"]["dibao"]["amount"] == "280.00"  # 780 − 500
