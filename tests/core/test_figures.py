"""Dashboard population figures: precomputed per community and day, summed per subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minzheng.core.figures import area_figures_refresh, population_for
from minzheng.core.models import AreaFigures
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 30)


@pytest.fixture
def residents(areas):
    for area, n in (
        (AREAS["community_a1"], 3),
        (AREAS["community_a3"], 2),
        (AREAS["community_b1"], 4),
    ):
        for _ in range(n):
            PersonFactory(area_id=area)
    PersonFactory(area_id=AREAS["community_a1"], disability_type="physical", disability_grade=2)
    PersonFactory(
        area_id=AREAS["community_a3"], life_status="deceased", death_date=dt.date(2025, 1, 1)
    )


def test_the_figures_count_the_living_by_community_and_sum_by_subtree(residents):
    assert area_figures_refresh(on=DAY) == 3
    county = population_for("320302", today=DAY)
    # 鼓楼区: 3 + 1 disabled in a1, 2 living in a3 (the deceased is not counted).
    assert (county.residents, county.disabled) == (6, 1)
    assert county.by_child == {"320302001": 4, "320302002": 2}
    city = population_for("3203", today=DAY)
    assert (city.residents, city.by_child) == (10, {"320302": 6, "320303": 4})


def test_figures_are_as_of_their_day_until_the_next_refresh(residents):
    area_figures_refresh(on=DAY)
    PersonFactory(area_id=AREAS["community_b1"])
    assert population_for("320303", today=DAY + dt.timedelta(days=1)).residents == 4
    area_figures_refresh(on=DAY + dt.timedelta(days=1))
    assert population_for("320303", today=DAY + dt.timedelta(days=1)).residents == 5
    area_figures_refresh(on=DAY + dt.timedelta(days=1))  # again the same day: replaced
    assert AreaFigures.objects.filter(as_of=DAY + dt.timedelta(days=1)).count() == 3


def test_a_first_view_computes_the_figures_when_there_are_none(residents):
    assert population_for("320302", today=DAY).residents == 6
    assert AreaFigures.objects.filter(as_of=DAY).exists()


def test_the_dashboard_reads_the_figures_in_a_constant_number_of_queries(users, residents):
    area_figures_refresh(on=dt.date.today())
    client = Client()
    client.force_login(users["leader"])
    client.get("/dashboard/")  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        response = client.get("/dashboard/")
    for _ in range(30):
        PersonFactory(area_id=AREAS["community_a2"])
    area_figures_refresh(on=dt.date.today())
    with CaptureQueriesContext(connection) as more:
        client.get("/dashboard/")
    assert response.context["total"] == 10
    assert len(more.captured_queries) == len(few.captured_queries)
