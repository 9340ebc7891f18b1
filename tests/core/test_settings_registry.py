"""The one settings registry (issue 8 item 1): every key the code or a rule file reads is
declared, no key is declared twice with different types or defaults, and every kind
parses and refuses values as written down here by hand."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from minzheng.analytics.rulefile import rule_headers
from minzheng.core import settings_registry
from minzheng.core.settings_registry import (
    InvalidSetting,
    SettingError,
    declare,
    declared,
    display,
    merge,
    parse,
    settings_from_yaml,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "minzheng"
# Functions whose first argument (or `key=`) is a configuration key.
READERS = {
    "config_raw",
    "config_decimal",
    "config_int",
    "config_int_by_area",
    "config_history",
    "setting_int",
    "setting_set",
}
KEY_SHAPE = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


def _calls(tree: ast.AST) -> list[ast.expr]:
    """Key arguments of the configuration readers, workflow deadline keys, and the
    values of module constants named `*_KEY` or `*_KEYS`."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in READERS and node.args:
                found.append(node.args[0])
            found += [k.value for k in node.keywords if k.arg in {"key", "deadline_working_days"}]
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith(("_KEY", "_KEYS")) for t in node.targets
        ):
            value = node.value
            found += value.values if isinstance(value, ast.Dict) else [value]
    return found


def _keys_in_code() -> tuple[set[str], set[str]]:
    """Constant keys and f-string prefixes (`fast_track.credit_term_months.{grade}`)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for arg in _calls(tree):
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if re.match(KEY_SHAPE, arg.value):
                    constants.add(arg.value)
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                prefixes.add(str(arg.values[0].value))
    return constants, prefixes


def test_every_key_the_code_reads_is_declared():
    constants, prefixes = _keys_in_code()
    # The scan finds the readers' keys at all (hand-picked, one per reading path).
    assert {
        "fast_track.amount_cap",  # config_decimal
        "dibao.notice.days",  # config_int
        "dibao.deadline.total_working_days",  # setting_int
        "dibao.deadline.decision_working_days",  # a workflow's deadline
        "warning.lead.verify_working_days",  # DEADLINE_KEY, config_int_by_area
        "dibao.review.stable_months",  # the review-class table
    } <= constants
    assert "fast_track.credit_term_months." in prefixes
    keys = declared()
    assert sorted(constants - set(keys)) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in keys), prefix


def test_every_rule_parameter_is_declared_with_the_rules_type():
    kinds = {"integer": "int", "text_list": "codes", "money": "money", "ratio": "ratio"}
    keys = declared()
    for rule in rule_headers():
        for parameter in rule.parameters:
            setting = keys[parameter.config_key]
            assert setting.kind == kinds[parameter.type.value], parameter.config_key
            assert rule.id in setting.rule.split(), parameter.config_key


def test_the_warning_thresholds_are_declared_with_their_defaults():
    keys = declared()
    threshold = keys["warning.medical.out_of_pocket_threshold.monitored"]  # D5.4: 6,000
    assert (threshold.kind, parse(threshold, threshold.example)[1]) == ("money", Decimal(6000))
    assert keys["warning.income_drop.lookback_months"].example == "3"
    assert keys["warning.lead.verify_working_days"].app == "warning"


def test_the_policy_and_procedure_settings_are_declared_by_assistance():
    keys = declared()
    assert keys["amount.rounding.unit"].app == "assistance"
    assert keys["amount.rounding.unit"].label_of("fen") == "分"
    assert keys["dibao.notice.days"].example == "7"  # D1.7
    # Shared with the warning rules (W008): one declaration, the same default.
    assert keys["dibao.standard.urban"].app == "assistance"
    assert "W008" in keys["dibao.standard.urban"].rule.split()


def _money(example: str, kind: str = "money") -> object:
    return declare(key="test.amount", kind=kind, label="测试金额", app="core", example=example)


def test_a_key_declared_twice_with_different_types_is_refused():
    with pytest.raises(SettingError, match="类型不同"):
        merge(_money("780"), _money("780", kind="ratio"))


def test_a_key_declared_twice_with_different_defaults_is_refused():
    with pytest.raises(SettingError, match="示例值不同"):
        merge(_money("780"), _money("755"))


def test_the_same_default_written_two_ways_is_one_declaration():
    merged = merge(_money("780"), _money("780.00"))
    assert merged.example == "780"


def test_a_bad_example_fails_at_declaration():
    with pytest.raises(SettingError, match=re.escape("示例值“7.805”无效")):
        _money("7.805")


def _setting(kind: str, **extra: object):
    return declare(key="test.value", kind=kind, label="测试项", app="core", **extra)


ROUNDING = (("yuan", "元"), ("fen", "分"))


@pytest.mark.parametrize(
    "kind,extra,raw,stored,typed",
    [
        ("money", {}, " 780.5 ", "780.5", Decimal("780.5")),
        ("ratio", {}, "1/6", "1/6", Fraction(1, 6)),
        ("ratio", {}, "1.3", "1.3", Fraction(13, 10)),
        ("int", {}, "007", "7", 7),
        ("bool", {}, "是", "true", True),
        ("date", {}, "2026-07-01", "2026-07-01", dt.date(2026, 7, 1)),
        ("choice", {"choices": ROUNDING}, "分", "fen", "fen"),
        ("codes", {"choices": ROUNDING}, "元，分", "yuan,fen", ("yuan", "fen")),
        ("caps", {"choices": ROUNDING}, "fen:500", "fen:500", (("fen", "500"),)),
        ("tiers", {}, "0.8:1,0:0.2", "0.8:1,0:0.2", (("0.8", "1"), ("0", "0.2"))),
        (
            "code_pairs",
            {"choices": ROUNDING},
            "元：分，fen:yuan",
            "yuan:fen,fen:yuan",
            (("yuan", "fen"), ("fen", "yuan")),
        ),
    ],
)
def test_values_parse_by_their_declared_kind(kind, extra, raw, stored, typed):
    assert parse(_setting(kind, **extra), raw) == (stored, typed)


@pytest.mark.parametrize(
    "kind,extra,raw,message",
    [
        ("money", {}, "7.805", "最多两位小数"),
        ("money", {}, "-1", "非负金额"),
        ("money", {}, "七百", "非负金额"),
        ("money", {}, "", "不能为空"),
        ("ratio", {}, "1/0", "非负小数或分数"),
        ("int", {}, "1.5", "非负整数"),
        ("int", {"positive": True}, "0", "必须大于 0"),
        ("int", {"maximum": Decimal(60)}, "61", "不能大于 60"),
        ("bool", {}, "也许", "“是”或“否”"),
        ("date", {}, "2026-02-30", "应为日期"),
        ("choice", {"choices": ROUNDING}, "角", "可选：元、分"),
        ("codes", {"choices": ROUNDING}, "fen,fen", "出现了多次"),
        ("int_map", {}, "A:x", "格式错误"),
        ("code_pairs", {"choices": ROUNDING}, "yuan", "格式错误"),
        ("code_pairs", {"choices": ROUNDING}, "yuan:yuan", "两边相同"),
        ("code_pairs", {"choices": ROUNDING}, "yuan:fen,元:分", "出现了多次"),
        ("code_pairs", {"choices": ROUNDING}, "yuan:角", "可选：元、分"),
    ],
)
def test_bad_values_are_refused_with_what_is_expected(kind, extra, raw, message):
    with pytest.raises(InvalidSetting, match=message):
        parse(_setting(kind, **extra), raw)


def test_a_policy_value_the_engine_would_refuse_is_refused():
    """The policy engine's own parser is one of the key's checks: a tier list whose
    floors do not end at 0 parses as pairs but not as tiers (D1.14)."""
    tiers = declared()["dibao.amount.tiers"]
    with pytest.raises(InvalidSetting):
        parse(tiers, "0.8:1,0.5:0.7")


def test_values_are_shown_in_words():
    keys = declared()
    assert display(keys["amount.rounding.method"], "half_up") == "四舍五入"
    assert (
        display(keys["warning.housing.unsafe_grades"], "C,D")
        == "局部危房（三级）、整栋危房（四级）"
    )
    assert display(_setting("bool"), "false") == "否"
    # the exclusion matrix of supervision rule S003 (D14.3): kept before stopped
    assert display(
        keys["supervision.exclusion_matrix"], "extreme_poverty:dibao,orphan:extreme_poverty"
    ) == ("特困人员救助供养优先于最低生活保障；孤儿基本生活保障优先于特困人员救助供养")
    assert display(keys["supervision.line_statuses"], "sent,paid") == "已送银行（待回盘）、已发放"


def test_an_app_yaml_in_the_policy_shape_is_read(tmp_path):
    """The shape every app ships (the payments app's too): key, kind, label, unit,
    rule, example."""
    path = tmp_path / "settings.yaml"
    path.write_text(
        '- key: payments.reissue_working_days\n  kind: int\n  label: "失败重发时限"\n'
        '  unit: "工作日"\n  rule: "D13.3"\n  example: "3"\n',
        encoding="utf-8",
    )
    (setting,) = settings_from_yaml(path, app="payments")
    assert (setting.key, setting.kind, setting.unit, setting.example) == (
        "payments.reissue_working_days",
        "int",
        "工作日",
        "3",
    )
    path.write_text('- key: payments.x\n  kind: money\n  label: "x"\n  colour: red\n')
    with pytest.raises(SettingError, match="未知字段"):
        settings_from_yaml(path, app="payments")


def test_the_system_check_reports_a_declaration_that_cannot_be_used(monkeypatch):
    assert settings_registry.check_declarations() == []

    def conflicting() -> dict[str, object]:
        raise SettingError("test.amount: 重复声明的类型不同（money / ratio）")

    monkeypatch.setattr(settings_registry, "declared", conflicting)
    (error,) = settings_registry.check_declarations()
    assert (error.id, error.msg) == (
        "minzheng.E001",
        "配置项声明有误：test.amount: 重复声明的类型不同（money / ratio）",
    )
