"""Every screening form, as an organiser and a caseworker meet it: a known mistake comes
back as 422 with the Chinese message next to its field, and each successful write says
so on the page it leads to (issue 17). The campaign form's own cases are in
test_views.py; the browser walks the same paths in tests/browser/test_domain_forms.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import CalendarYear
from minzheng.screening.models import KeyHousehold, Round, Visit
from tests.factories import AREAS
from tests.form_pages import HTMX, field_error, form_alert, shown_after
from tests.screening.conftest import family, resident

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def next_year(users):
    # A round or a follow-up from late in the year ends in the next (D11.3).
    CalendarYear.objects.create(year=timezone.localdate().year + 1, source="测试")


def test_organising_a_campaign_shows_each_error_and_says_what_was_done(users, next_year):
    family(resident())  # one household in township_a to put on the list
    organiser = _client(users["township"])
    created = organiser.post(
        "/screening/campaigns/new/",
        {"name": "冬季走访", "area_code": AREAS["township_a"], "layer": "独居老人"},
        **HTMX,
    )
    assert "已新建排查活动“冬季走访”" in shown_after(organiser, created)
    base = created["HX-Redirect"]

    not_ready = organiser.post(f"{base}act/activate/")  # no list, no round yet
    assert not_ready.status_code == 422 and "名单" in form_alert(not_ready)
    closing = organiser.post(f"{base}act/close/", {"close-note": ""})
    assert closing.status_code == 422
    assert field_error(closing, "note") == "执行“结束排查”须填写意见或理由"

    populated = organiser.post(f"{base}populate/")
    assert "已生成排查名单：新增1户，共1户" in shown_after(organiser, populated)
    today = timezone.localdate().isoformat()
    too_long = organiser.post(f"{base}rounds/", {"starts_on": today, "working_days": "0"})
    assert too_long.status_code == 422 and not Round.objects.exists()
    assert "大于或等于1" in field_error(too_long, "working_days")
    opened = organiser.post(f"{base}rounds/", {"starts_on": today, "working_days": "10"})
    assert "已安排第1轮" in shown_after(organiser, opened)
    started = organiser.post(f"{base}act/activate/", {"activate-note": ""})
    assert "已办理“启动排查”" in shown_after(organiser, started)


def test_a_visit_and_tracked_help_show_each_error_and_say_what_was_done(users, running, next_year):
    caseworker = _client(users["caseworker"])
    target = running.target(running.households[0])
    url = f"/screening/targets/{target.pk}/visit/"
    visit = {"visited_on": "2026-03-03", "method": "home", "situation": "独居，行动不便"}
    placed = {**visit, "outcome": "placed_under_tracked_help", "reason": "独居高龄"}
    refused = caseworker.post(url, placed, **HTMX)
    assert refused.status_code == 422 and "<html" not in refused.content.decode()
    assert field_error(refused, "help_plan") == "请填写帮扶计划"
    assert not Visit.objects.exists()
    plan = {"help_plan": "每月探访", "next_follow_up_on": "2026-04-03"}
    done = caseworker.post(url, {**placed, **plan}, **HTMX)
    assert "已保存走访记录" in shown_after(caseworker, done)

    record = KeyHousehold.objects.get()
    base = f"/screening/key-households/{record.pk}"
    follow = {"followed_on": "2026-03-10", "method": "home", "note": "送去取暖器"}
    early = caseworker.post(f"{base}/follow-ups/", {**follow, "next_follow_up_on": "2026-03-09"})
    assert early.status_code == 422
    assert field_error(early, "next_follow_up_on") == "下次跟踪日期须晚于本次跟踪日期"
    later = {**follow, "next_follow_up_on": "2026-04-10"}
    assert "已保存跟踪记录" in shown_after(
        caseworker, caseworker.post(f"{base}/follow-ups/", later)
    )
    no_reason = caseworker.post(f"{base}/close/", {"reason": ""})
    assert no_reason.status_code == 422 and "必填" in field_error(no_reason, "reason")
    closed = caseworker.post(f"{base}/close/", {"reason": "已纳入低保"})
    assert "已结束帮扶" in shown_after(caseworker, closed)

    household = running.households[1]
    place = f"/screening/households/{household.pk}/key-household/"
    today = timezone.localdate()
    missing = caseworker.post(place, {"started_on": today.isoformat()}, **HTMX)
    assert missing.status_code == 422
    assert field_error(missing, "reason") == "请填写纳入重点帮扶的原因"
    good = {
        "started_on": today.isoformat(),
        "reason": "子女在外",
        "help_plan": "每月电话回访",
        "next_follow_up_on": (today + dt.timedelta(days=30)).isoformat(),
    }
    assert f"已将家庭{household.number}纳入重点帮扶" in shown_after(
        caseworker, caseworker.post(place, good, **HTMX)
    )
