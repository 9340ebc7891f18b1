"""The registry's lists answer in a number of queries that does not grow with their
rows (the pattern of tests/core/test_list_queries.py): a few cases against many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.marriage.cases import marriage_case

FEW, MANY = 2, 12
TODAY = dt.date(2026, 9, 3)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _cases(workflow: str) -> Callable[[object, int], None]:
    def make(clerk, n: int) -> None:
        for _ in range(n):
            marriage_case(workflow, clerk, "320302", TODAY + dt.timedelta(days=1))

    return make


LISTS = {
    "desk": ("/marriage/", _cases("marriage_registration")),
    "desk (divorces)": ("/marriage/", _cases("marriage_divorce")),
    "appointments": ("/marriage/appointments/?day=2026-09-04", _cases("marriage_appointment")),
    "API divorces": ("/api/v1/marriage/divorces?page_size=50", _cases("marriage_divorce")),
}


def _statements(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_statements_for_few_rows_or_many(registrar, registry, name):
    path, create = LISTS[name]
    client = Client()
    client.force_login(registrar)
    create(registrar, FEW)
    _statements(client, path)
    few = _statements(client, path)
    create(registrar, MANY - FEW)
    many = _statements(client, path)
    assert many == few, f"{name}: {few} statements for {FEW} rows, {many} for {MANY}"
