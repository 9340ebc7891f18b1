"""Reading Chinese records (D0.1): expected values written by hand from the rulebook
(the GB 11643 examples of D0.1) and from the characters themselves."""

from __future__ import annotations

import pyarrow as pa

from minzheng.matching import normalize
from minzheng.matching.features import RECORDS, features


def test_an_old_15_digit_number_reads_as_its_18_character_form():
    # D0.1's valid female example 11010519491231002X, written before 1999 without the
    # century and the check character: 110105 491231 002.
    facts = normalize.read_id("110105491231002")
    assert facts.id18 == "11010519491231002X"
    assert facts.was15 and facts.valid
    assert (facts.birth, facts.sex) == ("1949-12-31", "F")


def test_a_lower_case_x_and_full_width_digits_read_as_the_stored_number():
    assert normalize.read_id("11010519491231002x").id18 == "11010519491231002X"
    assert normalize.read_id("４４０５２４１８８００１０１００１４").id18 == "440524188001010014"


def test_a_wrong_check_character_is_kept_but_marked_invalid():
    facts = normalize.read_id("110105194912310021")  # D0.1's invalid example
    assert facts.id18 == "110105194912310021" and not facts.valid
    assert (facts.birth, facts.sex) == ("1949-12-31", "F")  # 17th character 2: even


def test_traditional_and_variant_characters_read_as_simplified():
    assert normalize.simplify("張偉國") == "张伟国"
    assert normalize.simplify("劉 麗華") == "刘丽华"
    assert normalize.simplify("李峯") == "李峰"  # a variant the conversion table keeps


def test_pinyin_hears_homophones_alike():
    assert normalize.pinyin("张伟") == normalize.pinyin("章玮") == "zhang wei"
    assert normalize.pinyin("李丽") == normalize.pinyin("李莉")


def test_surname_and_given_name():
    assert normalize.split_name("王建国") == ("王", "建国")
    assert normalize.split_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert normalize.split_name("欧阳") == ("欧", "阳")  # two characters: surname 欧


def test_an_address_written_three_ways_reads_alike():
    full = normalize.parse_address("徐州市鼓楼区黄楼街道和平社区解放路12号3栋2单元301室")
    short = normalize.parse_address("黄楼街道和平社区解放路12号3栋2单元301室")
    dashed = normalize.parse_address("鼓楼黄楼街道和平社区解放路12号3-2-301")
    assert (
        full
        == short
        == dashed
        == normalize.Address("320302", "黄楼街道", "和平社区", "解放路", "12号3栋2单元301室")
    )


def test_a_village_address():
    found = normalize.parse_address("徐州市沛县张寨镇刘圩村9组72号")
    assert found == normalize.Address("320322", "张寨镇", "刘圩村", "9组", "72号")


def test_phone_numbers():
    assert normalize.phone("+86 139-1234-5678") == "13912345678"
    assert normalize.phone("5678") is None


def test_features_take_birth_date_and_sex_from_the_id_number_when_not_typed():
    records = pa.Table.from_pylist(
        [
            {"record_id": 1, "id_number": "440524188001010014", "name": "張三"},
            {
                "record_id": 2,
                "id_number": None,
                "name": "王建国",
                "birth_date": "1980-05-17",
                "gender": "M",
            },
        ],
        schema=RECORDS,
    )
    rows = features(records).to_pylist()
    assert (rows[0]["birth"], rows[0]["sex"], rows[0]["name_s"]) == ("1880-01-01", "M", "张三")
    assert (rows[1]["id18"], rows[1]["birth"], rows[1]["given_sorted"]) == (
        None,
        "1980-05-17",
        "国建",
    )
