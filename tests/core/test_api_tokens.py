"""API tokens: expiry (declared lifetime), revocation from the user's own page,
both audited (issue 7, item 8); token use written at most once a minute per
token (issue 9, item 6), checked with a controlled clock."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minzheng.core.accounts import api_token_issue, api_token_revoke
from minzheng.core.models import ApiToken, AuditEntry
from tests.form_pages import shown_after

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() under the test's control."""
    state = {"now": T0}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def _updates(queries) -> int:
    return sum(q["sql"].lstrip().upper().startswith("UPDATE") for q in queries)


def test_token_use_is_written_at_most_once_a_minute(users, clock):
    token, clear = api_token_issue(actor=None, user=users["caseworker"], label="对接")
    with CaptureQueriesContext(connection) as first:
        assert ApiToken.objects.user_for(clear) == users["caseworker"]
    assert _updates(first.captured_queries) == 1
    token.refresh_from_db()
    assert token.last_used_at == T0
    clock["now"] = T0 + dt.timedelta(seconds=59)
    with CaptureQueriesContext(connection) as within:
        for _ in range(20):
            assert ApiToken.objects.user_for(clear) == users["caseworker"]
    assert _updates(within.captured_queries) == 0
    token.refresh_from_db()
    assert token.last_used_at == T0
    clock["now"] = T0 + dt.timedelta(seconds=60)
    ApiToken.objects.user_for(clear)
    token.refresh_from_db()
    assert token.last_used_at == T0 + dt.timedelta(seconds=60)


def test_a_token_expires_after_the_declared_lifetime(users, clock, settings):
    settings.API_TOKEN_LIFETIME = dt.timedelta(days=30)
    token, clear = api_token_issue(actor=None, user=users["caseworker"], label="对接")
    assert token.expires_at == T0 + dt.timedelta(days=30)
    clock["now"] = T0 + dt.timedelta(days=30) - dt.timedelta(seconds=1)
    assert ApiToken.objects.user_for(clear) == users["caseworker"]
    clock["now"] = T0 + dt.timedelta(days=30)
    assert ApiToken.objects.user_for(clear) is None
    entry = AuditEntry.objects.get(object_type="core.apitoken", action="create")
    assert "有效期至2026-04-01 17:00" in entry.summary  # Asia/Shanghai


def test_the_account_page_lists_own_tokens_and_revokes_one(users):
    mine, clear = api_token_issue(actor=None, user=users["caseworker"], label="低保对接")
    api_token_issue(actor=None, user=users["county"], label="别人的令牌")
    client = Client()
    client.force_login(users["caseworker"])
    page = client.get("/account/").content.decode()
    assert "低保对接" in page and "别人的令牌" not in page and "吊销" in page
    response = client.post(f"/account/tokens/{mine.pk}/revoke/")
    assert ApiToken.objects.user_for(clear) is None
    assert "已吊销令牌“低保对接”" in shown_after(client, response)
    entry = AuditEntry.objects.get(object_type="core.apitoken", action="update")
    assert entry.actor_username == "wang_caseworker" and "吊销" in entry.summary
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert bearer.get("/api/v1/core/me").status_code == 401


def test_nobody_revokes_another_users_token_from_their_page(users):
    theirs, clear = api_token_issue(actor=None, user=users["county"], label="别人的令牌")
    client = Client()
    client.force_login(users["caseworker"])
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.user_for(clear) == users["county"]


def test_a_city_administrator_may_revoke_a_token_in_the_area_others_may_not(users):
    token, clear = api_token_issue(actor=None, user=users["caseworker"], label="对接")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=users["county_b"], token=token)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=users["county"], token=token)  # no manage_accounts
    api_token_revoke(actor=users["city"], token=token)
    assert ApiToken.objects.user_for(clear) is None
