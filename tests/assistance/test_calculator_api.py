"""The public policy calculator endpoint (contract: docs/assistance-policy.md)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from minzheng.core.models import ConfigValue

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/calculate"


def _request(income: str) -> dict:
    return {
        "version": "1",
        "decision_date": "2026-11-02",
        "area_class": "urban",
        "programmes": ["dibao"],
        "household": {
            "members": [
                {
                    "id": "a",
                    "name": "张三",
                    "relation": "head",
                    "birth_date": "1970-05-01",
                    "incomes": {"wages": income},
                },
                {"id": "b", "name": "李四", "relation": "spouse", "birth_date": "1972-03-01"},
            ]
        },
    }


def _post(client: Client, body: object, **query: str):
    return client.post(
        URL + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        json.dumps(body),
        content_type="application/json",
    )


def test_anyone_can_calculate_with_the_example_standards(areas):
    response = _post(Client(), _request("1000"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True and body["parameters"]["example_defaults"] is True
    dibao = body["programmes"]["dibao"]
    assert dibao["eligible"] is True  # 500 per head < 780 (D1.13, D3.4 example)
    assert dibao["amount"] == "560.00"  # (780 − 500) × 2 (D1.14 difference mode)


def test_the_configured_standard_of_the_area_and_date_is_used(areas, standards):
    ConfigValue.objects.create(
        key="dibao.standard.urban",
        area_id="320302",
        value="900",
        effective_from=dt.date(2026, 7, 1),
        basis="鼓楼区2026年标准",
    )
    gulou = _post(Client(), _request("1000"), area_code="320302001001").json()
    assert gulou["parameters"]["example_defaults"] is False
    assert gulou["programmes"]["dibao"]["amount"] == "800.00"  # (900 − 500) × 2
    city = _post(Client(), _request("1000")).json()
    assert city["programmes"]["dibao"]["amount"] == "560.00"  # the city's 780 (2025-07-01)


def test_bad_requests_name_the_field(areas):
    bad = _request("abc")
    response = _post(Client(), bad)
    assert response.status_code == 422
    paths = [e["path"] for e in response.json()["errors"]]
    assert "household.members[0].incomes.wages" in paths
    assert _post(Client(), _request("1"), area_code="999999").status_code == 400
    raw = Client().post(URL, "{not json", content_type="application/json")
    assert raw.status_code == 400 and "JSON" in raw.json()["errors"][0]["message"]


def _member(i: int) -> dict:
    return {"id": f"m{i}", "relation": "head" if i == 0 else "child", "birth_date": "2000-01-01"}


def _huge_request(where: str, value: object) -> dict:
    request = _request("1000")
    if where == "wages":
        request["household"]["members"][0]["incomes"]["wages"] = value
    elif where == "deposits":
        request["household"]["property"] = {"deposits": value}
    elif where == "members":
        request["household"]["members"] = [_member(i) for i in range(value)]  # type: ignore[arg-type]
    elif where == "decision_date":
        request["decision_date"] = value
    return request


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("wages", 1e308, "household.members[0].incomes.wages"),
        ("wages", "1" * 30, "household.members[0].incomes.wages"),
        ("wages", "1000000000.01", "household.members[0].incomes.wages"),  # above 10^9 yuan
        ("wages", "1e999999999", "household.members[0].incomes.wages"),
        ("deposits", int("9" * 500), "household.property.deposits"),
        ("members", 31, "household.members"),
        ("decision_date", "9999-12-31", "decision_date"),
        ("decision_date", "0001-01-01", "decision_date"),
    ],
)
def test_out_of_range_values_are_refused_on_their_field(areas, where, value, path):
    response = _post(Client(), _huge_request(where, value))
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert path in [e["path"] for e in errors], errors
    assert all(re.search("[\u4e00-\u9fff]", e["message"]) for e in errors)


def test_money_up_to_the_bound_is_accepted(areas):
    response = _post(Client(), _huge_request("deposits", "1000000000.00"))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, 400, "嵌套"),
        ('{"version": ' + "9" * 5000 + "}", 400, "数字"),
        (json.dumps({"pad": "x" * 300_000}), 413, "过大"),
    ],
)
def test_malformed_or_oversized_bodies_are_client_errors(areas, body, status, words):
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == status, response.content[:200]
    assert words in response.json()["errors"][0]["message"]
