"""The leaders' dashboard: aggregates of every domain for the viewer's area, no persons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.assistance.models import Application, Enrolment
from minzheng.core.models import User
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db


def _enrolled(area: str, amount: str) -> None:
    household = make_household(area, size=1)
    clerk = household.head
    assert clerk is not None
    user = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    app = Application.objects.create(
        number=f"SA-{household.pk}",
        programme="dibao",
        household=household,
        applicant=clerk,
        channel="in_person",
        applied_on=dt.date(2026, 3, 2),
        area_id=area,
        created_by=user,
    )
    Enrolment.objects.create(
        household=household,
        programme="dibao",
        application=app,
        starts_on=dt.date(2026, 4, 1),
        monthly_amount=Decimal(amount),
        covered_members=1,
        next_review_on=dt.date(2027, 4, 1),
    )


def test_a_county_leader_sees_the_county_totals_only(users, areas):
    _enrolled(AREAS["community_a1"], "560.00")
    _enrolled(AREAS["community_b1"], "999.00")  # another county
    client = Client()
    client.force_login(users["county"])
    panels = dict(client.get("/dashboard/").context["panels"])
    figures = {f.label: f.value for f in panels["社会救助"]}
    assert figures["最低生活保障（户）"] == "1"
    assert figures["月保障金额合计（元）"] == "560.00"
    assert "救助预警" in panels
