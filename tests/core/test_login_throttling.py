"""Issue 7, item 7: log-in throttling by account and by address, with a lock-out
period from the settings, audited, a message in Chinese, and an unlock by a city
administrator (page and command)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from minzheng.core.models import AuditEntry
from tests.factories import PASSWORD
from tests.form_pages import field_error, form_alert, shown_after

pytestmark = pytest.mark.django_db
HOME, OFFICE, ELSEWHERE = "10.0.0.7", "10.0.0.8", "10.0.0.9"


def _login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(
        "/login/", {"username": username, "password": password}
    )


def _locked(response) -> bool:
    return response.status_code == 429 and "登录失败次数过多" in response.content.decode()


def test_thirty_wrong_passwords_then_the_right_one_is_refused(users):
    for _ in range(30):
        assert _login("wang_caseworker", "wrong-password", HOME).status_code in {200, 429}
    response = _login("wang_caseworker", PASSWORD, HOME)
    assert _locked(response)
    assert f"请{settings.AXES_COOLOFF_TIME.seconds // 60}分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_below_the_limit_the_right_password_still_logs_in(users):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login("wang_caseworker", "wrong-password", HOME)
    assert _login("wang_caseworker", PASSWORD, HOME).status_code == 302


def test_a_locked_account_is_refused_from_every_address(users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("wang_caseworker", "wrong-password", HOME)
    assert _locked(_login("wang_caseworker", PASSWORD, OFFICE))
    assert _login("li_township", PASSWORD, OFFICE).status_code == 302  # others unaffected


def test_an_address_guessing_many_accounts_is_locked_for_every_account(users):
    names = ["wang_caseworker", "li_township", "zhang_county", "zhao_city", "sun_auditor"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(names[attempt % len(names)], "wrong-password", HOME)
    assert _locked(_login("zhou_leader", PASSWORD, HOME))
    assert _login("zhou_leader", PASSWORD, ELSEWHERE).status_code == 302


def test_failures_and_the_lock_out_are_audited_once(users):
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        _login("wang_caseworker", "wrong-password", HOME)
    failures = AuditEntry.objects.filter(action="login", summary="登录失败：wang_caseworker")
    assert failures.count() == settings.AXES_FAILURE_LIMIT + 5
    lockout = AuditEntry.objects.get(summary__startswith="登录锁定")
    assert "wang_caseworker" in lockout.summary and lockout.ip == HOME


def test_a_city_administrator_unlocks_an_account_on_the_page(users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("wang_caseworker", "wrong-password", HOME)
    admin = Client()
    admin.force_login(users["city"])
    assert "解除登录锁定" in admin.get("/accounts/unlock/").content.decode()
    response = admin.post("/accounts/unlock/", {"username": "wang_caseworker", "ip": HOME})
    assert "已解除登录锁定" in shown_after(admin, response)
    assert _login("wang_caseworker", PASSWORD, HOME).status_code == 302
    entry = AuditEntry.objects.get(summary__startswith="解除登录锁定")
    assert entry.actor_username == "zhao_city" and "wang_caseworker" in entry.summary


def test_the_unlock_page_needs_a_target_and_the_city_administrator(users):
    admin = Client()
    admin.force_login(users["city"])
    response = admin.post("/accounts/unlock/", {"username": "", "ip": ""})
    assert response.status_code == 422
    assert form_alert(response) == "请填写要解除锁定的用户名或来源地址"
    wrong_ip = admin.post("/accounts/unlock/", {"ip": "300.1.1.1"})
    assert field_error(wrong_ip, "ip") == "请填写正确的IP地址"
    county = Client()
    county.force_login(users["county"])
    assert county.get("/accounts/unlock/").status_code == 403


def test_the_unlock_command_lifts_an_address_lock(users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("nobody", "wrong-password", HOME)
    assert _locked(_login("li_township", PASSWORD, HOME))
    call_command("unlock_login", ip=HOME)
    assert _login("li_township", PASSWORD, HOME).status_code == 302
    assert AuditEntry.objects.filter(summary=f"解除登录锁定：地址{HOME}").exists()
