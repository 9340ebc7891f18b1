"""The labelled duplicate set (docs/identity.md "The benchmark set"): one registry record
per resident and, for about 8 % of them, a second record with the documented errors."""

from __future__ import annotations

import collections
import re

import pytest

from minzheng.core import idnumber
from minzheng.synth.duplicates import address_forms, labelled_set, traditional


@pytest.fixture(scope="module")
def records():
    return labelled_set(seed=3, residents=20_000).to_pylist()


def test_every_resident_has_a_registry_record_and_some_a_second(records):
    per_person = collections.Counter(r["person_id"] for r in records)
    assert len(per_person) == 20_000
    seconds = sum(n - 1 for n in per_person.values())
    assert 0.07 * 20_000 < seconds < 0.09 * 20_000  # 8 %
    registry = [r for r in records if r["record_id"] == r["person_id"]]
    assert len(registry) == 20_000
    assert all(idnumber.is_valid(r["id_number"]) for r in registry)


def test_the_second_records_carry_the_documented_errors(records):
    seconds = [r for r in records if r["record_id"] != r["person_id"]]
    numbers = [r["id_number"] or "" for r in seconds]
    n = len(seconds)
    old = sum(len(x) == 15 for x in numbers)
    invalid = sum(len(x) == 18 and not idnumber.is_valid(x) for x in numbers)
    missing = sum(x == "" for x in numbers)
    assert 0.03 * n < old < 0.10 * n  # 8 % drawn, only for people born 1900–1999
    assert 0.03 * n < invalid < 0.10 * n  # wrong digit, check unchanged (4 %) + transposed (3 %)
    assert 0.005 * n < missing < 0.04 * n  # 2 %
    assert any(x.endswith("x") for x in numbers)
    dashed = sum(bool(re.search(r"\d+-\d+-\d+$", r["address"])) for r in seconds)
    assert dashed > 0


def test_traditional_and_three_address_forms():
    assert traditional("张伟国") == "張偉國"
    assert traditional("李峰") == "李峯"
    full = "徐州市鼓楼区黄楼街道和平社区解放路12号3栋2单元301室"
    import numpy as np

    rng = np.random.default_rng(1)
    forms = {address_forms(full, rng) for _ in range(60)}
    assert forms == {
        full,
        "黄楼街道和平社区解放路12号3栋2单元301室",
        "鼓楼黄楼街道和平社区解放路12号3-2-301",
    }
