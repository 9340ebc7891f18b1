"""Loading the synthetic city into the database (`minzheng.demo.city.load_demo_city`)."""

from __future__ import annotations

from collections import Counter

import pytest

from minzheng.core import idnumber
from minzheng.core.models import (
    Area,
    AreaLevel,
    AuditAction,
    AuditEntry,
    Household,
    HouseholdMembership,
    LifeStatus,
    Person,
)
from minzheng.core.places import load_xuzhou_reference
from minzheng.demo.city import DemoDataError, load_demo_city
from minzheng.synth.communities import SOURCE_LABEL
from minzheng.synth.population import iter_city

RESIDENTS = 2_000
SEED = 7


@pytest.fixture
def loaded(db):
    return load_demo_city(seed=SEED, residents=RESIDENTS)


def test_counts_match_the_summary(loaded):
    assert Person.objects.count() == loaded.persons == RESIDENTS
    assert Household.objects.count() == loaded.households
    assert HouseholdMembership.objects.count() == loaded.memberships
    assert 2.4 <= RESIDENTS / loaded.households <= 3.2
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert not Household.objects.filter(is_synthetic=False).exists()


def test_synthetic_communities_hang_under_real_townships(loaded):
    communities = Area.objects.filter(level=AreaLevel.COMMUNITY)
    assert communities.count() == loaded.communities
    assert not communities.filter(is_synthetic=False).exists()
    assert set(communities.values_list("source", flat=True)) == {SOURCE_LABEL}
    assert not communities.exclude(parent__level=AreaLevel.TOWNSHIP).exists()
    assert not Area.objects.filter(level=AreaLevel.TOWNSHIP, is_synthetic=True).exists()


def test_derived_fields_agree_with_the_id_number(loaded):
    for person in Person.objects.all():
        facts = idnumber.parse(person.id_number)
        assert (person.gender, person.birth_date) == (facts.gender, facts.birth_date)
        assert person.id_number_reversed == person.id_number[::-1]
        assert person.area.level == AreaLevel.COMMUNITY
        assert person.hukou_area_id == person.area_id


def test_records_satisfy_the_model_rules(loaded):
    for person in Person.objects.filter(life_status=LifeStatus.DECEASED):
        assert person.death_date is not None and person.death_date > person.birth_date
        assert not person.memberships.filter(valid_to__isnull=True).exists()
    for person in Person.objects.exclude(disability_type=""):
        assert person.disability_grade in (1, 2, 3, 4)
        assert person.disability_certificate.startswith(person.id_number)
    assert not Person.objects.filter(disability_type="", disability_grade__isnull=False).exists()


def test_every_household_has_its_head_as_current_member(loaded):
    for household in Household.objects.select_related("head"):
        current = list(household.current_members())
        relations = Counter(m.relation for m in current)
        assert relations["head"] == 1
        assert next(m.person for m in current if m.relation == "head") == household.head
        assert household.head.area_id == household.area_id
        assert household.number.startswith(household.area_id)


def test_living_people_have_exactly_one_current_household(loaded):
    alive = Person.objects.filter(life_status=LifeStatus.ALIVE)
    with_current = HouseholdMembership.objects.filter(valid_to__isnull=True)
    assert with_current.count() == alive.count()
    assert with_current.values("person").distinct().count() == alive.count()


def test_one_audit_entry_records_the_import(loaded):
    entries = AuditEntry.objects.all()
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == AuditAction.IMPORT
    assert entry.object_type == "core.person"
    assert entry.summary == f"合成数据导入：{RESIDENTS}人，{loaded.households}户，种子{SEED}"


def test_a_second_load_is_refused_and_changes_nothing(loaded):
    with pytest.raises(DemoDataError, match="已有人员数据"):
        load_demo_city(seed=SEED + 1, residents=100)
    assert Person.objects.count() == RESIDENTS
    assert AuditEntry.objects.count() == 1


def test_database_and_parquet_hold_the_same_people(loaded):
    numbers = []
    for chunk in iter_city(seed=SEED, residents=RESIDENTS):
        numbers += chunk.persons["id_number"].to_pylist()
    assert set(Person.objects.values_list("id_number", flat=True)) == set(numbers)


@pytest.mark.django_db
def test_official_communities_are_never_overwritten():
    load_xuzhou_reference()
    Area.objects.create(
        code="320302001001", name="官方社区", level=AreaLevel.COMMUNITY, parent_id="320302001"
    )
    with pytest.raises(DemoDataError, match="官方村（社区）"):
        load_demo_city(seed=SEED, residents=100)
    assert Area.objects.get(code="320302001001").name == "官方社区"
    assert not Person.objects.exists()
