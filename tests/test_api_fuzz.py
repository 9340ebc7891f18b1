"""The whole OpenAPI fuzzed in the suite (issue 7, "Fuzzing in CI"): schemathesis
generates requests from every operation's schema, valid and invalid, and sends
them in-process to the WSGI app as a caseworker with a bearer token, writes
included. Every answer must be no server error, a documented status code, and a
body that conforms to the documented schema.

Bounded for CI: `MAX_EXAMPLES` per operation, no per-example deadline (the
database's pauses are not what is tested here); the whole file takes well under
two minutes on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from minzheng.core.models import ApiToken
from minzheng.wsgi import application
from tests.factories import AREAS, PersonFactory, make_household

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded from the running app as a client would (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The raw WSGI app closes database connections around each request (Django's
    test client does not); on PostgreSQL that would end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(users) -> dict[str, str]:
    """A caseworker's token, and some records in their community to find."""
    for _ in range(3):
        make_household(size=2)
    PersonFactory(area_id=AREAS["community_a1"])
    _, clear = ApiToken.issue(user=users["caseworker"], label="fuzz")
    return {"Authorization": f"Bearer {clear}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_a_server_error_or_outside_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
