"""Each list page and API list answers in a number of queries that does not grow with
its rows (issue 9: no N+1 at city scale). Counted, not timed: one page of a few rows
against a page of many, the statements must be the same in number."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 12


def _people(n: int) -> None:
    for i in range(n):
        PersonFactory(name=f"王{i}号", area_id=AREAS["community_a1"])


def _households(n: int) -> None:
    for _ in range(n):
        make_household(size=2)


# path, query, what to create, rows in the answer for n created
LISTS: dict[str, tuple[str, dict[str, str], Callable[[int], None]]] = {
    "API persons": ("/api/v1/core/persons", {"page_size": "50"}, _people),
    "API persons by name": ("/api/v1/core/persons", {"q": "王", "page_size": "50"}, _people),
    "API households": ("/api/v1/core/households", {"page_size": "50"}, _households),
    "persons page": ("/persons/", {"q": "王"}, _people),
    "households page": ("/households/", {}, _households),
}


def _statements(client: Client, path: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_the_same_statements_for_few_rows_or_many(users, name):
    path, params, create = LISTS[name]
    client = Client()
    client.force_login(users["caseworker"])
    create(FEW)
    _statements(client, path, params)  # the session and the user, loaded once
    few = _statements(client, path, params)
    create(MANY - FEW)
    many = _statements(client, path, params)
    assert many == few, f"{name}: {few} statements for {FEW} rows, {many} for {MANY}"


# The domains' lists, read by the county approver of 鼓楼区: one place of everything
# (a case, a lead, a campaign with its targets and key households) against three.
DOMAIN_LISTS = {
    "API applications": "/api/v1/assistance/applications",
    "API leads": "/api/v1/warning/leads",
    "API campaigns": "/api/v1/screening/campaigns",
    "API targets": "/api/v1/screening/targets",
    "API key households": "/api/v1/screening/key-households",
    "leads page": "/warning/",
    "case queue page": "/assistance/",
    "cases page": "/assistance/applications/",
    "campaigns page": "/screening/",
    "targets page": "/screening/targets/",
    "key households page": "/screening/key-households/",
    "API licence applications": "/api/v1/licensing/applications",
    "licence applications page": "/licensing/",
    "API legal-education activities": "/api/v1/legaledu/activities",
    "legal-education page": "/legal-education/",
    "study plans page": "/legal-education/plans/",
    "API supervision findings": "/api/v1/supervision/findings",
    "supervision findings page": "/supervision/findings/",
    "supervision platform page": "/supervision/platforms/assistance/",
}


def test_the_domains_lists_cost_the_same_statements_for_one_place_or_three(users):
    from tests.core.matrix_base import _target

    client = Client()
    client.force_login(users["county"])
    _target("own")
    few = {name: _statements(client, path, {}) for name, path in DOMAIN_LISTS.items()}
    few = {name: _statements(client, path, {}) for name, path in DOMAIN_LISTS.items()}
    _target("sibling_community")
    _target("sibling_township")
    many = {name: _statements(client, path, {}) for name, path in DOMAIN_LISTS.items()}
    assert many == few
