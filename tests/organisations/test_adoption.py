"""Families adopted by organisations (D10.4): only key households (screening's list) may
be adopted; visits record the help; the household page shows who adopted it; totals by
area and period counted by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from minzheng.organisations.models import Organisation
from minzheng.organisations.services.adoption import (
    adoption_create,
    adoption_totals,
    adoption_visit,
)
from minzheng.screening.services.tracking import Placement, key_household_place
from tests.factories import AREAS, make_household
from tests.form_pages import field_error, shown_after
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date


def _key(user, area=AREAS["community_a1"]):
    household = make_household(area, size=2)
    key_household_place(
        actor=user,
        household=household,
        plan=Placement("重病", "每月回访", D(2026, 4, 1)),
        started_on=D(2026, 3, 1),
        today=D(2026, 3, 2),
    )
    return household


ADOPTED = D(2026, 3, 5)


def _adopt(user, org, household, on=ADOPTED):
    return adoption_create(
        actor=user, organisation=org, household=household, plan="助学助医", adopted_on=on, today=on
    )


def test_only_a_key_household_may_be_adopted(users, org_settings):
    org = make_org(users["county"], D(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        _adopt(users["caseworker"], org, make_household(size=2))
    assert caught.value.message_dict == {"household": ["该家庭不在重点帮扶户名单中，不能认领"]}
    household = _key(users["county"])
    _adopt(users["caseworker"], org, household)
    with pytest.raises(ValidationError, match="该社会组织已认领该家庭"):
        _adopt(users["caseworker"], org, household)


def test_totals_by_area_and_period(users, org_settings):
    county = users["county"]
    first, second = (make_org(county, D(2024, 3, 1)) for _ in range(2))
    a1, a3 = _key(county), _key(county, AREAS["community_a3"])
    x = _adopt(county, first, a1)
    y = _adopt(county, second, a1)
    z = _adopt(county, first, a3)
    for adoption, day, amount in [
        (x, D(2026, 9, 20), Decimal("300.00")),
        (x, D(2026, 10, 1), None),
        (y, D(2026, 9, 25), Decimal("150.50")),
        (z, D(2026, 9, 28), Decimal("200.00")),
        (z, D(2026, 11, 2), Decimal("999.00")),  # outside the period
    ]:
        adoption_visit(
            actor=county,
            adoption=adoption,
            visited_on=day,
            help_given="送米面油",
            amount=amount,
            today=D(2026, 11, 30),
        )
    visible = type(x).objects.all()
    totals = adoption_totals(visible, start=D(2026, 9, 1), end=D(2026, 10, 31), level=9)
    # 黄楼街道 (a1): two organisations, one household, three visits, 300 + 150.50
    # 丰财街道 (a3): one organisation, one household, one visit, 200
    assert [(t.area, t.organisations, t.households, t.visits, t.amount) for t in totals] == [
        ("320302001", 2, 1, 3, Decimal("450.50")),
        ("320302002", 1, 1, 1, Decimal("200.00")),
    ]
    county_level = adoption_totals(visible, start=D(2026, 9, 1), end=D(2026, 10, 31), level=6)
    assert [(t.area, t.organisations, t.households, t.visits) for t in county_level] == [
        ("320302", 2, 2, 4)
    ]


def test_forms_and_the_household_page(users, org_settings):
    county = Client()
    county.force_login(users["county"])
    org = make_org(users["county"], D(2024, 3, 1))
    household = _key(users["county"])
    url = f"/organisations/{org.pk}/adoptions/new/"
    refused = county.post(url, {"household": "999", "adopted_on": "2026-03-05", "plan": "助学"})
    assert field_error(refused, "household") == "您的管辖区域内没有家庭编号为“999”的家庭"
    done = county.post(
        url, {"household": household.number, "adopted_on": "2026-03-05", "plan": "助学"}
    )
    assert shown_after(county, done) == f"{org.name}已认领家庭{household.number}"
    adoption = Organisation.objects.get(pk=org.pk).adoptions.get()
    visit = f"/organisations/adoptions/{adoption.pk}/visits/new/"
    refused = county.post(visit, {"visited_on": "2026-03-04", "help_given": "送米"})
    assert field_error(refused, "visited_on") == "走访日期不能早于认领日期"
    done = county.post(visit, {"visited_on": "2026-03-06", "help_given": "送米", "amount": "80"})
    assert shown_after(county, done) == "已登记走访"
    page = county.get(f"/households/{household.pk}/").content.decode()
    section = page[page.index('id="household-adoptions"') :]
    assert org.name in section and "2026-03-05" in section and "助学" in section
    end = f"/organisations/adoptions/{adoption.pk}/end/"
    assert field_error(county.post(end, {"note": ""}), "note") == "执行“结束认领”须填写意见或理由"
