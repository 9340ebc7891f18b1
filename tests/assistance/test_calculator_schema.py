"""The calculator's schemas (policy/schema.py) describe what the reader accepts and what
the calculator answers: the same field names, every documented example valid, the
OpenAPI document carrying them (issue 7 item 10, issue 8 item 4)."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from pydantic import BaseModel, ValidationError

from minzheng.assistance.policy import calculate
from minzheng.assistance.policy import schema as s
from minzheng.assistance.policy.member_request import (
    MEMBER_FIELDS,
    PARENT_FIELDS,
    SUPPORTER_FIELDS,
)
from minzheng.assistance.policy.request import HOUSEHOLD_FIELDS, TOP_FIELDS
from tests.assistance.test_policy_calculator import _examples


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (s.CalculatorRequest, TOP_FIELDS),
        (s.HouseholdIn, HOUSEHOLD_FIELDS),
        (s.MemberIn, MEMBER_FIELDS),
        (s.ParentIn, PARENT_FIELDS),
        (s.SupporterIn, SUPPORTER_FIELDS),
    ],
)
def test_the_schema_names_exactly_the_fields_the_reader_accepts(
    model: type[BaseModel], fields: set[str]
) -> None:
    assert set(model.model_fields) == fields


@pytest.mark.parametrize("name", sorted(_examples()))
def test_every_documented_example_fits_the_schemas(name: str) -> None:
    request = _examples()[name]["request"]
    response = calculate(request)
    if response["ok"]:
        s.CalculatorRequest.model_validate(request)
        s.CalculatorResponse.model_validate(response)
    else:  # the documented error example is refused by the schema too
        with pytest.raises(ValidationError):
            s.CalculatorRequest.model_validate(request)
        s.CalculatorErrors.model_validate(response)


def _first_example() -> dict:
    return copy.deepcopy(_examples()["family-dibao"]["request"])


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["household"]["members"][0].update(salary="1"),
        lambda r: r["household"]["members"][0].update(incomes={"wages": 1e308}),
        lambda r: r["household"]["members"][0].update(incomes={"wages": "10.001"}),
        lambda r: r["household"].update(members=r["household"]["members"] * 31),
        lambda r: r.update(decision_date="9999-12-31"),
    ],
)
def test_what_the_reader_refuses_the_schema_refuses(change) -> None:
    request = _first_example()
    change(request)
    assert calculate(request)["ok"] is False
    with pytest.raises(ValidationError):
        s.CalculatorRequest.model_validate(request)


@pytest.mark.django_db
def test_the_openapi_document_describes_the_calculator(areas) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/assistance/calculate"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "household" in body["required"] and body["additionalProperties"] is False
    member = body["properties"]["household"]["properties"]["members"]["items"]
    assert "incomes" in member["properties"]
    assert {"200", "400", "413", "422"} <= set(operation["responses"])
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/CalculatorResponse")
