"""Names: surnames by frequency, given names of one or two characters."""

from __future__ import annotations

from collections import Counter

import numpy as np

from minzheng.synth import names


def test_surname_table_has_the_hundred_commonest_in_order():
    assert len(names.SURNAME_SHARES) == 100
    assert len({s for s, _ in names.SURNAME_SHARES}) == 100
    shares = [share for _, share in names.SURNAME_SHARES]
    assert shares == sorted(shares, reverse=True)
    assert names.SURNAMES[:5] == ("王", "李", "张", "刘", "陈")
    assert abs(names.SURNAME_P.sum() - 1.0) < 1e-9


def test_drawn_surnames_follow_the_frequencies():
    drawn = names.draw_surnames(np.random.default_rng(1), 200_000)
    counts = Counter(drawn.tolist())
    wang = counts[0] / drawn.size
    assert abs(wang - names.SURNAME_P[0]) < 0.005
    assert counts.most_common(1)[0][0] in (0, 1)


def test_names_are_a_surname_and_one_or_two_given_characters(persons):
    lengths = Counter(len(p["name"]) for p in persons)
    assert set(lengths) <= {2, 3}
    assert 0.05 < lengths[2] / len(persons) < 0.3
    assert all(p["name"][0] in names.SURNAMES for p in persons)


def test_given_names_differ_by_sex():
    rng = np.random.default_rng(2)
    year = np.full(5_000, 1990)
    male = names.full_names(rng, np.zeros(5_000, np.int16), np.ones(5_000, bool), year)
    female = names.full_names(rng, np.zeros(5_000, np.int16), np.zeros(5_000, bool), year)
    male_chars = {c for n in male.tolist() for c in n[1:]}
    female_chars = {c for n in female.tolist() for c in n[1:]}
    assert len(male_chars & female_chars) < len(male_chars) / 4


def test_children_mostly_carry_the_fathers_surname(persons):
    by_household: dict[int, list[dict]] = {}
    for p in persons:
        by_household.setdefault(p["household_id"], []).append(p)
    same = total = 0
    for members in by_household.values():
        head = members[0]
        spouse = next((m for m in members if m["relation"] == "spouse"), None)
        if spouse is None:
            continue
        father = head if head["gender"] == "M" else spouse
        for child in (m for m in members if m["relation"] == "child"):
            total += 1
            same += child["name"][0] == father["name"][0]
    assert same / total > 0.85
