"""The Django side of the policy calculator: requests prefilled from the registry,
parameters resolved from versioned configuration for the area and date (D1.18)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from minzheng.assistance.policy.calculator import calculate
from minzheng.assistance.standards import parameters_for
from minzheng.core.models import Area, Household, LifeStatus


def request_from_household(household: Household, on: dt.date) -> dict[str, Any]:
    """A calculator request with the members as registered; incomes, property and
    expenditures are for the caseworker to fill in (they are not in the registry)."""
    members = []
    for m in household.members_on(on).select_related("person").order_by("id"):
        person = m.person
        if person.life_status == LifeStatus.DECEASED:
            continue
        member: dict[str, Any] = {
            "id": f"p{person.pk}",
            "name": person.name,
            "relation": m.relation,
            "id_number": person.id_number,
            "birth_date": person.birth_date.isoformat(),
            "incomes": {},
        }
        if person.disability_type:
            member["disability"] = {
                "type": person.disability_type,
                "grade": person.disability_grade,
            }
        members.append(member)
    return {
        "version": "1",
        "decision_date": on.isoformat(),
        "area_class": household.area.urban_rural,
        "household": {"members": members, "property": {}, "expenditures": {}},
    }


def _decision_date(data: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(data.get("decision_date")))
    except (AttributeError, ValueError):
        return dt.date.today()


def calculate_for_area(data: Any, area: Area) -> dict[str, Any]:
    """Calculate with the area's configuration in force on the decision date; with no
    configuration at all, the engine's labelled example defaults (shown as such)."""
    configured = parameters_for(area, _decision_date(data))
    return calculate(data, parameters=configured or None)


def invalid_json(exc: json.JSONDecodeError) -> dict[str, Any]:
    return {
        "version": "1",
        "ok": False,
        "errors": [
            {"path": "", "message": f"请求不是合法的JSON：第{exc.lineno}行第{exc.colno}列"}
        ],
    }
