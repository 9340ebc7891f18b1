"""Disability, schooling, work and income."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from minzheng.synth.ages import AS_OF


def _age(p) -> float:
    return (AS_OF - p["birth_date"]).days / 365.2425


def test_about_six_percent_disabled_with_type_and_grade_together(persons):
    disabled = [p for p in persons if p["disability_type"]]
    assert 0.045 < len(disabled) / len(persons) < 0.075
    assert all((p["disability_grade"] is None) == (p["disability_type"] == "") for p in persons)
    assert {p["disability_grade"] for p in disabled} == {1, 2, 3, 4}
    kinds = Counter(p["disability_type"] for p in disabled)
    assert kinds.most_common(1)[0][0] == "physical"


def test_school_stage_matches_age(persons):
    for p in persons:
        if p["life_status"] == "deceased":
            continue
        stage, age = p["school_stage"], _age(p)
        # ages come from whole days, so allow a day or two either side
        if stage == "primary":
            assert 5.99 <= age < 12.01
        elif stage in ("junior", "senior", "vocational"):
            assert 11.99 <= age < 18.01
        elif stage == "college":
            assert 17.99 <= age < 22.01
        assert (p["employment"] == "student") == (stage != "")


def test_children_earn_nothing_and_money_is_exact_cents(persons):
    for p in persons:
        income = p["monthly_income"]
        assert isinstance(income, Decimal) and income >= 0
        assert income == income.quantize(Decimal("0.01"))
        if _age(p) < 16 or p["life_status"] == "deceased":
            assert income == 0


def test_incomes_have_a_long_tail(persons):
    wages = sorted(p["monthly_income"] for p in persons if p["employment"] == "employed")
    median = wages[len(wages) // 2]
    assert Decimal(2_500) < median < Decimal(6_000)
    assert wages[-1] > 10 * median


def test_urban_households_earn_more_per_head(households):
    def mean(kind: str) -> Decimal:
        rows = [h for h in households if h["urban_rural"] == kind]
        return sum(h["monthly_income"] for h in rows) / sum(h["size"] for h in rows)

    assert mean("urban") > mean("rural") * Decimal("1.2")


def test_deceased_have_a_death_date_after_birth_and_are_never_heads(persons):
    deceased = [p for p in persons if p["life_status"] == "deceased"]
    assert 0.002 < len(deceased) / len(persons) < 0.02
    for p in persons:
        assert (p["death_date"] is not None) == (p["life_status"] == "deceased")
    for p in deceased:
        assert p["birth_date"] < p["death_date"] <= AS_OF
        assert p["relation"] != "head"
        assert p["death_date"] > date(AS_OF.year - 4, 1, 1)
