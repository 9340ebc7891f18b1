"""Shared test set-up: a small division tree and named users of every role."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories import AREAS, make_areas, make_user


@pytest.fixture
def areas(db):
    return make_areas()


@pytest.fixture
def users(areas):
    """One user per role; `*_b` users work in the other county, for out-of-area checks."""
    return {
        "caseworker": make_user("wang_caseworker", "caseworker", AREAS["community_a1"]),
        "township": make_user("li_township", "township_reviewer", AREAS["township_a"]),
        "county": make_user("zhang_county", "county_approver", AREAS["county_a"]),
        "city": make_user("zhao_city", "city_admin", AREAS["city"]),
        "auditor": make_user("sun_auditor", "auditor", AREAS["city"]),
        "leader": make_user("zhou_leader", "leader", AREAS["city"]),
        "caseworker_b": make_user("chen_caseworker", "caseworker", AREAS["community_b1"]),
        "county_b": make_user("liu_county", "county_approver", AREAS["county_b"]),
        "county_2": make_user("qian_county", "county_approver", AREAS["county_a"]),
    }


@pytest.fixture(autouse=True)
def _fresh_login_counters():
    """Log-in failure counters live in the cache (django-axes): each test starts
    with none, so fixtures that log in many times are never locked out."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def audit_anchor_dir(settings, tmp_path):
    """Each test's signed audit checkpoints go to its own directory, never to var/."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "audit-anchors"
    return settings.AUDIT_ANCHOR_DIR


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`postgres_only` tests need PostgreSQL's own behaviour (row locks, its triggers):
    the SQLite pass skips them, the PostgreSQL pass of `./dev test` runs them (and CI
    fails when PostgreSQL is missing, see devtools/check.py)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="需要 PostgreSQL：由 ./dev test 的 PostgreSQL 一轮运行")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)
