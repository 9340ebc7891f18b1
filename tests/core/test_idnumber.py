"""Citizen ID numbers, rule D0.1."""

import datetime as dt

import pytest

from minzheng.core import idnumber


def test_examples_from_the_rulebook_are_valid_with_gender_and_birth_date():
    female = idnumber.parse("11010519491231002X")
    assert (female.gender, female.birth_date) == ("F", dt.date(1949, 12, 31))
    male = idnumber.parse("440524188001010014")
    assert (male.gender, male.birth_date, male.division_code) == (
        "M",
        dt.date(1880, 1, 1),
        "440524",
    )


def test_lower_case_x_is_accepted_and_stored_upper_case():
    assert idnumber.parse(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("110105194912310021", "校验码错误：第18位应为X，实际为1"),
        ("11010519491231002", "应为18位，实际为17位"),
        ("1101051949123100211", "应为18位，实际为19位"),
        ("11010520230230002X", "出生日期20230230不存在"),
        ("11010519491231A02X", "前17位必须是数字"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(raw, message):
    with pytest.raises(idnumber.InvalidIdNumber, match=message):
        idnumber.parse(raw)


def test_a_birth_date_in_the_future_is_refused():
    number = idnumber.make("320302", dt.date(2030, 1, 1), 11)
    with pytest.raises(idnumber.InvalidIdNumber, match="晚于今天"):
        idnumber.parse(number, today=dt.date(2026, 11, 29))


def test_make_builds_numbers_that_parse_back():
    number = idnumber.make("320382", dt.date(2000, 2, 29), 124)
    facts = idnumber.parse(number)
    assert (facts.birth_date, facts.gender, facts.division_code) == (
        dt.date(2000, 2, 29),
        "F",
        "320382",
    )


def test_full_width_digits_are_refused_with_a_hint():
    with pytest.raises(idnumber.InvalidIdNumber, match="半角"):
        idnumber.parse("１１０１０５１９４９１２３１００２X")
