"""ID numbers and phone numbers of the synthetic city (rule D0.1, D0.2)."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from minzheng.core import idnumber
from minzheng.synth import identity
from minzheng.synth.ages import AS_OF_DAY, to_date
from minzheng.synth.columns import ascii_rows

XUZHOU_CODES = {
    "320302", "320303", "320305", "320311", "320312", "320321", "320322", "320324",
    "320371", "320381", "320382",
}  # fmt: skip
HISTORICAL_CODES = {"320304", "320323"}  # abolished 2010


def test_every_id_number_is_valid_and_unique(persons):
    numbers = [p["id_number"] for p in persons]
    assert len(set(numbers)) == len(numbers)
    invalid = [n for n in numbers if not idnumber.is_valid(n)]
    assert invalid == []


def test_gender_and_birth_date_follow_the_id_number(persons):
    for p in persons:
        facts = idnumber.parse(p["id_number"])
        assert (facts.gender, facts.birth_date) == (p["gender"], p["birth_date"])


def test_birthplace_codes_are_xuzhou_codes_historical_only_before_2010(persons):
    for p in persons:
        code = p["id_number"][:6]
        assert code == p["hukou_county_code"]
        assert code in XUZHOU_CODES | HISTORICAL_CODES
        if code in HISTORICAL_CODES:
            assert p["birth_date"].year < 2010


def test_vectorised_check_character_matches_the_reference_function():
    rng = np.random.default_rng(3)
    n = 2_000
    code = rng.integers(0, len(identity.BIRTH_CODES), n)
    born = AS_OF_DAY - rng.integers(0, 36_000, n)
    sequence = rng.integers(0, 1_000, n)
    numbers = ascii_rows(identity.id_numbers(code, born, sequence)).to_pylist()
    for number, c, b, s in zip(numbers, code, born, sequence, strict=True):
        first17 = f"{identity.BIRTH_CODES[c]}{to_date(b):%Y%m%d}{s:03d}"
        assert number == first17 + idnumber.check_character(first17)


def test_sequences_never_repeat_across_blocks_and_overflow_is_refused():
    allocator = identity.SequenceAllocator(seed=1)
    code = np.zeros(300, dtype=np.int64)
    born = np.full(300, AS_OF_DAY - 10_000, dtype=np.int64)
    male = np.ones(300, dtype=bool)
    first = allocator.allocate(code, born, male)
    second = allocator.allocate(code[:199], born[:199], male[:199])
    both = np.concatenate([first, second])
    assert len(set(both.tolist())) == both.size
    assert (both % 2 == 1).all()  # men: odd sequence
    with pytest.raises(OverflowError):
        allocator.allocate(code[:1], born[:1], male[:1])


def test_phone_numbers_are_mobile_numbers_or_empty_for_small_children(persons):
    pattern = re.compile(r"^1[35789]\d{9}$")
    for p in persons:
        assert p["phone"] == "" or pattern.match(p["phone"])
        if p["birth_date"].year >= 2016:
            assert p["phone"] == ""


def test_no_birth_day_is_crowded(persons):
    """Ages are never clipped onto one value, which would exhaust that day's sequences."""
    per_day = Counter((p["hukou_county_code"], p["birth_date"]) for p in persons)
    assert max(per_day.values()) < 15
