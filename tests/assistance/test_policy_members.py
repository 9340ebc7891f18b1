"""D1.4: who counts as a member of the household living together (共同生活的家庭成员)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.policy.facts import Member
from minzheng.assistance.policy.members import count_members
from minzheng.assistance.policy.vocabulary import Custody, Relation, SchoolStage
from tests.assistance.test_policy_factories import DAY, born, household, member, params


def _counted(*members_: Member) -> dict[str, str]:
    home = household(*members_)
    membership = count_members(home, params())
    return {s.member.id: s.reason.code for s in membership.statuses if s.counted}


def _excluded(*members_: Member) -> dict[str, str]:
    home = household(*members_)
    membership = count_members(home, params())
    return {s.member.id: s.reason.code for s in membership.statuses if not s.counted}


def test_applicant_spouse_and_minor_children_always_count() -> None:
    counted = _counted(
        member("m1"),
        member("m2", Relation.SPOUSE, lives_together=False),
        member("m3", Relation.CHILD, 10, lives_together=False),
    )
    assert counted == {
        "m1": "household.applicant",
        "m2": "household.spouse",
        "m3": "household.minor_child",
    }


def test_a_child_turning_18_today_is_no_longer_a_minor_child() -> None:
    excluded = _excluded(member("m1"), member("m2", Relation.CHILD, 18, lives_together=False))
    assert excluded == {"m2": "household.not_a_member"}
    counted = _counted(
        member("m1"),
        member("m2", Relation.CHILD, birth_date=born(18, birthday_in_days=1)),
    )
    assert counted["m2"] == "household.minor_child"


def test_a_full_time_college_student_over_18_counts_even_living_at_school() -> None:
    student = member(
        "m2",
        Relation.CHILD,
        20,
        school_stage=SchoolStage.BACHELOR,
        full_time_student=True,
        lives_together=False,
    )
    assert _counted(member("m1"), student)["m2"] == "household.dependent_student"


def test_a_postgraduate_child_living_elsewhere_does_not_count() -> None:
    student = member(
        "m2",
        Relation.CHILD,
        24,
        school_stage=SchoolStage.POSTGRADUATE,
        full_time_student=True,
        lives_together=False,
    )
    assert _excluded(member("m1"), student) == {"m2": "household.not_a_member"}


def test_a_part_time_student_over_18_living_elsewhere_does_not_count() -> None:
    student = member(
        "m2",
        Relation.CHILD,
        20,
        school_stage=SchoolStage.BACHELOR,
        full_time_student=False,
        lives_together=False,
    )
    assert "m2" in _excluded(member("m1"), student)


def test_an_adult_child_unable_to_live_independently_counts() -> None:
    child = member(
        "m2", Relation.CHILD, 30, unable_to_live_independently=True, lives_together=False
    )
    assert _counted(member("m1"), child)["m2"] == "household.dependent_adult_child"


@pytest.mark.parametrize(
    "relation", [Relation.PARENT, Relation.GRANDPARENT, Relation.SIBLING, Relation.CHILD]
)
def test_relatives_with_a_support_duty_count_when_living_together(relation: Relation) -> None:
    relative = member("m2", relation, 65, lives_together=True)
    assert _counted(member("m1"), relative)["m2"] == "household.supporting_relative"
    away = member("m2", relation, 65, lives_together=False)
    assert _excluded(member("m1"), away) == {"m2": "household.not_a_member"}


@pytest.mark.parametrize(
    "relation", [Relation.PARENT_IN_LAW, Relation.CHILD_IN_LAW, Relation.OTHER]
)
def test_relatives_without_a_statutory_duty_do_not_count_even_living_together(
    relation: Relation,
) -> None:
    assert _excluded(member("m1"), member("m2", relation, 65)) == {"m2": "household.not_a_member"}


def test_clergy_at_a_religious_site_for_three_years_do_not_count() -> None:
    three_years = dt.date(DAY.year - 3, DAY.month, DAY.day)
    monk = member("m2", Relation.SPOUSE, clergy_since=three_years)
    assert _excluded(member("m1"), monk) == {"m2": "household.clergy_excluded"}


def test_clergy_one_day_short_of_three_years_still_count() -> None:
    nearly = dt.date(DAY.year - 3, DAY.month, DAY.day + 1)
    monk = member("m2", Relation.SPOUSE, clergy_since=nearly)
    assert _counted(member("m1"), monk)["m2"] == "household.spouse"


@pytest.mark.parametrize("custody", [Custody.IMPRISONED, Custody.COMPULSORY_REHAB])
def test_people_serving_a_sentence_or_in_compulsory_rehab_do_not_count(custody: Custody) -> None:
    prisoner = member("m2", Relation.SPOUSE, custody=custody)
    assert _excluded(member("m1"), prisoner) == {"m2": "household.custody_excluded"}


def test_cases_the_province_names_and_the_dead_do_not_count() -> None:
    excluded = _excluded(
        member("m1"),
        member("m2", Relation.SPOUSE, excluded_by_local_rule=True),
        member("m3", Relation.CHILD, 5, deceased=True),
    )
    assert excluded == {"m2": "household.locally_excluded", "m3": "household.member_deceased"}


def test_the_support_duty_relations_are_a_setting() -> None:
    home = household(member("m1"), member("m2", Relation.PARENT_IN_LAW, 70))
    settings = params({"household.support_duty_relations": "parent,parent_in_law"})
    assert count_members(home, settings).is_counted("m2")


def test_every_reason_cites_d1_4_and_names_the_member() -> None:
    home = household(member("m1", name="张三"), member("m2", Relation.SPOUSE, name="李四"))
    reasons = count_members(home, params()).reasons
    assert [r.rule for r in reasons] == ["D1.4", "D1.4"]
    assert reasons[0].message == "D1.4 张三（m1） 为申请人（户主），计入家庭成员"
    assert reasons[1].member_id == "m2"
