"""The unified social credit code's check character (GB 32100-2015), with vectors
worked by hand: weights 3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
character values 0–9, A=10 B=11 … H=17 J=18 K=19 L=20 M=21 N=22 P=23 Q=24 R=25 T=26
U=27 W=28 X=29 Y=30; C18 = 31 − (S mod 31), 31 written as 0."""

from __future__ import annotations

import pytest

from minzheng.organisations.credit_code import WEIGHTS, check_character, code_problem, type_problem

# 51320300MJ517405 2: 5·1 + 1·3 + 3·9 + 2·27 + 0·19 + 3·26 + 0·16 + 0·17 + M(21)·20
# + J(18)·29 + 5·25 + 1·13 + 7·8 + 4·24 + 0·10 + 5·30 + 2·28
# = 5+3+27+54+0+78+0+0+420+522+125+13+56+96+0+150+56 = 1605; 1605 mod 31 = 24 (31·51 =
# 1581); 31 − 24 = 7.
ASSOCIATION = "51320300MJ51740527"
# 5332030050912345X: 5+9+27+54+0+78+0+0+100+0+225+13+16+72+40+150+X(29)·28=812 → 1601;
# 1601 mod 31 = 20; 31 − 20 = 11 → B.
FOUNDATION = "5332030050912345XB"
# 51320300MJ517405A: 1605 − 2·28 + A(10)·28 = 1829 = 31·59, so S mod 31 = 0 → check 0.
CHECK_ZERO = "51320300MJ517405A0"


def test_the_weights_are_the_standards():
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", [ASSOCIATION, FOUNDATION, CHECK_ZERO])
def test_valid_codes_pass(code):
    assert code_problem(code) is None
    assert check_character(code[:17]) == code[17]


def test_lower_case_is_read_as_upper_case():
    assert code_problem("51320300mj51740527") is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("51320300MJ51740528", "统一社会信用代码校验码错误"),  # 7 expected
        ("5332030050912345XA", "统一社会信用代码校验码错误"),  # B expected
        ("51320300MJ5174052", "统一社会信用代码应为18位，现为17位"),
        ("51320300MI51740527", "统一社会信用代码含有不允许的字符：I（不使用I、O、Z、S、V）"),
        ("51320300MJ5174052Z", "统一社会信用代码含有不允许的字符：Z（不使用I、O、Z、S、V）"),
    ],
)
def test_invalid_codes_say_why(code, problem):
    assert code_problem(code) == problem


def test_the_type_character_must_match_the_organisation_type():
    assert type_problem(ASSOCIATION, "association") is None
    assert type_problem(FOUNDATION, "foundation") is None
    assert type_problem(ASSOCIATION, "foundation") == "统一社会信用代码第2位应为3，与组织类型不符"
    assert type_problem("91350100M000100Y43", "association") == (
        "社会组织的统一社会信用代码应以5开头（登记管理机关为民政部门）"
    )
