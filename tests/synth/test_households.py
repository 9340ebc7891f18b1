"""Household composition: sizes, relations and ages that make sense together."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest

from minzheng.synth.ages import AS_OF
from minzheng.synth.households import TYPES, compose


def _years(earlier: date, later: date) -> float:
    return (later - earlier).days / 365.2425


def _completed_years(born: date, on: date = AS_OF) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _by_household(persons):
    groups: dict[int, list[dict]] = {}
    for p in persons:
        groups.setdefault(p["household_id"], []).append(p)
    return groups


@pytest.mark.parametrize("residents", [1, 7, 10_000, 12_345])
def test_compose_gives_exactly_the_residents_asked_for(residents):
    people = compose(np.random.default_rng(1), residents)
    assert people.age.size == residents
    assert people.size.sum() == residents
    assert (people.relation[people.start] == 0).all()


def test_household_sizes_are_realistic(households, persons):
    sizes = Counter(Counter(p["household_id"] for p in persons).values())
    total = sum(sizes.values())
    share = {k: sizes[k] / total for k in range(1, 5)}
    assert 0.21 < share[1] < 0.29 and 0.26 < share[2] < 0.34
    assert 0.17 < share[3] < 0.25 and 0.10 < share[4] < 0.16
    mean = len(persons) / total
    assert 2.4 <= mean <= 3.2


def test_age_pyramid_has_the_census_shape(persons):
    ages = np.array([_years(p["birth_date"], AS_OF) for p in persons])
    assert 0.14 <= (ages < 15).mean() <= 0.20
    assert 0.16 <= (ages >= 60).mean() <= 0.22
    assert 0.11 <= (ages >= 65).mean() <= 0.16


def test_every_household_has_one_adult_head_first(persons):
    for members in _by_household(persons).values():
        relations = [m["relation"] for m in members]
        assert relations[0] == "head" and relations.count("head") == 1
        assert _completed_years(members[0]["birth_date"]) >= 18


def test_relations_agree_with_ages_and_sexes(persons):
    for members in _by_household(persons).values():
        head = members[0]
        for m in members[1:]:
            gap = _years(m["birth_date"], head["birth_date"])  # > 0: m is older
            if m["relation"] == "spouse":
                assert m["gender"] != head["gender"]
                legal_age = 22 if m["gender"] == "M" else 20  # D9.2
                assert _completed_years(m["birth_date"]) >= legal_age and abs(gap) <= 8.1
            elif m["relation"] == "child":
                assert -40.1 <= gap <= -19.9
            elif m["relation"] == "grandchild":
                assert gap <= -39.9
            elif m["relation"] in ("parent", "grandparent"):
                assert gap >= 19.9


def test_three_generation_and_left_behind_households_exist(persons):
    kinds = Counter(
        frozenset(m["relation"] for m in members) for members in _by_household(persons).values()
    )
    three_generations = sum(n for k, n in kinds.items() if {"child", "grandchild"} <= k)
    left_behind = sum(n for k, n in kinds.items() if "grandchild" in k and "child" not in k)
    assert three_generations > 0 and left_behind > 0


def test_type_table_is_complete_for_every_size():
    sizes = {t.size for t in TYPES}
    assert sizes == set(range(1, 8))
