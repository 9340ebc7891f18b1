"""Parameters: every threshold is a typed, labelled setting; bad configuration is refused
with the key named (D1.18 standards per county and urban/rural class)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from minzheng.assistance.policy.parameter_specs import PARAMETER_SPECS, example_values
from minzheng.assistance.policy.parameter_types import ParamType, Tier
from minzheng.assistance.policy.parameters import (
    GROUPS,
    ParameterError,
    build_parameters,
    example_parameters,
    group_fields,
)
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    CareLevel,
    DibaoMode,
    DisabilityType,
    Document,
    ExpenditureKind,
    IncomeKind,
    RoundingUnit,
    SupportSetting,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "assistance-policy.md"


def _problems(**changes: str | None) -> dict[str, str]:
    values: dict[str, str] = dict(example_values())
    for key, value in changes.items():
        dotted = key.replace("__", ".")
        if value is None:
            values.pop(dotted)
        else:
            values[dotted] = value
    with pytest.raises(ParameterError) as caught:
        build_parameters(values)
    return {problem.key: problem.message for problem in caught.value.problems}


def test_every_spec_maps_to_exactly_one_typed_field_of_its_group() -> None:
    declared = {(spec.group, spec.attribute) for spec in PARAMETER_SPECS}
    fields = {(group, name) for group in GROUPS for name in group_fields(group)}
    assert declared == fields
    assert len(declared) == len(PARAMETER_SPECS)


def test_every_spec_has_a_chinese_label_a_rule_and_a_confidence_tag() -> None:
    for spec in PARAMETER_SPECS:
        assert spec.label and not spec.label.isascii(), spec.key
        assert spec.rule.startswith("D"), spec.key
        assert spec.confidence in {"N", "S", "L", "?"}, spec.key


def test_example_values_fit_the_config_value_column_of_200_characters() -> None:
    assert all(len(value) <= 200 for value in example_values().values())


def test_examples_use_the_rulebook_demo_standards() -> None:
    p = example_parameters()
    assert p.dibao.standard(AreaClass.URBAN) == Decimal("780")
    assert p.dibao.standard(AreaClass.RURAL) == Decimal("755")
    assert (p.extreme_poverty.basic_urban, p.extreme_poverty.basic_rural) == (1295, 982)
    assert (p.orphan.standard_institutional, p.orphan.standard_home) == (1680, 1290)
    assert p.extreme_poverty.basic_min_ratio == Fraction(13, 10)
    assert p.near_dibao.income_ratio == Fraction(3, 2)
    assert p.dibao.single_person_floor_ratio == Fraction(3, 5)
    assert p.dibao.gradual_exit_months == 6
    assert (p.fast_track.grant_days, p.fast_track.amount_cap) == (5, Decimal("3000"))


def test_values_are_parsed_into_typed_values() -> None:
    p = example_parameters()
    assert p.amount.rounding_unit is RoundingUnit.FEN
    assert p.dibao.amount_mode is DibaoMode.DIFFERENCE
    assert p.dibao.amount_tiers[0] == Tier(Fraction(4, 5), Fraction(1))
    assert IncomeKind.SCHOLARSHIP in p.dibao.income_excluded_kinds
    assert IncomeKind.WAGES not in p.dibao.income_excluded_kinds
    assert p.dibao.deduction_caps[ExpenditureKind.MEDICAL] == Decimal("500")
    assert p.work_ability.disability_max_grade[DisabilityType.INTELLECTUAL] == 3
    assert Document.ID_CARD in p.notification.shared_documents
    assert p.work_ability.accept_assessed is True


def test_care_fractions_stay_exact_so_one_sixth_of_2280_is_380() -> None:
    p = example_parameters()
    ratio = p.extreme_poverty.care_ratio(SupportSetting.HOME, CareLevel.PARTIAL)
    assert ratio == Fraction(1, 6)
    assert Decimal(2280) * ratio.numerator / ratio.denominator == Decimal("380")


def test_a_missing_key_is_reported_with_its_key_and_label() -> None:
    problems = _problems(dibao__standard__urban=None)
    assert problems == {"dibao.standard.urban": "缺少配置项 dibao.standard.urban（城市低保标准）"}


def test_every_problem_is_reported_at_once() -> None:
    problems = _problems(
        dibao__standard__urban="abc", age__adult="-1", fast_track__grant_days=None
    )
    assert set(problems) == {"dibao.standard.urban", "age.adult", "fast_track.grant_days"}


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("dibao.standard.urban", "780.001", "最多两位小数"),
        ("dibao.standard.urban", "0", "必须大于 0"),
        ("dibao.standard.urban", "-5", "非负金额"),
        ("extreme_poverty.basic.min_ratio", "1/0", "分母不能为 0"),
        ("extreme_poverty.basic.min_ratio", "1,3", "小数或分数"),
        ("age.elderly", "60.5", "非负整数"),
        ("work_ability.accept_assessed", "yes", "true 或 false"),
        ("dibao.amount.mode", "mixed", "可用代码：difference、tiered"),
        ("dibao.income.excluded_kinds", "scholarship,lottery", "未知代码“lottery”"),
        ("work_ability.disability_max_grade", "physical:5", "等级应为 1–4"),
        ("work_ability.disability_max_grade", "physical", "格式错误"),
        ("dibao.deduction.caps", "medical:lots", "上限"),
        ("dibao.review.class_months", "A:0", "格式错误"),
        ("dibao.amount.tiers", "0.5:0.7,0.8:1,0:0.2", "由高到低"),
        ("dibao.amount.tiers", "0.8:1,0.5:0.7", "最后一档为 0"),
        ("dibao.deduction.caps", "medical:500,medical:300", "同一代码出现了多次"),
    ],
)
def test_malformed_values_are_refused_with_the_expected_form(
    key: str, value: str, expected: str
) -> None:
    problems = _problems(**{key.replace(".", "__"): value})
    assert key in problems[key]
    assert expected in problems[key]


def test_care_thresholds_must_split_the_six_items_into_three_levels() -> None:
    problems = _problems(
        extreme_poverty__care__partial_min_items="4", extreme_poverty__care__full_min_items="4"
    )
    assert "extreme_poverty.care.full_min_items" in problems
    problems = _problems(extreme_poverty__care__full_min_items="7")
    assert "不超过 6" in problems["extreme_poverty.care.full_min_items"]


def test_keys_the_engine_does_not_read_are_ignored() -> None:
    values = {**example_values(), "eldercare.allowance.age_80": "100"}
    assert build_parameters(values) == example_parameters()


def test_an_empty_code_list_is_allowed() -> None:
    p = build_parameters({**example_values(), "dibao.income.excluded_kinds": ""})
    assert p.dibao.income_excluded_kinds == frozenset()


def test_a_fraction_or_a_decimal_is_accepted_for_ratios() -> None:
    p = build_parameters({**example_values(), "near_dibao.income_ratio": "3/2"})
    assert p.near_dibao.income_ratio == Fraction(3, 2)


def test_the_documentation_lists_every_parameter_key() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [spec.key for spec in PARAMETER_SPECS if f"`{spec.key}`" not in text]
    assert missing == []


def test_choice_and_list_kinds_declare_their_vocabulary() -> None:
    coded = {ParamType.CHOICE, ParamType.CODES, ParamType.GRADE_MAP, ParamType.CAPS}
    for spec in PARAMETER_SPECS:
        assert (spec.vocabulary is not None) == (spec.kind in coded), spec.key
