"""The public policy calculator endpoint (contract: docs/assistance-policy.md)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from minzheng.assistance.calculator import request_from_household
from minzheng.core.models import ConfigValue
from tests.factories import make_household

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


def test_a_registered_household_prefills_a_valid_request(areas):
    household = make_household(size=2)
    request = request_from_household(household, dt.date(2026, 11, 2))
    body = _post(Client(), request).json()
    assert body["ok"] is True, body
    assert {m["name"] for m in body["household"]["members"]} == {
        m.person.name for m in household.current_members()
    }
