"""The calculator's JSON contract (docs/assistance-policy.md): the documented examples hold,
amounts are 2-decimal strings, and every invalid field is named with its path."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from minzheng.assistance.policy import calculate, example_values

DOCS = Path(__file__).resolve().parents[2] / "docs" / "assistance-policy.md"
EXAMPLE = re.compile(r"<!-- example: (\S+) (request|response) -->\s*```json\n(.*?)\n```", re.S)


def _examples() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for name, part, body in EXAMPLE.findall(DOCS.read_text(encoding="utf-8")):
        found.setdefault(name, {})[part] = json.loads(body)
    return found


def _assert_subset(expected: Any, actual: Any, path: str = "") -> None:
    """Every field shown in the documentation is exactly what the calculator returns."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            _assert_subset(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), path
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            _assert_subset(want, got, f"{path}[{index}]")
    else:
        assert expected == actual, f"{path}: {expected!r} != {actual!r}"


def test_the_documentation_has_its_nine_examples() -> None:
    examples = _examples()
    assert len(examples) == 9
    assert all(set(parts) == {"request", "response"} for parts in examples.values())


@pytest.mark.parametrize("name", sorted(_examples()))
def test_each_documented_example_is_what_the_calculator_returns(name: str) -> None:
    example = _examples()[name]
    _assert_subset(example["response"], calculate(example["request"]))


def _request(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "decision_date": "2026-03-15",
        "area_class": "urban",
        "household": {
            "members": [
                {
                    "id": "m1",
                    "relation": "head",
                    "birth_date": "1980-01-01",
                    "incomes": {"wages": "1000"},
                },
                {"id": "m2", "relation": "spouse", "birth_date": "1982-01-01"},
            ]
        },
    }
    request.update(changes)
    return request


def _errors(request: Any) -> dict[str, str]:
    response = calculate(request)
    assert response["ok"] is False
    return {error["path"]: error["message"] for error in response["errors"]}


def test_the_response_is_json_with_amounts_as_two_decimal_strings() -> None:
    response = calculate(_request())
    json.dumps(response)
    dibao = response["programmes"]["dibao"]
    assert (dibao["eligible"], dibao["amount"], dibao["benefit"]) == (True, "560.00", "monthly")
    assert dibao["figures"]["standard"] == "780.00"
    assert response["programmes"]["near_dibao"]["amount"] == "0.00"
    assert response["version"] == "1" and response["ok"] is True


def test_all_programmes_are_returned_in_order_unless_some_are_chosen() -> None:
    assert list(calculate(_request())["programmes"]) == [
        "dibao",
        "dibao_single_person",
        "extreme_poverty",
        "orphan",
        "unsupported_child",
        "temporary",
        "near_dibao",
        "rigid_hardship",
        "disability_living_subsidy",
        "disability_care_subsidy",
        "old_age_allowance",
        "elderly_care_service_subsidy",
    ]
    chosen = calculate(_request(programmes=["near_dibao", "dibao"]))["programmes"]
    assert list(chosen) == ["dibao", "near_dibao"]


def test_the_example_defaults_are_flagged_and_overrides_listed() -> None:
    response = calculate(_request(parameters={"dibao.standard.urban": 500}))
    assert response["parameters"] == {
        "example_defaults": True,
        "overridden": ["dibao.standard.urban"],
    }
    assert response["programmes"]["dibao"]["eligible"] is False  # 500 per capita, not below


def test_configured_parameters_replace_the_examples() -> None:
    configured = {**example_values(), "dibao.standard.urban": "900"}
    response = calculate(_request(), parameters=configured)
    assert response["parameters"]["example_defaults"] is False
    assert response["programmes"]["dibao"]["amount"] == "800.00"


def test_json_numbers_are_accepted_for_money() -> None:
    request = _request()
    request["household"]["members"][0]["incomes"] = {"wages": 1000.5}
    assert calculate(request)["household"]["income"]["gross_monthly"] == "1000.50"


def test_the_boundary_of_dibao_through_the_api() -> None:
    request = _request(parameters={"dibao.standard.urban": "760"}, programmes=["dibao"])
    request["household"]["members"][0]["incomes"] = {"wages": "1520.00"}
    refused = calculate(request)["programmes"]["dibao"]
    assert refused["eligible"] is False
    assert refused["reasons"][-2]["message"] == "D1.13 人均收入 760.00 元不低于标准 760.00 元"
    request["household"]["members"][0]["incomes"] = {"wages": "1519.98"}
    assert calculate(request)["programmes"]["dibao"]["amount"] == "0.02"


def test_age_60_on_the_decision_date_through_the_api() -> None:
    request = _request(programmes=["extreme_poverty"])
    request["household"]["members"] = [
        {"id": "m1", "relation": "head", "birth_date": "1966-03-15"}
    ]
    result = calculate(request)["programmes"]["extreme_poverty"]
    assert (result["eligible"], result["amount"]) == (True, "1523.00")
    request["household"]["members"][0]["birth_date"] = "1966-03-16"
    assert calculate(request)["programmes"]["extreme_poverty"]["eligible"] is False


def test_an_id_number_gives_the_birth_date_and_gender() -> None:
    request = _request()
    request["household"]["members"][0] = {
        "id": "m1",
        "relation": "head",
        "id_number": "11010519491231002x",
    }
    response = calculate(request)
    assert response["household"]["members"][0]["age"] == 76


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda r: r.pop("decision_date"), "decision_date", "必填字段缺失"),
        (lambda r: r.update(decision_date="15/03/2026"), "decision_date", "YYYY-MM-DD"),
        (lambda r: r.update(area_class="city"), "area_class", "urban、rural"),
        (lambda r: r.update(extra=1), "extra", "未知字段"),
        (lambda r: r.update(version="2"), "version", "不支持的版本"),
        (lambda r: r.pop("household"), "household", "必填"),
        (lambda r: r["household"].update(members=[]), "household.members", "至少需要一名成员"),
        (
            lambda r: r["household"]["members"][1].update(relation="head"),
            "household.members",
            "实际 2 名",
        ),
        (
            lambda r: r["household"]["members"][1].update(id="m1"),
            "household.members[1].id",
            "重复",
        ),
        (
            lambda r: r["household"]["members"][0].update(birth_date="2027-01-01"),
            "household.members[0].birth_date",
            "晚于决定日期",
        ),
        (
            lambda r: r["household"]["members"][0].pop("birth_date"),
            "household.members[0].birth_date",
            "id_number",
        ),
        (
            lambda r: r["household"]["members"][0].update(id_number="11010519491231002X"),
            "household.members[0].birth_date",
            "不一致",
        ),
        (
            lambda r: r["household"]["members"][0].update(id_number="110105194912310021"),
            "household.members[0].id_number",
            "校验码错误",
        ),
        (
            lambda r: r["household"]["members"][0].update(incomes={"wages": "10.001"}),
            "household.members[0].incomes.wages",
            "最多两位小数",
        ),
        (
            lambda r: r["household"]["members"][0].update(incomes={"wages": -1}),
            "household.members[0].incomes.wages",
            "非负金额",
        ),
        (
            lambda r: r["household"]["members"][0].update(incomes={"wages": True}),
            "household.members[0].incomes.wages",
            "非负金额",
        ),
        (
            lambda r: r["household"]["members"][0].update(incomes={"salary": "1"}),
            "household.members[0].incomes.salary",
            "未知字段",
        ),
        (
            lambda r: r["household"]["members"][0].update(disability={"type": "physical"}),
            "household.members[0].disability.grade",
            "必填字段缺失",
        ),
        (
            lambda r: r["household"]["members"][0].update(lives_together="yes"),
            "household.members[0].lives_together",
            "true 或 false",
        ),
        (
            lambda r: r["household"]["members"][0].update(full_time_student=True),
            "household.members[0].full_time_student",
            "school_stage",
        ),
        (
            lambda r: r["household"]["members"][0].update(care_items_unable=["flying"]),
            "household.members[0].care_items_unable[0]",
            "未知代码",
        ),
        (
            lambda r: r["household"]["members"][0].update(parents=[{}, {}, {}]),
            "household.members[0].parents",
            "最多两项",
        ),
        (
            lambda r: r["household"]["members"][0].update(
                parents=[{"status": "imprisoned", "since": "2026-04-01"}]
            ),
            "household.members[0].parents[0].since",
            "晚于决定日期",
        ),
        (
            lambda r: r["household"].update(property={"dwellings": -1}),
            "household.property.dwellings",
            "0 到 99",
        ),
        (
            lambda r: r["household"].update(expenditures={"food": "1"}),
            "household.expenditures.food",
            "未知字段",
        ),
        (
            lambda r: r.update(
                temporary={"type": "expenditure", "cost": "1", "emergency_kind": "fire"}
            ),
            "temporary.emergency_kind",
            "仅急难型",
        ),
        (lambda r: r.update(temporary={"type": "emergency"}), "temporary.cost", "必填字段缺失"),
        (lambda r: r.update(programmes=[]), "programmes", "至少选择一个项目"),
        (lambda r: r.update(programmes=["pension"]), "programmes[0]", "未知代码"),
        (
            lambda r: r.update(parameters={"dibao.standard.city": "1"}),
            "parameters.dibao.standard.city",
            "未知字段",
        ),
        (
            lambda r: r.update(parameters={"dibao.standard.urban": "abc"}),
            "parameters.dibao.standard.urban",
            "城市低保标准",
        ),
        (
            lambda r: r.update(parameters={"dibao.standard.urban": [1]}),
            "parameters.dibao.standard.urban",
            "字符串或数字",
        ),
        (
            lambda r: r.update(
                application={
                    "programme": "dibao",
                    "submitted_documents": [{"code": "wage_proof", "member_id": "m9"}],
                }
            ),
            "application.submitted_documents[0].member_id",
            "没有编号为 m9 的成员",
        ),
        (lambda r: r.update(application={}), "application.programme", "必填字段缺失"),
        (
            lambda r: r.update(review={"previous": [{"programme": "dibao"}]}),
            "review.previous[0].amount",
            "必填字段缺失",
        ),
    ],
)
def test_invalid_fields_are_reported_with_their_path(change: Any, path: str, message: str) -> None:
    request = copy.deepcopy(_request())
    change(request)
    errors = _errors(request)
    assert path in errors, errors
    assert message in errors[path]


def test_every_error_is_reported_at_once() -> None:
    request = _request(area_class="x", programmes=["y"])
    request["household"]["members"][0]["relation"] = "boss"
    assert len(_errors(request)) == 4  # area, programme, relation, and no head left


def test_a_request_that_is_not_an_object_is_refused() -> None:
    assert _errors([1, 2]) == {
        "（请求）": "应为对象（JSON object）",
        "decision_date": "必填字段缺失",
        "area_class": "必填字段缺失",
        "household": "必填字段缺失或不是对象",
    }


def test_parameter_overrides_that_contradict_each_other_are_reported() -> None:
    errors = _errors(_request(parameters={"extreme_poverty.care.full_min_items": "1"}))
    assert "parameters.extreme_poverty.care.full_min_items" in errors


def test_fast_track_and_notification_appear_only_with_an_application() -> None:
    plain = calculate(_request())
    assert (plain["fast_track"], plain["notification"], plain["reviews"]) == (None, None, [])
    applied = calculate(_request(application={"programme": "dibao"}))
    assert applied["fast_track"]["eligible"] is False  # no pledge
    assert applied["notification"]["text"].startswith("一次性告知（D1.5）")


def test_a_review_returns_one_outcome_per_decision_in_force() -> None:
    response = calculate(
        _request(
            review={
                "previous": [
                    {"programme": "dibao", "amount": "560.00", "covered_members": ["m1", "m2"]},
                    {"programme": "near_dibao", "amount": "0", "covered_members": ["m1", "m2"]},
                ]
            }
        )
    )
    outcomes = [(r["programme"], r["outcome"]) for r in response["reviews"]]
    assert outcomes == [("dibao", "unchanged"), ("near_dibao", "terminate")]
