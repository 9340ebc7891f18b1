"""The old-age allowance (D7.3) and the elderly care-service subsidy (D7.4).

Example settings: bands from 80, 90, 100 years paying 50, 100, 300 yuan a month; the
80–89 band 100 yuan for dibao, 特困 and near-dibao households; a band from the month
after the birthday. Care-service subsidy from 60 for dibao, 特困 and near-dibao: 100
yuan partial care (1–3 items), 200 full care (4–6 items).
"""

from __future__ import annotations

from typing import Any

import pytest

from minzheng.assistance.policy import calculate

OLD_AGE = "old_age_allowance"
SERVICE = "elderly_care_service_subsidy"


def _decide(birth: str, day: str, status: str = "none", **fields: Any) -> dict[str, Any]:
    member = {"id": "m1", "relation": "head", "birth_date": birth, **fields}
    request = {
        "decision_date": day,
        "area_class": "urban",
        "programmes": [OLD_AGE, SERVICE],
        "household": {"members": [member], "assistance_status": status},
    }
    response = calculate(request)
    assert response["ok"] is True, response
    return response["programmes"]


def _codes(result: dict[str, Any]) -> set[str]:
    return {item["code"] for item in result["reasons"]}


@pytest.mark.parametrize(
    ("birth", "day", "amount"),
    [
        ("1946-03-15", "2026-03-15", None),  # 80 today: paid from next month
        ("1946-03-15", "2026-03-31", None),
        ("1946-03-15", "2026-04-01", "50.00"),  # the month after the 80th birthday
        ("1946-03-01", "2026-03-01", None),  # born on the 1st: still the month after
        ("1946-03-01", "2026-04-01", "50.00"),
        ("1946-04-01", "2026-04-30", None),
        ("1936-03-15", "2026-03-15", "50.00"),  # 90 today: 80–89 band this month
        ("1936-03-15", "2026-04-01", "100.00"),
        ("1926-03-15", "2026-03-20", "100.00"),  # 100 this month: 90–99 band
        ("1926-03-15", "2026-04-01", "300.00"),
        ("1930-01-01", "2026-03-15", "100.00"),
        ("1920-01-01", "2026-03-15", "300.00"),
    ],
)
def test_bands_start_the_month_after_the_birthday(
    birth: str, day: str, amount: str | None
) -> None:
    result = _decide(birth, day)[OLD_AGE]
    if amount is None:
        assert result["eligible"] is False
        assert "old_age.from_next_month" in _codes(result)
    else:
        assert result["member_amounts"] == {"m1": amount}


def test_the_birthday_month_notes_the_new_band_without_back_pay() -> None:
    result = _decide("1936-03-15", "2026-03-20")[OLD_AGE]
    assert "old_age.band_next_month" in _codes(result)
    assert result["amount"] == "50.00"


def test_under_80_there_is_no_allowance() -> None:
    result = _decide("1950-01-01", "2026-03-15")[OLD_AGE]
    assert result["eligible"] is False
    assert _codes(result) == {"old_age.nobody"}


def test_the_80_89_band_is_higher_for_low_income_households_only() -> None:
    assert _decide("1940-01-01", "2026-03-15", "dibao")[OLD_AGE]["amount"] == "100.00"
    assert _decide("1940-01-01", "2026-03-15", "low_income")[OLD_AGE]["amount"] == "50.00"
    assert _decide("1930-01-01", "2026-03-15", "dibao")[OLD_AGE]["amount"] == "100.00"


def test_no_allowance_for_the_dead() -> None:
    result = _decide("1930-01-01", "2026-03-15", deceased=True)[OLD_AGE]
    assert result["eligible"] is False


def test_care_service_subsidy_by_assessed_level() -> None:
    partial = _decide("1950-01-01", "2026-03-15", "dibao", care_items_unable=["eating", "bathing"])
    assert partial[SERVICE]["member_amounts"] == {"m1": "100.00"}
    full = ["eating", "dressing", "transferring", "toileting"]
    assert _decide("1950-01-01", "2026-03-15", "near_dibao", care_items_unable=full)[SERVICE][
        "member_amounts"
    ] == {"m1": "200.00"}


def test_care_service_subsidy_refuses_self_care_other_statuses_and_under_60() -> None:
    assert "care_service.self_care" in _codes(
        _decide("1950-01-01", "2026-03-15", "dibao")[SERVICE]
    )
    assert "care_service.status" in _codes(
        _decide("1950-01-01", "2026-03-15", "none", care_items_unable=["eating"])[SERVICE]
    )
    young = _decide("1966-03-16", "2026-03-15", "dibao", care_items_unable=["eating"])[SERVICE]
    assert young["eligible"] is False
    assert _codes(young) == {"care_service.nobody"}
