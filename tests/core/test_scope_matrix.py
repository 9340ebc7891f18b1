"""The area-scope matrix (D0.3): every role x every list/detail/write endpoint x an
object in the user's area, in a neighbouring county, and in another city.

A user sees and changes exactly what lies in their area and beneath it, and only
what their role allows; `test_every_route_is_in_the_matrix` fails when a new page
or endpoint is added without a row (rows live beside each domain's tests)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from minzheng.api import api
from minzheng.core.models import User
from tests.assistance.matrix import ROUTES as ASSISTANCE_ROUTES
from tests.core.matrix_base import (
    PLACES,
    ROLE_AREAS,
    Endpoint,
    Target,
    _foreign_tree,
    _target,
)
from tests.core.matrix_core import CORE
from tests.factories import make_user
from tests.screening.matrix_routes import ROUTES as SCREENING_ROUTES
from tests.warning.matrix import ROUTES as WARNING_ROUTES

pytestmark = pytest.mark.django_db

ENDPOINTS = [*CORE, *ASSISTANCE_ROUTES, *WARNING_ROUTES, *SCREENING_ROUTES]


PUBLIC_ROUTES = {
    "core:login",
    "core:logout",
    "GET /api/v1/openapi.json",
    "GET /api/v1/docs",
    "POST /api/v1/assistance/calculate",
}  # the calculator stores nothing


def _expect(endpoint: Endpoint, user: User, target: Target, response) -> None:
    reaches = user.reaches(target.area_code)
    capable = endpoint.capability is None or user.can(endpoint.capability)
    allowed = capable and (endpoint.roles is None or user.role in endpoint.roles)
    status = response.status_code
    if not allowed:
        # A missing capability is refused before any lookup (403); a workflow role is
        # checked on the case, so outside the area the case is simply not found (404).
        expected = {403} if not capable or reaches else {403, 404}
        assert status in expected, f"{status} where the role may not: {response.content[:200]!r}"
    elif endpoint.kind == "list":
        assert status == 200
        assert endpoint.visible is not None
        assert endpoint.visible(response, target) is reaches
    elif endpoint.kind == "detail":
        assert status == (200 if reaches else 404), response.content[:300]
    elif endpoint.kind == "page":
        assert status == 200
    if endpoint.kind == "write":
        assert endpoint.changed is not None
        assert endpoint.changed(target) is (allowed and reaches), response.content[:300]
        if allowed:
            refused = {403, 404, 422}  # 422: an out-of-area choice is not offered by the form
            assert status in ({200, 201, 302} if reaches else refused), response.content[:300]


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.route)
@pytest.mark.parametrize("role", list(ROLE_AREAS), ids=str)
def test_scope_matrix(areas, role, endpoint, place):
    _foreign_tree()
    user = make_user(f"user_{role}", role, ROLE_AREAS[role])
    target = _target(place)
    client = Client()
    client.force_login(user)
    _expect(endpoint, user, target, endpoint.call(client, target))


def _web_routes(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace and p.namespace.startswith("api"):
                continue
            names |= _web_routes(p, f"{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def _api_routes() -> set[str]:
    schema = api.get_openapi_schema()
    routes = {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}
    return routes | {"GET /api/v1/openapi.json", "GET /api/v1/docs"}


def test_every_route_is_in_the_matrix():
    covered = {e.route for e in ENDPOINTS} | PUBLIC_ROUTES
    routes = _web_routes(get_resolver()) | _api_routes()
    assert routes - covered == set(), "add these routes to the scope matrix"


def test_anonymous_users_get_nothing(client, areas):
    target = _target("own")
    assert client.get(f"/persons/{target.person.pk}/").status_code == 302  # to log-in
    assert client.get("/api/v1/core/persons").status_code == 401
