"""Selecting a campaign's population from the registry: each criterion, its
boundaries, and the campaign's area (D0.3, D5.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import HouseholdMembership, LifeStatus
from minzheng.screening.population import Population, born_by
from minzheng.screening.services.campaigns import campaign_populate
from tests.factories import AREAS
from tests.screening.conftest import family, new_campaign, resident

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2026, 3, 2)


def _selected(users, population: Population, area_code: str = AREAS["township_a"]) -> set[int]:
    campaign = new_campaign(users["township"], population, area_code)
    campaign_populate(actor=users["township"], campaign=campaign, on=ON)
    return set(campaign.targets.values_list("household_id", flat=True))


def test_someone_who_turns_the_minimum_age_that_day_is_included(users):
    turns_60_today = family(resident(born=D(1966, 3, 2)))
    turns_60_tomorrow = family(resident(born=D(1966, 3, 3)))
    chosen = _selected(users, Population(min_age=60))
    assert turns_60_today.pk in chosen
    assert turns_60_tomorrow.pk not in chosen


def test_the_maximum_age_is_inclusive_until_the_next_birthday(users):
    aged_17 = family(resident(born=D(2008, 3, 3)))  # 18 tomorrow
    turns_18_today = family(resident(born=D(2008, 3, 2)))
    assert _selected(users, Population(max_age=17)) == {aged_17.pk}
    assert turns_18_today.pk not in _selected(users, Population(max_age=17))


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (D(1964, 2, 29), D(2024, 2, 28), 60),  # a day before the leap birthday
        (D(1964, 2, 29), D(2024, 2, 29), 60),
        (D(1964, 2, 29), D(2025, 2, 28), 61),  # not yet 61 in a common year...
        (D(1964, 2, 29), D(2025, 3, 1), 61),  # ...but on 1 March
        (D(1967, 2, 28), D(2028, 2, 29), 61),
    ],
)
def test_the_age_cut_off_agrees_with_person_age_on(born, on, years, areas):
    person = resident(born=born)
    assert (person.birth_date <= born_by(on, years)) is (person.age_on(on) >= years)


def test_disability_grade_and_type_select_the_members_who_have_them(users):
    grade_1 = family(resident(disability_type="physical", disability_grade=1))
    grade_2_visual = family(resident(disability_type="visual", disability_grade=2))
    grade_3 = family(resident(disability_type="physical", disability_grade=3))
    family(resident())  # no disability
    assert _selected(users, Population(disability_grades=(1, 2))) == {
        grade_1.pk,
        grade_2_visual.pk,
    }
    physical_severe = Population(disability_types=("physical",), disability_grades=(1, 2))
    assert _selected(users, physical_severe) == {grade_1.pk}
    assert grade_3.pk in _selected(users, Population(disability_types=("physical",)))


def test_a_household_qualifies_when_one_member_meets_all_person_criteria(users):
    elderly = resident(born=D(1950, 1, 1))
    disabled_young = resident(born=D(1995, 1, 1), disability_type="mental", disability_grade=2)
    mixed = family(elderly, disabled_young)
    assert _selected(users, Population(min_age=70, disability_grades=(2,))) == set()
    campaign = new_campaign(users["township"], Population(min_age=70))
    campaign_populate(actor=users["township"], campaign=campaign, on=ON)
    assert campaign.targets.get().household_id == mixed.pk
    assert campaign.targets.get().person_id == elderly.pk  # the member who qualified


def test_without_person_criteria_the_target_names_no_member(users):
    family(resident())
    campaign = new_campaign(users["township"], Population(min_household_size=1))
    campaign_populate(actor=users["township"], campaign=campaign, on=ON)
    assert campaign.targets.get().person_id is None


def test_household_size_counts_current_members_only(users):
    single = family(resident())
    couple = family(resident(), resident())
    trio = family(resident(), resident(), resident())
    HouseholdMembership.objects.filter(household=trio).exclude(person=trio.head).update(
        valid_to=D(2025, 1, 1)  # two members moved out: one left
    )
    assert _selected(users, Population(min_household_size=2)) == {couple.pk}
    assert _selected(users, Population(max_household_size=1)) == {single.pk, trio.pk}


def test_living_alone_elderly_means_aged_n_or_more_in_a_one_person_household(users):
    alone_80 = family(resident(born=D(1946, 3, 2)))
    with_spouse_85 = family(resident(born=D(1941, 1, 1)), resident(born=D(1943, 1, 1)))
    alone_79 = family(resident(born=D(1946, 3, 3)))
    chosen = _selected(users, Population(living_alone_min_age=80))
    assert chosen == {alone_80.pk}
    assert with_spouse_85.pk not in chosen and alone_79.pk not in chosen


def test_the_deceased_are_not_selected(users):
    person = resident(born=D(1940, 1, 1))
    family(person)
    person.life_status, person.death_date = LifeStatus.DECEASED, D(2026, 1, 5)
    person.save()
    assert _selected(users, Population(min_age=60)) == set()


def test_only_households_in_the_campaigns_area_are_selected(users):
    a1 = family(resident())
    a2 = family(resident(AREAS["community_a2"]))
    other_township = family(resident(AREAS["community_a3"]))
    other_county = family(resident(AREAS["community_b1"]))
    assert _selected(users, Population()) == {a1.pk, a2.pk}
    only_a2 = Population(area_codes=(AREAS["community_a2"],))
    assert _selected(users, only_a2) == {a2.pk}
    county = _selected_by(users["county"], Population(), AREAS["county_a"])
    assert {a1.pk, a2.pk, other_township.pk} <= county and other_county.pk not in county


def _selected_by(actor, population, area_code) -> set[int]:
    campaign = new_campaign(actor, population, area_code)
    campaign_populate(actor=actor, campaign=campaign, on=ON)
    return set(campaign.targets.values_list("household_id", flat=True))


def test_areas_outside_the_campaigns_area_are_refused_by_name(users):
    with pytest.raises(ValidationError) as caught:
        new_campaign(
            users["township"], Population(area_codes=(AREAS["community_b1"], "320302001999"))
        )
    messages = caught.value.message_dict["area_codes"][0]
    assert f"区划{AREAS['community_b1']}不在组织区划" in messages
    assert "区划代码320302001999不存在" in messages


def test_a_campaign_beyond_the_organisers_own_area_is_refused(users):
    with pytest.raises(PermissionDenied):
        new_campaign(users["township"], area_code=AREAS["county_a"])
    with pytest.raises(PermissionDenied):
        new_campaign(users["caseworker"], area_code=AREAS["township_a"])


@pytest.mark.parametrize(
    ("population", "field", "message"),
    [
        (Population(min_age=70, max_age=60), "max_age", "年龄上限不能小于年龄下限"),
        (
            Population(min_household_size=4, max_household_size=2),
            "max_household_size",
            "家庭人数上限不能小于下限",
        ),
        (Population(disability_grades=(5,)), "disability_grades", "残疾等级应为1至4级"),
        (Population(min_age=200), "min_age", "应在0至130之间"),
    ],
)
def test_inconsistent_criteria_are_refused_on_their_field(population, field, message):
    with pytest.raises(ValidationError) as caught:
        population.validate()
    assert caught.value.message_dict[field] == [message]


def test_criteria_survive_the_round_trip_through_json():
    population = Population(
        area_codes=("320302001001",), min_age=60, disability_grades=(1, 2), living_alone_min_age=80
    )
    assert Population.from_json(population.to_json()) == population
    assert "独居老人：80岁及以上且一人户" in population.describe()
