"""Bulk inserts and large filters (core/bulk.py): the same rows on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.core.bulk import bulk_insert, in_values
from minzheng.core.models import ConfigValue, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_rows_get_their_defaults_and_the_insert_time(areas):
    before = timezone.now()
    rows = [
        {"key": f"test.bulk.{i}", "area_id": "320302" if i % 2 else None, "value": str(i),
         "effective_from": dt.date(2026, 1, 1), "basis": "测试"}
        for i in range(2_500)
    ]  # fmt: skip
    assert bulk_insert(ConfigValue, rows) == 2_500
    stored = ConfigValue.objects.filter(key__startswith="test.bulk.")
    assert stored.count() == 2_500
    one = stored.get(key="test.bulk.7")
    assert (one.area_id, one.value, one.is_example, one.created_by_id) == (
        "320302",
        "7",
        False,
        None,
    )
    assert one.created_at >= before
    assert stored.filter(area__isnull=True).count() == 1_250


def test_nothing_to_insert_is_no_statement(areas, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk_insert(ConfigValue, []) == 0


def test_a_filter_by_thousands_of_values_of_either_kind(areas):
    people = [PersonFactory() for _ in range(3)]
    numbers = [p.id_number for p in people] + [f"x{i}" for i in range(6_000)]
    keys = [p.pk for p in people] + list(range(10**9, 10**9 + 6_000))
    assert set(Person.objects.filter(id_number__in=in_values(numbers))) == set(people)
    assert set(Person.objects.filter(pk__in=in_values(keys))) == set(people)
    assert not Person.objects.filter(pk__in=in_values([])).exists()
