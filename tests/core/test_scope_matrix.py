"""The area-scope matrix (D0.3): every role x every list/detail/write endpoint x an
object in five places — the user's own community, a sibling community of the same
township, a sibling township of the same county, a neighbouring county, another city.

A user sees and changes exactly what lies in their area and beneath it, and only
what their role allows. The expected answers are written by hand below and in
tests/bureau_rules.py (never asked of `user.reaches`, `user.can` or the production
capability table), so a scope prefix one level too short or too long, a list query
widened to the township, or a capability given to the wrong role fails many cases.
`test_every_route_is_in_the_matrix` fails when a new page or endpoint is added
without a row (rows live beside each domain's tests).

The places, their objects and the users are made once per module, inside a
transaction rolled back at the end; each case runs in its own savepoint
(pytest-django), so what one case writes is gone before the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from minzheng.api import api
from minzheng.core.models import User
from minzheng.core.roles import ROLE_CAPABILITIES, Role
from tests.assistance.matrix import ROUTES as ASSISTANCE_ROUTES
from tests.benefits.matrix_routes import ROUTES as BENEFITS_ROUTES
from tests.bureau_rules import CAPABILITIES, DUTY_ROLES
from tests.core.matrix_base import (
    PLACES,
    ROLE_AREAS,
    Endpoint,
    Target,
    _foreign_tree,
    _target,
)
from tests.core.matrix_core import CORE
from tests.elderly.matrix_routes import ROUTES as ELDERLY_ROUTES
from tests.factories import make_areas, make_user
from tests.hotline.matrix import ROUTES as HOTLINE_ROUTES
from tests.identity.matrix import ROUTES as IDENTITY_ROUTES
from tests.legaledu.matrix_routes import ROUTES as LEGALEDU_ROUTES
from tests.licensing.matrix_routes import ROUTES as LICENSING_ROUTES
from tests.marriage.matrix_routes import ROUTES as MARRIAGE_ROUTES
from tests.organisations.matrix_routes import ROUTES as ORGANISATIONS_ROUTES
from tests.payments.matrix_routes import ROUTES as PAYMENTS_ROUTES
from tests.portal.matrix_routes import ROUTES as PORTAL_ROUTES
from tests.screening.matrix_routes import ROUTES as SCREENING_ROUTES
from tests.supervision.matrix_routes import ROUTES as SUPERVISION_ROUTES
from tests.warning.matrix import ROUTES as WARNING_ROUTES

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    *CORE,
    *ASSISTANCE_ROUTES,
    *WARNING_ROUTES,
    *SCREENING_ROUTES,
    *PAYMENTS_ROUTES,
    *HOTLINE_ROUTES,
    *MARRIAGE_ROUTES,
    *LICENSING_ROUTES,
    *LEGALEDU_ROUTES,
    *ORGANISATIONS_ROUTES,
    *IDENTITY_ROUTES,
    *PORTAL_ROUTES,
    *BENEFITS_ROUTES,
    *ELDERLY_ROUTES,
    *SUPERVISION_ROUTES,
]


PUBLIC_ROUTES = {
    "core:login",
    "core:logout",
    "GET /api/v1/openapi.json",
    "GET /api/v1/docs",
    "POST /api/v1/assistance/calculate",
    "POST /api/v1/marriage/eligibility",
    "organisations:public_credit",  # the credit lists are published (D10.7), masked
    # The public portal (issue 15): published texts and figures, masked lists (D3.7,
    # D13.2), the look-up by receipt and ID tail (rate-limited, audited), the calculator
    # (stores nothing); tests/portal/test_public_scan.py walks them for identifiers.
    "portal:home",
    "portal:guides",
    "portal:guide",
    "portal:standards",
    "portal:recipients",
    "portal:status",
    "portal:messages",
    "portal:hotlines",
    "portal:calculator",
}  # the calculator and the marriage eligibility check store nothing


_CITY_WIDE = {"own", "sibling_community", "sibling_township", "neighbour_county"}
# Whose objects each role reaches, by hand from D0.3 ("their own area and everything
# beneath it"): the caseworker its community, the township reviewer its township...
REACHES: dict[str, set[str]] = {
    Role.CASEWORKER: {"own"},
    Role.TOWNSHIP_REVIEWER: {"own", "sibling_community"},
    Role.COUNTY_APPROVER: {"own", "sibling_community", "sibling_township"},
    Role.CITY_ADMIN: _CITY_WIDE,
    Role.AUDITOR: _CITY_WIDE,
    Role.LEADER: _CITY_WIDE,
}
# A campaign is organised by the place's township and concerns those working above
# it as well as inside it (docs/screening.md): a caseworker sees the campaigns of
# its own township, whichever community of it the campaign lists.
SEES_CAMPAIGN: dict[str, set[str]] = {
    **REACHES,
    Role.CASEWORKER: {"own", "sibling_community"},
}

# A payroll cycle is its county's (D13.3): only those who reach the whole county see
# it — not the community or township inside it, though its lines lie there.
SEES_COUNTY: dict[str, set[str]] = {
    Role.CASEWORKER: set(),
    Role.TOWNSHIP_REVIEWER: set(),
    Role.COUNTY_APPROVER: {"own", "sibling_community", "sibling_township"},
    Role.CITY_ADMIN: _CITY_WIDE,
    Role.AUDITOR: _CITY_WIDE,
    Role.LEADER: _CITY_WIDE,
}
# A hotline ticket of a sensitive category (a child in danger, abuse, neglect) is seen
# only by those who handle it — the hotline operators and the child-protection duty
# officers, both duties (D8.2); no role alone reaches it anywhere. The duty holders'
# side is tests/hotline/test_sensitive_scope.py.
SEES_SENSITIVE: dict[str, set[str]] = {role: set() for role in REACHES}
SCOPES = {
    "place": REACHES,
    "campaign": SEES_CAMPAIGN,
    "county": SEES_COUNTY,
    "sensitive": SEES_SENSITIVE,
}


def _expect(endpoint: Endpoint, role: str, place: str, target: Target, response) -> None:
    reaches = place in SCOPES[endpoint.scope][role]
    capable = endpoint.capability is None or endpoint.capability in CAPABILITIES[role]
    allowed = capable and (endpoint.roles is None or role in endpoint.roles)
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


def _posts(role: str) -> tuple[str, ...]:
    """Each role holds every post (岗位) it may hold (tests/bureau_rules.DUTY_ROLES), so
    that a row's `roles` are the roles whose holders may act (e.g. the organisation
    registrar, D10.6); tests/core/test_workflow_roles.py checks the posts' absence."""
    return tuple(code for code, roles in DUTY_ROLES.items() if role in roles)


@dataclass
class World:
    users: dict[str, User]
    targets: dict[str, Target]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        make_areas()
        _foreign_tree()
        users = {
            role: make_user(f"user_{role}", role, ROLE_AREAS[role], duties=_posts(role))
            for role in ROLE_AREAS
        }
        yield World(users, {place: _target(place) for place in PLACES})
        transaction.set_rollback(True)


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.route)
@pytest.mark.parametrize("role", list(ROLE_AREAS), ids=str)
def test_scope_matrix(world, role, endpoint, place):
    client = Client()
    client.force_login(world.users[role])
    target = world.targets[place]
    _expect(endpoint, role, place, target, endpoint.call(client, target))


def test_the_capability_table_is_the_bureaus():
    """The production table, both ways, against the hand-written one (a clear message;
    the matrix above fails too, route by route)."""
    assert {r: set(c) for r, c in ROLE_CAPABILITIES.items()} == {
        r: set(c) for r, c in CAPABILITIES.items()
    }


@pytest.mark.parametrize("role", list(ROLE_AREAS), ids=str)
def test_a_user_reaches_exactly_the_places_of_the_rule(world, role):
    user = world.users[role]
    assert {p for p, code in PLACES.items() if user.reaches(code)} == REACHES[role]


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


def test_anonymous_users_get_nothing(client, world):
    target = world.targets["own"]
    assert client.get(f"/persons/{target.person.pk}/").status_code == 302  # to log-in
    assert client.get("/api/v1/core/persons").status_code == 401
