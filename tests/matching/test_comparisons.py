"""Each comparison designed for Chinese records puts a pair in the level written by
hand here (the level is recognised by its weight, log₂ m/u, read from the shipped
model file; the pairs and their levels are chosen by hand, not by the matcher)."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from minzheng.matching import params, pipeline
from minzheng.matching.features import RECORDS, features

BASE = {
    "id_number": "440524188001010014",  # D0.1's valid male example
    "name": "王建国",
    "birth_date": None,
    "gender": None,
    "address": "徐州市鼓楼区黄楼街道和平社区解放路12号3栋2单元301室",
    "phone": "13912345678",
}


def _weights(comparison: str) -> dict[str, float]:
    _, trained = params.latest()
    (found,) = [c for c in trained["comparisons"] if c["output_column_name"] == comparison]
    return {
        level["label_for_charts"]: math.log2(level["m_probability"] / level["u_probability"])
        for level in found["comparison_levels"]
        if not level.get("is_null_level")
    }


def _evidence(change: dict[str, str | None]) -> dict[str, float]:
    _, trained = params.latest()
    left = features(pa.Table.from_pylist([{"record_id": 1, **BASE}], schema=RECORDS))
    right = features(pa.Table.from_pylist([{"record_id": 2, **BASE, **change}], schema=RECORDS))
    pairs = pipeline.score_between(left, right, trained, threshold=0.0).to_pylist()
    assert len(pairs) == 1, "the pair must be blocked together"
    return {n: pairs[0][f"mw_{n}"] for n in pipeline.COMPARISON_NAMES}


@pytest.mark.parametrize(
    ("change", "comparison", "level"),
    [
        ({"name": "王建国"}, "name", "相同"),
        ({"name": "汪建国"}, "name", "同音或名字颠倒"),  # homophone surname wang
        ({"name": "王健国"}, "name", "同音或名字颠倒"),  # homophone given name jian
        ({"name": "王國建"}, "name", "同音或名字颠倒"),  # traditional and swapped
        ({"name": "王国建"}, "name", "同音或名字颠倒"),  # given-name characters swapped
        ({"name": "王建國"}, "name", "相同"),  # traditional 國 is simplified 国
        ({"name": "王建军"}, "name", "同姓、名相近"),
        ({"name": "李红梅"}, "name", "不同"),
        # (the old 15-digit number: D0.1's other example, in its own test below)
        ({"id_number": "440524188001010313"}, "id", "差一位或两位互换"),  # valid check
        ({"id_number": "440524188001010310"}, "id", "差一位或两位互换"),  # invalid check
        ({"id_number": "440524188001001014"}, "id", "差一位或两位互换"),  # 10 ↔ 01
        ({"id_number": "440524188001010014"}, "id", "相同"),
        ({"address": "黄楼街道和平社区解放路12号3-2-301"}, "address", "同一门牌"),
        ({"address": "鼓楼区黄楼街道和平社区解放路99号"}, "address", "同一村（社区）"),
        ({"phone": "13912345679"}, "phone", "差一位"),
    ],
)
def test_level(change, comparison, level):
    assert _evidence(change)[comparison] == pytest.approx(_weights(comparison)[level])


def test_an_old_15_digit_number_is_the_same_id_number():
    # D0.1's valid example 11010519491231002X written in the old form 110105491231002
    old = {**BASE, "id_number": "11010519491231002X"}
    _, trained = params.latest()
    left = features(pa.Table.from_pylist([{"record_id": 1, **old}], schema=RECORDS))
    right = features(
        pa.Table.from_pylist(
            [{"record_id": 2, **old, "id_number": "110105491231002"}], schema=RECORDS
        )
    )
    (pair,) = pipeline.score_between(left, right, trained, threshold=0.0).to_pylist()
    assert pair["mw_id"] == pytest.approx(_weights("id")["相同"])
    # birth date and sex read from both ID numbers are the ID's evidence, not counted again
    assert (pair["mw_birth"], pair["mw_sex"]) == (0.0, 0.0)


def test_a_typed_birth_date_counts_beside_the_id_number():
    evidence = _evidence({"birth_date": "1880-01-01", "gender": "M"})
    assert evidence["birth"] == pytest.approx(_weights("birth")["相同"])


def test_a_registration_with_every_field_the_same_links_automatically():
    _, trained = params.latest()
    left = features(pa.Table.from_pylist([{"record_id": 1, **BASE}], schema=RECORDS))
    right = features(pa.Table.from_pylist([{"record_id": 2, **BASE}], schema=RECORDS))
    (pair,) = pipeline.score_between(left, right, trained, threshold=0.0).to_pylist()
    assert pair["match_probability"] > 0.999
