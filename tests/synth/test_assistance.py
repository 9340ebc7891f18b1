"""Assistance programmes are consistent with household income and property."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from minzheng.synth.assistance import DIBAO_STANDARD_CENTS


def _standard(household) -> Decimal:
    return Decimal(DIBAO_STANDARD_CENTS[household["urban_rural"] == "urban"]) / 100


def test_programme_shares(households):
    counts = Counter(h["programme"] for h in households)
    total = len(households)
    assert abs(counts["dibao"] / total - 0.025) < 0.003
    assert abs(counts["extreme_poverty"] / total - 0.004) < 0.002
    assert abs(counts["near_dibao"] / total - 0.01) < 0.002


def test_income_agrees_with_the_programme(households):
    for h in households:
        line = _standard(h)
        per_capita = h["per_capita_income"]
        if h["programme"] in ("dibao", "extreme_poverty"):
            assert per_capita < line
        elif h["programme"] == "near_dibao":
            assert line <= per_capita < line * Decimal("1.5")


def test_per_capita_income_is_household_income_over_living_members(households, persons):
    income: dict[int, Decimal] = {}
    living: Counter[int] = Counter()
    for p in persons:
        if p["life_status"] == "alive":
            income[p["household_id"]] = income.get(p["household_id"], 0) + p["monthly_income"]
            living[p["household_id"]] += 1
    for h in households:
        assert h["size"] == living[h["household_id"]]
        assert h["monthly_income"] == income[h["household_id"]]
        expected = (h["monthly_income"] * 100 // h["size"]) / 100
        assert h["per_capita_income"] == expected


def test_extreme_poverty_households_are_one_needy_person(households, persons):
    heads = {p["person_id"]: p for p in persons if p["relation"] == "head"}
    for h in households:
        if h["programme"] == "extreme_poverty":
            head = heads[h["head_person_id"]]
            assert h["size"] == 1
            assert head["birth_date"].year <= 1966 or head["disability_grade"] in (1, 2, 3)


def test_enrolled_households_stay_within_the_property_rules(households):
    for h in households:
        if h["programme"] in ("dibao", "extreme_poverty"):
            assert not h["owns_second_dwelling"] and not h["owns_vehicle"]
            assert h["deposits"] < 6 * _standard(h) * max(h["size"], 1)


def test_most_poor_households_are_enrolled_but_not_all(households):
    poor = [h for h in households if h["per_capita_income"] < _standard(h)]
    unenrolled = [h for h in poor if h["programme"] == ""]
    assert 0 < len(unenrolled) < len(poor) / 2
