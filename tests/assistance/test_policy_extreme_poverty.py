"""Extreme-poverty support (特困): the three conditions (D2.1–D2.4), minors and students
(D2.6), termination grounds (D2.7) and the amount (D2.9)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from minzheng.assistance.policy.facts import (
    Disability,
    Household,
    Income,
    Member,
    Property,
    Supporter,
)
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    CareItem,
    Custody,
    DisabilityType,
    IncomeKind,
    Programme,
    Relation,
    SchoolStage,
    SupportSetting,
    WorkAbility,
)
from tests.assistance.test_policy_factories import born, codes, decide, household, member, params

EP = Programme.EXTREME_POVERTY


def _alone(person: Member, **fields: Any) -> Household:
    return household(person, **fields)


def _eligible(person: Member, **fields: Any) -> bool:
    return decide(_alone(person, **fields), EP).eligible


def test_an_elderly_person_alone_without_income_or_supporters_is_supported() -> None:
    decision = decide(_alone(member(age=75)), EP)
    assert decision.eligible
    assert decision.covered_members == ("m1",)
    assert {"D2.2", "D2.3", "D2.1", "D2.8", "D2.9"} <= decision.rules()


def test_age_exactly_60_today_means_no_ability_to_work() -> None:
    assert _eligible(member(age=60))
    assert not _eligible(member(birth_date=born(60, birthday_in_days=1)))


def test_a_child_turning_16_today_has_the_ability_to_work() -> None:
    assert _eligible(member(birth_date=born(16, birthday_in_days=1)))
    decision = decide(_alone(member(age=16)), EP)
    assert not decision.eligible
    assert "extreme_poverty.able_to_work" in codes(decision)


def test_grade_3_intellectual_disability_means_no_ability_to_work_but_grade_3_physical_not() -> (
    None
):
    assert _eligible(member(age=40, disability=Disability(DisabilityType.INTELLECTUAL, 3)))
    assert _eligible(member(age=40, disability=Disability(DisabilityType.MENTAL, 3)))
    assert not _eligible(member(age=40, disability=Disability(DisabilityType.PHYSICAL, 3)))
    assert _eligible(member(age=40, disability=Disability(DisabilityType.PHYSICAL, 2)))


def test_only_grade_1_visual_disability_counts() -> None:
    assert _eligible(member(age=40, disability=Disability(DisabilityType.VISUAL, 1)))
    assert not _eligible(member(age=40, disability=Disability(DisabilityType.VISUAL, 2)))
    assert not _eligible(member(age=40, disability=Disability(DisabilityType.HEARING, 1)))


def test_an_assessed_inability_counts_only_if_the_province_accepts_it() -> None:
    person = member(age=40, work_ability=WorkAbility.UNABLE)
    assert _eligible(person)
    off = params({"work_ability.accept_assessed": "false"})
    assert not decide(_alone(person), EP, off).eligible


def test_own_income_equal_to_the_dibao_standard_means_means_of_living() -> None:
    person = member(age=70, incomes=(Income(IncomeKind.WAGES, Decimal("780")),))
    decision = decide(_alone(person), EP)
    assert not decision.eligible
    assert "extreme_poverty.income_not_below_standard" in codes(decision)
    below = member(age=70, incomes=(Income(IncomeKind.WAGES, Decimal("779.99")),))
    assert _eligible(below)


@pytest.mark.parametrize(
    "kind",
    [
        IncomeKind.RESIDENT_BASIC_PENSION,
        IncomeKind.SOCIAL_INSURANCE_BENEFIT,
        IncomeKind.PREFERENTIAL_TREATMENT,
        IncomeKind.OLD_AGE_ALLOWANCE,
    ],
)
def test_d2_3_exclusions_are_not_income(kind: IncomeKind) -> None:
    assert _eligible(member(age=70, incomes=(Income(kind, Decimal("2000")),)))


def test_property_outside_the_extreme_poverty_rules_means_means_of_living() -> None:
    decision = decide(_alone(member(age=70), property=Property(dwellings=2)), EP)
    assert not decision.eligible
    assert "property.dwellings_exceeded" in codes(decision)


def test_a_supporter_able_to_perform_excludes_support() -> None:
    son = Supporter(Relation.CHILD, name="王五", birth_date=born(45))
    decision = decide(_alone(member(age=75, supporters=(son,))), EP)
    assert not decision.eligible
    assert "supporters.able" in codes(decision)


@pytest.mark.parametrize(
    "supporter",
    [
        Supporter(Relation.CHILD, is_extreme_poverty=True),
        Supporter(Relation.CHILD, is_dibao_recipient=True, birth_date=born(60)),
        Supporter(
            Relation.SPOUSE,
            birth_date=born(70),
            monthly_income=Decimal("3749.99"),
            property_within_low_income_rules=True,
        ),
        Supporter(
            Relation.CHILD,
            birth_date=born(40),
            disability=Disability(DisabilityType.MENTAL, 3),
            monthly_income=Decimal("0"),
            property_within_low_income_rules=True,
        ),
        Supporter(Relation.CHILD, imprisoned=True, property_within_low_income_rules=True),
        Supporter(Relation.CHILD, missing=True, property_within_low_income_rules=True),
        Supporter(Relation.CHILD, no_civil_capacity=True, property_within_low_income_rules=True),
    ],
)
def test_d2_4_supporters_unable_to_perform(supporter: Supporter) -> None:
    decision = decide(_alone(member(age=75, supporters=(supporter,))), EP)
    assert decision.eligible
    assert "supporters.unable" in codes(decision)


@pytest.mark.parametrize(
    "supporter",
    [
        Supporter(
            Relation.CHILD, is_dibao_recipient=True, birth_date=born(60, birthday_in_days=1)
        ),
        Supporter(
            Relation.SPOUSE,
            birth_date=born(70),
            monthly_income=Decimal("3750"),
            property_within_low_income_rules=True,
        ),
        Supporter(Relation.SPOUSE, birth_date=born(70), monthly_income=Decimal("0")),
        Supporter(
            Relation.CHILD,
            birth_date=born(40),
            disability=Disability(DisabilityType.PHYSICAL, 3),
            monthly_income=Decimal("0"),
            property_within_low_income_rules=True,
        ),
        Supporter(Relation.CHILD, imprisoned=True, property_within_low_income_rules=False),
    ],
)
def test_d2_4_boundaries_leave_the_supporter_able(supporter: Supporter) -> None:
    assert not _eligible(member(age=75, supporters=(supporter,)))


def test_a_spouse_in_the_household_is_a_supporter() -> None:
    home = household(
        member("m1", age=75),
        member("m2", Relation.SPOUSE, 62, incomes=(Income(IncomeKind.WAGES, Decimal("3000")),)),
    )
    decision = decide(home, EP)
    assert "m1" not in decision.covered_members
    assert any(r.code == "supporters.able" and "同户成员" in r.message for r in decision.reasons)


def test_an_elderly_couple_without_income_support_each_other_only_in_name() -> None:
    home = household(member("m1", age=75), member("m2", Relation.SPOUSE, 72))
    assert decide(home, EP).covered_members == ("m1", "m2")


def test_parents_in_the_household_support_their_minor_child() -> None:
    home = household(
        member("m1", age=40, incomes=(Income(IncomeKind.WAGES, Decimal("3000")),)),
        member("m2", Relation.CHILD, 10),
    )
    assert "m2" not in decide(home, EP).covered_members


def test_a_supported_minor_keeps_support_until_18() -> None:
    teen = member(age=17, receiving=frozenset({EP}))
    decision = decide(_alone(teen), EP)
    assert decision.eligible
    assert decision.has("extreme_poverty.continued")
    assert not _eligible(member(age=17))


def test_a_supported_student_over_18_in_secondary_vocational_school_keeps_support() -> None:
    student = member(
        age=19,
        receiving=frozenset({EP}),
        school_stage=SchoolStage.SECONDARY_VOCATIONAL,
        full_time_student=True,
    )
    assert _eligible(student)


def test_a_supported_18_year_old_at_university_loses_support() -> None:
    student = member(
        age=18,
        receiving=frozenset({EP}),
        school_stage=SchoolStage.BACHELOR,
        full_time_student=True,
    )
    decision = decide(_alone(student), EP)
    assert not decision.eligible
    assert decision.has("extreme_poverty.continuation_ended")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("deceased", True, "extreme_poverty.deceased"),
        ("custody", Custody.IMPRISONED, "extreme_poverty.in_custody"),
    ],
)
def test_d2_7_death_and_imprisonment_end_support(field: str, value: object, code: str) -> None:
    person = member("m2", Relation.SPOUSE, 80, **{field: value})
    decision = decide(household(member(age=90), person), EP)
    assert "m2" not in decision.covered_members
    assert code in codes(decision)


def test_the_amount_is_the_basic_standard_plus_the_care_standard() -> None:
    decision = decide(_alone(member(age=75)), EP)
    assert decision.amount == Decimal("1295") + Decimal("228.00")
    figures = decision.member_figures["m1"]
    assert figures["care_level"] == "self_care"
    assert figures["care_standard"] == Decimal("228.00")


def test_the_basic_standard_is_raised_to_1_3_times_the_dibao_standard() -> None:
    settings = params({"extreme_poverty.basic.rural": "900"})
    decision = decide(_alone(member(age=75), area=AreaClass.RURAL), EP, settings)
    assert decision.figures["basic_standard"] == Decimal("981.50")  # 755 × 1.3
    yuan = params({"extreme_poverty.basic.rural": "900", "amount.rounding.unit": "yuan"})
    decision = decide(_alone(member(age=75), area=AreaClass.RURAL), EP, yuan)
    assert decision.figures["basic_standard"] == Decimal("982.00")  # at least, so rounded up


def test_institutional_full_care_uses_its_own_fraction_of_the_minimum_wage() -> None:
    person = member(
        age=85,
        support_setting=SupportSetting.INSTITUTIONAL,
        care_items_unable=frozenset(CareItem),
    )
    settings = params({"extreme_poverty.care.institutional.full": "1/2"})
    decision = decide(_alone(person), EP, settings)
    assert decision.member_figures["m1"]["care_standard"] == Decimal("1140.00")
    assert decision.amount == Decimal("2435.00")


def test_every_member_meeting_the_conditions_is_covered_with_their_own_amount() -> None:
    home = household(
        member("m1", age=80, care_items_unable=frozenset({CareItem.BATHING})),
        member("m2", Relation.SPOUSE, 78),
    )
    decision = decide(home, EP)
    assert decision.member_amounts == {"m1": Decimal("1675.00"), "m2": Decimal("1523.00")}
    assert decision.amount == Decimal("3198.00")
