"""Effective-dated memberships: joins, deaths, and stays ended by marriage."""

from __future__ import annotations

from collections import Counter

from minzheng.synth.ages import AS_OF


def test_each_person_has_exactly_one_current_or_death_closed_stay(city, persons):
    rows = city.memberships.to_pylist()
    alive = {p["person_id"] for p in persons if p["life_status"] == "alive"}
    current = Counter(r["person_id"] for r in rows if r["valid_to"] is None)
    assert set(current) == alive and max(current.values()) == 1


def test_stays_start_after_birth_and_end_after_they_start(city, persons):
    born = {p["person_id"]: p["birth_date"] for p in persons}
    for r in city.memberships.to_pylist():
        assert born[r["person_id"]] <= r["valid_from"] <= AS_OF
        assert r["valid_to"] is None or r["valid_from"] < r["valid_to"] <= AS_OF


def test_deaths_close_the_stay_on_the_day_of_death(city, persons):
    died = {p["person_id"]: p["death_date"] for p in persons if p["death_date"]}
    closed = {r["person_id"]: r for r in city.memberships.to_pylist() if r["reason"] == "死亡注销"}
    assert set(closed) == set(died)
    assert all(closed[pid]["valid_to"] == day for pid, day in died.items())


def test_some_people_left_a_parents_household_on_marriage(city, persons):
    rows = city.memberships.to_pylist()
    current = {r["person_id"]: r for r in rows if r["reason"] not in ("婚嫁迁出",)}
    earlier = [r for r in rows if r["reason"] == "婚嫁迁出"]
    households = {p["household_id"] for p in persons}
    assert 0 < len(earlier) < len(households) * 0.1
    for r in earlier:
        assert r["relation"] == "child"
        assert r["valid_to"] == current[r["person_id"]]["valid_from"]
        assert r["household_id"] != current[r["person_id"]]["household_id"]
