"""The calculator page: a registered household's members, incomes entered on the form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_household

pytestmark = pytest.mark.django_db


def test_a_caseworker_calculates_from_a_household_and_entered_incomes(users, areas):
    household = make_household(size=2)
    client = Client()
    client.force_login(users["caseworker"])
    page = client.get("/assistance/calculator/", {"household": household.pk})
    assert page.status_code == 200 and household.head.name in page.content.decode()
    data = {
        "dwellings": "1",
        "private_vehicles": "0",
        "deposits": "0",
        "m0_wages": "1000",
        "m0_school_stage": "none",
        "m0_employment": "employed",
        "m1_school_stage": "compulsory",
        "m1_employment": "none",
    }
    result = client.post(f"/assistance/calculator/?household={household.pk}", data)
    html = result.content.decode()
    assert result.status_code == 200
    assert "测算结果" in html and "最低生活保障" in html
    assert result.context["result"]["programmes"]["dibao"]["eligible"] is True


def test_a_negative_income_is_refused_on_its_field(users, areas):
    household = make_household(size=1)
    client = Client()
    client.force_login(users["caseworker"])
    result = client.post(
        f"/assistance/calculator/?household={household.pk}",
        {
            "dwellings": "1",
            "private_vehicles": "0",
            "m0_wages": "-5",
            "m0_school_stage": "none",
            "m0_employment": "none",
        },
    )
    assert result.context["result"] is None
    assert "m0_wages" in result.context["form"].errors
