"""Orphans (D3.2), de-facto unsupported children (D3.3), the choice against 特困 (D2.5) and
support past 18 while in school (D2.6, D3.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from minzheng.assistance.policy.facts import Disability, Household, Income, Parent
from minzheng.assistance.policy.vocabulary import (
    ChildSupportChoice,
    DisabilityType,
    IncomeKind,
    ParentStatus,
    Programme,
    Relation,
    SchoolStage,
    SupportSetting,
)
from tests.assistance.test_policy_factories import (
    born,
    codes,
    decide,
    household,
    member,
    params,
)

ORPHAN, UNSUPPORTED = Programme.ORPHAN, Programme.UNSUPPORTED_CHILD
EP = Programme.EXTREME_POVERTY
DEAD = Parent(ParentStatus.DECEASED)
MISSING = Parent(ParentStatus.MISSING)
NORMAL = Parent()
SIX_MONTHS_AGO = dt.date(2025, 9, 15)  # exactly six months before DAY (2026-03-15)
NOT_QUITE_SIX = dt.date(2025, 9, 16)


def _with_grandparent(*parents: Parent, age: int = 10, **child: Any) -> Household:
    """A child living with a grandparent who heads the household and has a pension."""
    child.setdefault("birth_date", born(age))
    return household(
        member("g1", age=68, incomes=(Income(IncomeKind.TRANSFER_NET, Decimal("2500")),)),
        member("c1", Relation.GRANDCHILD, parents=parents, **child),
    )


@pytest.mark.parametrize("parents", [(DEAD, DEAD), (DEAD, MISSING), (MISSING, MISSING)])
def test_both_parents_dead_or_missing_makes_an_orphan(parents: tuple[Parent, Parent]) -> None:
    decision = decide(_with_grandparent(*parents), ORPHAN)
    assert decision.eligible
    assert decision.covered_members == ("c1",)
    assert decision.amount == Decimal("1290")  # home-raised standard


def test_an_institutional_orphan_gets_the_institutional_standard() -> None:
    home = _with_grandparent(DEAD, DEAD, support_setting=SupportSetting.INSTITUTIONAL)
    assert decide(home, ORPHAN).amount == Decimal("1680")


def test_an_orphan_is_not_also_a_de_facto_unsupported_child() -> None:
    decision = decide(_with_grandparent(DEAD, DEAD), UNSUPPORTED)
    assert not decision.eligible


def test_one_parent_alive_and_able_means_neither_programme() -> None:
    home = _with_grandparent(DEAD, NORMAL)
    assert not decide(home, ORPHAN).eligible
    decision = decide(home, UNSUPPORTED)
    assert not decision.eligible
    assert "child.parent_able" in codes(decision)


def test_the_child_turning_18_today_is_no_longer_a_child() -> None:
    assert decide(
        _with_grandparent(DEAD, DEAD, birth_date=born(18, birthday_in_days=1)), ORPHAN
    ).eligible
    decision = decide(_with_grandparent(DEAD, DEAD, age=18), ORPHAN)
    assert not decision.eligible
    assert "child.adult" in codes(decision)


def test_a_supported_orphan_over_18_in_secondary_vocational_school_keeps_support() -> None:
    home = _with_grandparent(
        DEAD,
        DEAD,
        age=19,
        receiving=frozenset({ORPHAN}),
        school_stage=SchoolStage.SECONDARY_VOCATIONAL,
        full_time_student=True,
    )
    decision = decide(home, ORPHAN)
    assert decision.eligible
    assert decision.has("child.continued")


def test_a_supported_orphan_over_18_out_of_school_loses_support() -> None:
    home = _with_grandparent(DEAD, DEAD, age=19, receiving=frozenset({ORPHAN}))
    assert not decide(home, ORPHAN).eligible


def test_a_new_applicant_over_18_is_not_an_orphan_even_in_school() -> None:
    home = _with_grandparent(
        DEAD, DEAD, age=19, school_stage=SchoolStage.HIGH_SCHOOL, full_time_student=True
    )
    assert not decide(home, ORPHAN).eligible


@pytest.mark.parametrize(
    "unable",
    [
        Parent(disability=Disability(DisabilityType.PHYSICAL, 2)),
        Parent(disability=Disability(DisabilityType.INTELLECTUAL, 4)),
        Parent(disability=Disability(DisabilityType.MENTAL, 3)),
        Parent(serious_illness=True),
        Parent(ParentStatus.IMPRISONED, since=SIX_MONTHS_AGO),
        Parent(ParentStatus.IMPRISONED, since=NOT_QUITE_SIX, until=dt.date(2027, 1, 1)),
        Parent(ParentStatus.COMPULSORY_REHAB, since=SIX_MONTHS_AGO),
        Parent(ParentStatus.RESTRICTED_LIBERTY, since=SIX_MONTHS_AGO),
        Parent(ParentStatus.LOST_CONTACT, since=SIX_MONTHS_AGO),
        Parent(ParentStatus.GUARDIANSHIP_REVOKED),
        Parent(ParentStatus.DEPORTED),
    ],
)
def test_one_parent_dead_and_the_other_unable_makes_a_de_facto_unsupported_child(
    unable: Parent,
) -> None:
    decision = decide(_with_grandparent(DEAD, unable), UNSUPPORTED)
    assert decision.eligible
    assert decision.amount == Decimal("1290.00")  # by reference to the home-raised standard


def test_both_parents_unable_makes_a_de_facto_unsupported_child() -> None:
    home = _with_grandparent(
        Parent(ParentStatus.IMPRISONED, since=SIX_MONTHS_AGO), Parent(serious_illness=True)
    )
    assert decide(home, UNSUPPORTED).eligible


@pytest.mark.parametrize(
    "able",
    [
        Parent(disability=Disability(DisabilityType.PHYSICAL, 3)),
        Parent(ParentStatus.IMPRISONED, since=NOT_QUITE_SIX),
        Parent(ParentStatus.IMPRISONED, since=NOT_QUITE_SIX, until=dt.date(2026, 3, 1)),
        Parent(ParentStatus.LOST_CONTACT, since=NOT_QUITE_SIX, until=dt.date(2027, 1, 1)),
        Parent(ParentStatus.IMPRISONED),
    ],
)
def test_short_or_unproven_situations_leave_the_parent_able(able: Parent) -> None:
    assert not decide(_with_grandparent(DEAD, able), UNSUPPORTED).eligible


def test_local_additions_can_be_switched_off() -> None:
    settings = params(
        {"unsupported_child.parent_situations": "severe_disability,serious_illness,imprisoned"}
    )
    home = _with_grandparent(DEAD, Parent(ParentStatus.DEPORTED))
    assert not decide(home, UNSUPPORTED, settings).eligible


def test_a_minor_meeting_both_who_chooses_child_support_is_not_made_extreme_poverty() -> None:
    home = _with_grandparent(DEAD, DEAD)
    assert decide(home, ORPHAN).covered_members == ("c1",)
    poverty = decide(home, EP)
    assert "c1" not in poverty.covered_members
    assert "extreme_poverty.chose_child_support" in codes(poverty)
    assert "D2.5" in poverty.rules()


def test_a_minor_meeting_both_who_chooses_extreme_poverty_gets_no_orphan_allowance() -> None:
    home = _with_grandparent(DEAD, DEAD, child_support_choice=ChildSupportChoice.EXTREME_POVERTY)
    assert decide(home, EP).covered_members == ("c1",)
    orphan = decide(home, ORPHAN)
    assert not orphan.eligible
    assert "child.chose_extreme_poverty" in codes(orphan)


def test_a_student_over_18_in_secondary_vocational_school_keeps_extreme_poverty_support() -> None:
    home = _with_grandparent(
        DEAD,
        DEAD,
        age=19,
        receiving=frozenset({EP}),
        school_stage=SchoolStage.SECONDARY_VOCATIONAL,
        full_time_student=True,
        child_support_choice=ChildSupportChoice.EXTREME_POVERTY,
    )
    assert decide(home, EP).covered_members == ("c1",)


def test_a_child_whose_parents_are_not_given_is_not_assessed() -> None:
    decision = decide(household(member()), ORPHAN)
    assert not decision.eligible
    assert decision.has("orphan.not_assessed")


def test_one_parent_given_is_not_enough_to_decide() -> None:
    decision = decide(_with_grandparent(DEAD), ORPHAN)
    assert "child.parents_incomplete" in codes(decision)
