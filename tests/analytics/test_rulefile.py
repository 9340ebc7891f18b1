"""Rule files: header, SQL and cases are checked when a rule is loaded, not in the nightly run."""

from __future__ import annotations

import dataclasses
import decimal
import re
from pathlib import Path

import pytest
from sqlglot import exp

from minzheng.analytics.allowlist import FunctionNotAllowed
from minzheng.analytics.params import Parameter, ParamType
from minzheng.analytics.rulefile import (
    RuleError,
    check_rule,
    config_types,
    load_rules,
    load_views,
    parse_rule,
)

RULES = load_rules()
# Numbers a rule may write as literals: they are arithmetic (0, 1) or units (12 months a
# year), never a policy threshold — thresholds are parameters (house style, "Rules as data").
ALLOWED_NUMBERS = {"0", "1", "12"}

HEADER = """/* ---
id: W900
title_zh: 测试规则
title_en: Test rule
severity: low
references: [D5.1]
description_zh: 测试
parameters:
  limit: {{type: money, default: "10.00", config_key: test.limit, description_zh: 阈值}}
outputs:
  id_number: text
  household_id: int64
  area_code: text
  evidence: text
--- */
"""
GOOD_SQL = (
    "SELECT id_number, household_id, area_code, 'x' AS evidence FROM persons "
    "WHERE monthly_income > $limit"
)


def rule_file(
    tmp_path: Path, sql: str = GOOD_SQL, header: str = HEADER, name: str = "W900_test"
) -> Path:
    path = tmp_path / f"{name}.sql"
    path.write_text(header.format() + sql, "utf-8")
    return path


def test_the_warning_set_loads_on_both_engines_with_unique_ids() -> None:
    assert [rule.id for rule in RULES] == [f"W00{i}" for i in range(1, 10)]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_cites_the_rulebook_and_has_cases(rule) -> None:  # type: ignore[no-untyped-def]
    assert all(re.fullmatch(r"D\d+(\.\d+)?", ref) for ref in rule.references)
    assert rule.cases_path.exists()
    assert rule.title_zh and rule.title_en and rule.description_zh


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_no_threshold_is_a_literal_buried_in_the_sql(rule) -> None:  # type: ignore[no-untyped-def]
    numbers = {
        node.this
        for node in rule.tree.find_all(exp.Literal)
        if not node.is_string and not node.find_ancestor(exp.DataType)  # DECIMAL(12, 2)
    }
    assert numbers <= ALLOWED_NUMBERS, f"{rule.id}: make {numbers - ALLOWED_NUMBERS} a parameter"


def test_a_valid_test_rule_loads_and_reports_the_columns_it_reads(tmp_path: Path) -> None:
    rules = load_rules(rule_file(tmp_path).parent)
    assert rules[0].input_columns == {
        "persons": ("area_code", "household_id", "id_number", "monthly_income")
    }


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT id_number, household_id, area_code, 'x' AS evidence FROM persons", "未使用"),
        (GOOD_SQL + " AND age > $age", "未在头部声明"),
        (GOOD_SQL.replace("FROM persons", "FROM people"), "未知的表 people"),
        (GOOD_SQL.replace("monthly_income", "salary"), "列名检查失败"),
        (GOOD_SQL.replace("'x' AS evidence", "'x' AS note"), "与头部 outputs"),
        ("DELETE FROM persons WHERE monthly_income > $limit", "只能是一条 SELECT"),
    ],
)
def test_a_broken_rule_is_refused_with_the_reason(tmp_path: Path, sql: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        check_rule(parse_rule(rule_file(tmp_path, sql)))


def test_a_function_off_the_spark_list_refuses_the_rule_for_spark_only(tmp_path: Path) -> None:
    sql = GOOD_SQL.replace("'x' AS evidence", "strftime(birth_date, '%Y') AS evidence")
    rule = parse_rule(rule_file(tmp_path, sql))
    check_rule(rule, engines=["duckdb"])
    with pytest.raises(FunctionNotAllowed, match="TIME_TO_STR"):
        check_rule(rule, engines=["spark"])


@pytest.mark.parametrize(
    ("header", "name", "message"),
    [
        (HEADER.replace("severity: low", "severity: urgent"), "W900_test", "severity"),
        (HEADER.replace("id: W900", "id: X1"), "W900_test", "编号"),
        (HEADER, "W901_test", "文件名"),
        (HEADER.replace("[D5.1]", "[section 5]"), "W900_test", "references"),
        (HEADER.replace("title_en: Test rule\n", ""), "W900_test", "title_en"),
        ("SELECT 1", "W900_test", "YAML 头"),
    ],
)
def test_a_bad_header_is_refused(tmp_path: Path, header: str, name: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule(rule_file(tmp_path, header=header, name=name))


def test_configuration_overrides_a_default_by_rule_key_then_config_key_then_name() -> None:
    w001 = next(rule for rule in RULES if rule.id == "W001")
    default = w001.values()["monitored_threshold"]
    by_config = w001.values({"warning.medical.out_of_pocket_threshold.monitored": "5000"})
    pinned = w001.values(
        {
            "W001.monitored_threshold": "4000",
            "warning.medical.out_of_pocket_threshold.monitored": "5000",
        }
    )
    assert default == decimal.Decimal("6000.00")
    assert by_config["monitored_threshold"] == decimal.Decimal("5000")
    assert pinned["monitored_threshold"] == decimal.Decimal("4000")
    with pytest.raises(RuleError, match="monitored_threshold"):
        w001.values({"monitored_threshold": "six thousand"})


VIEW = """/* ---
view: poor_households
description_zh: 测试视图
parameters:
  line: {{type: money, default: "500.00", config_key: test.line, description_zh: 线}}
outputs: [household_id, poor]
--- */
SELECT household_id, monthly_income < $line AS poor FROM households
"""
LINE = '  line: {{type: money, default: "1.00", config_key: x, description_zh: y}}\n'
USES_HEADER = HEADER.replace("parameters:", "uses: [poor_households]\nparameters:")
VIEW_SQL = (
    "SELECT p.id_number, p.household_id, p.area_code, 'x' AS evidence FROM persons AS p "
    "JOIN poor_households AS v ON v.household_id = p.household_id "
    "WHERE v.poor AND p.monthly_income > $limit"
)


def view_file(tmp_path: Path, text: str = VIEW, name: str = "poor_households") -> Path:
    (tmp_path / "_views").mkdir(exist_ok=True)
    path = tmp_path / "_views" / f"{name}.sql"
    path.write_text(text.format(), "utf-8")
    return path


def test_every_shared_view_is_used_and_the_low_income_line_is_declared_once() -> None:
    users = {
        view.name: [r.id for r in RULES if view in r.views] for r in RULES for view in r.views
    }
    assert users == {
        "household_lines": [f"W00{i}" for i in range(1, 10)],
        "over_property_limits": ["W008", "W009"],
    }
    shared = ("$near_dibao_ratio", "$dibao_standard_", "$monitored_programmes")
    shared += ("$max_dwellings", "$max_non_work_vehicles", "$work_vehicle_types")
    for rule in RULES:  # the definition lives in the view only
        assert not [word for word in shared if word in rule.sql], rule.id


def test_a_rule_using_a_view_inlines_it_and_inherits_its_parameters(tmp_path: Path) -> None:
    view_file(tmp_path)
    rule = load_rules(rule_file(tmp_path, VIEW_SQL, USES_HEADER).parent)[0]
    assert [p.name for p in rule.parameters] == ["limit", "line"]
    # every column the inlined view selects is read (the engine must provide them)
    assert rule.input_columns["households"] == ("household_id", "monthly_income")
    sql = rule.render("spark", {"limit": decimal.Decimal("1"), "line": decimal.Decimal("9")})
    assert sql.startswith("WITH poor_households AS (SELECT")
    assert rule.values({"W900.line": "7.00"})["line"] == decimal.Decimal("7.00")
    before = rule.version
    view_file(tmp_path, VIEW.replace("测试视图", "改过的视图"))
    assert parse_rule(rule.path).version != before  # the run fingerprint follows the view


@pytest.mark.parametrize(
    ("view", "header", "message"),
    [
        (VIEW, USES_HEADER.replace("poor_households", "rich_households"), "共用视图不存在"),
        (VIEW, USES_HEADER.replace("parameters:\n", "parameters:\n" + LINE), "已由共用视图"),
        (VIEW.replace("FROM households", "FROM people"), USES_HEADER, "未知的表 people"),
        (VIEW.replace("monthly_income", "salary"), USES_HEADER, "列名检查失败"),
        (VIEW.replace("AS poor", "AS needy"), USES_HEADER, "outputs"),
        (VIEW.replace("< $line", "< 500"), USES_HEADER, "参数声明与使用不一致"),
    ],
)
def test_a_broken_view_or_use_is_refused(
    tmp_path: Path, view: str, header: str, message: str
) -> None:
    view_file(tmp_path, view)
    rule_file(tmp_path, VIEW_SQL, header)
    with pytest.raises(RuleError, match=message):
        load_rules(tmp_path)


READS_VIEW = """/* ---
view: rich_members
description_zh: 测试视图：读取规则的 CTE
reads:
  members: {{household_id: int64, person_key: int64}}
parameters: {{}}
outputs: [household_id]
--- */
SELECT m.household_id FROM members AS m JOIN vehicles AS v ON v.person_key = m.person_key
"""
READS_SQL = (
    "WITH members AS (SELECT household_id, person_key, id_number, area_code FROM persons "
    "WHERE monthly_income < $limit) "
    "SELECT m.id_number, m.household_id, m.area_code, 'x' AS evidence FROM members AS m "
    "LEFT JOIN rich_members AS r ON r.household_id = m.household_id "
    "WHERE r.household_id IS NULL"
)


def test_a_view_reading_a_rule_cte_is_inlined_right_after_it(tmp_path: Path) -> None:
    view_file(tmp_path, READS_VIEW, "rich_members")
    header = HEADER.replace("parameters:", "uses: [rich_members]\nparameters:")
    rule = load_rules(rule_file(tmp_path, READS_SQL, header).parent)[0]
    ctes = [cte.alias_or_name for cte in rule.tree.find_all(exp.CTE)]
    assert ctes == ["members", "rich_members"]
    assert rule.input_columns["vehicles"] == ("person_key",)


def test_a_view_reading_a_cte_the_rule_lacks_is_refused(tmp_path: Path) -> None:
    view_file(tmp_path, READS_VIEW, "rich_members")
    header = HEADER.replace("parameters:", "uses: [rich_members]\nparameters:")
    rule_file(tmp_path, READS_SQL.replace("members", "people"), header)
    with pytest.raises(RuleError, match=r"rich_members 需要规则中的 CTE \['members'\]"):
        load_rules(tmp_path)


def test_a_view_must_type_the_ctes_it_reads(tmp_path: Path) -> None:
    view_file(
        tmp_path, READS_VIEW.replace("person_key: int64", "person_key: bigint"), "rich_members"
    )
    with pytest.raises(RuleError, match="bigint"):
        load_views(tmp_path / "_views")


def test_one_configuration_key_means_one_type_in_every_rule() -> None:
    assert config_types(RULES)["dibao.standard.rural"] is ParamType.MONEY
    lying = dataclasses.replace(
        RULES[0], parameters=(Parameter("x", ParamType.INTEGER, 1, "dibao.standard.rural", "x"),)
    )
    with pytest.raises(RuleError, match=r"dibao\.standard\.rural"):
        config_types([*RULES, lying])


def test_the_allow_list_covers_the_shared_sql_and_names_the_view(tmp_path: Path) -> None:
    view_file(
        tmp_path,
        VIEW.replace(
            "household_id, monthly_income",
            "household_id, strftime(birth_date, '%Y') = '' AND monthly_income",
        ).replace("FROM households", "FROM persons"),
    )
    rule_file(tmp_path, VIEW_SQL, USES_HEADER)
    load_rules(tmp_path, engines=["duckdb"])
    with pytest.raises(FunctionNotAllowed, match=r"poor_households.*TIME_TO_STR"):
        load_rules(tmp_path, engines=["spark"])
