"""The eligibility check (D9.1–D9.2), answers worked out by hand from the rules.

ID numbers typed in with their facts (D0.1, the 17th digit odd for men):
320302200405100115 man born 2004-05-10; 320302200405110110 man born 2004-05-11;
320303200605100220 woman born 2006-05-10; 320303200605110226 woman born 2006-05-11.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.idnumber import InvalidIdNumber
from minzheng.marriage.rules import (
    Kinship,
    Party,
    Policy,
    check_marriage,
    kinship_from_relations,
    party_from_id_number,
    reached_age,
)

POLICY = Policy(legal_age_men=22, legal_age_women=20, nationwide_since=dt.date(2025, 5, 10))
DAY = dt.date(2026, 5, 10)  # a Sunday does not matter to the check; the desk is another thing
TODAY = dt.date(2026, 12, 2)


def party(number: str, married: bool = False) -> Party:
    return party_from_id_number(number, today=TODAY, married=married)


def rules_of(outcome) -> list[tuple[str, str]]:
    return [(r.rule, r.field) for r in outcome.reasons]


def test_sex_and_birth_date_come_from_the_id_number():
    assert party("320302200405100115") == Party("M", dt.date(2004, 5, 10), False, "320302")
    assert party("320303200605110226") == Party("F", dt.date(2006, 5, 11), False, "320303")


def test_an_invalid_id_number_is_refused_with_the_reason():
    with pytest.raises(InvalidIdNumber, match="校验码错误"):
        party("110105194912310021")  # D0.1's invalid example


def test_both_of_legal_age_on_their_birthdays_may_marry():
    # he turns 22 and she turns 20 on 2026-05-10 exactly (D9.2: 22 / 20)
    outcome = check_marriage(
        party("320302200405100115"), party("320303200605100220"), on=DAY, policy=POLICY
    )
    assert outcome.allowed and outcome.reasons == ()


def test_a_day_before_the_birthday_is_under_age_for_each_party():
    # born 2004-05-11 / 2006-05-11: on 2026-05-10 he is 21, she is 19
    outcome = check_marriage(
        party("320302200405110110"), party("320303200605110226"), on=DAY, policy=POLICY
    )
    assert not outcome.allowed
    assert rules_of(outcome) == [("D9.2", "party_a"), ("D9.2", "party_b")]
    assert "未满22周岁" in outcome.reasons[0].message
    assert "未满20周岁" in outcome.reasons[1].message


def test_a_woman_of_21_is_of_age_though_a_man_of_21_is_not():
    man_21 = Party("M", dt.date(2005, 1, 1))
    woman_21 = Party("F", dt.date(2005, 1, 1))
    outcome = check_marriage(man_21, woman_21, on=DAY, policy=POLICY)
    assert rules_of(outcome) == [("D9.2", "party_a")]


def test_an_existing_marriage_and_prohibited_kinship_are_each_a_reason():
    a = Party("M", dt.date(1990, 3, 1), married=True)
    b = Party("F", dt.date(1992, 8, 8))
    outcome = check_marriage(a, b, on=DAY, policy=POLICY, kinship=Kinship.COLLATERAL)
    assert rules_of(outcome) == [("D9.1", "party_a"), ("D9.1", "kinship")]
    assert "已有配偶" in outcome.reasons[0].message
    assert "三代以内旁系血亲" in outcome.reasons[1].message
    assert outcome.text() == (
        "甲方已有配偶，不得重婚（民法典第一千零四十二条）；"
        "双方为三代以内旁系血亲，属于禁止结婚的亲属关系（民法典第一千零四十八条）"
    )


def test_unknown_or_no_kinship_is_no_refusal():
    a, b = Party("M", dt.date(1990, 3, 1)), Party("F", dt.date(1992, 8, 8))
    for kinship in (Kinship.UNKNOWN, Kinship.NONE):
        assert check_marriage(a, b, on=DAY, policy=POLICY, kinship=kinship).allowed
    assert not check_marriage(a, b, on=DAY, policy=POLICY, kinship=Kinship.DIRECT).allowed


def test_two_parties_of_one_sex_are_refused():
    a, b = Party("M", dt.date(1990, 3, 1)), Party("M", dt.date(1992, 8, 8))
    assert rules_of(check_marriage(a, b, on=DAY, policy=POLICY)) == [("D9.1", "party_b")]


def test_any_registry_since_2025_05_10_only_the_hukou_registry_before():
    a = Party("M", dt.date(1990, 3, 1), hukou_division="320302")
    b = Party("F", dt.date(1992, 8, 8), hukou_division="320303")
    elsewhere = "320311"  # 泉山区: neither party's household registration
    before, since = dt.date(2025, 5, 9), dt.date(2025, 5, 10)
    assert rules_of(
        check_marriage(a, b, on=before, policy=POLICY, registry_division=elsewhere)
    ) == [("D9.1", "registration_date")]
    assert check_marriage(a, b, on=before, policy=POLICY, registry_division="320303").allowed
    assert check_marriage(a, b, on=since, policy=POLICY, registry_division=elsewhere).allowed


def test_a_leap_day_birthday_comes_of_age_on_1_march():
    born = dt.date(2004, 2, 29)
    assert not reached_age(born, dt.date(2026, 2, 28), 22)
    assert reached_age(born, dt.date(2026, 3, 1), 22)
    assert reached_age(dt.date(2004, 2, 29), dt.date(2024, 2, 29), 20)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("head", "child", Kinship.DIRECT),  # parent and child
        ("child", "parent", Kinship.DIRECT),  # grandchild and grandparent
        ("head", "sibling", Kinship.COLLATERAL),
        ("child", "child", Kinship.COLLATERAL),  # siblings
        ("grandchild", "grandchild", Kinship.COLLATERAL),  # siblings or first cousins
        ("child", "sibling", Kinship.COLLATERAL),  # niece and uncle
        ("head", "spouse", Kinship.UNKNOWN),  # no blood relation
        ("child", "child_in_law", Kinship.UNKNOWN),
        ("parent", "parent", Kinship.UNKNOWN),  # may be the head's parents, a couple
        ("sibling", "grandchild", Kinship.UNKNOWN),  # great-uncle: fourth generation
    ],
)
def test_kinship_from_two_relations_to_one_head(a, b, expected):
    assert kinship_from_relations(a, b) is expected
    assert kinship_from_relations(b, a) is expected
