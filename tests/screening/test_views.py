"""The screening pages: forms with errors on their fields in Chinese, the organisers'
actions, the visit form per target (htmx), the overdue key households."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import CalendarYear
from minzheng.screening.models import Campaign, KeyHousehold, Visit
from minzheng.screening.services.tracking import Placement, key_household_place
from tests.factories import AREAS
from tests.screening.conftest import family, resident

pytestmark = pytest.mark.django_db
D = dt.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _campaign_form(**extra) -> dict:
    return {"name": "高龄老人走访", "area_code": AREAS["township_a"], "layer": "特困", **extra}


def test_a_township_reviewer_creates_a_campaign_with_criteria(users):
    response = _client(users["township"]).post(
        "/screening/campaigns/new/",
        _campaign_form(min_age="80", disability_grades=["1", "2"], area_codes="320302001001"),
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/screening/campaigns/{campaign.pk}/"
    assert campaign.criteria.min_age == 80 and campaign.criteria.disability_grades == (1, 2)
    assert campaign.criteria.area_codes == ("320302001001",) and campaign.status == "draft"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"min_age": "70", "max_age": "60"}, "max_age", "年龄上限不能小于年龄下限"),
        ({"area_codes": "320303001001"}, "area_codes", "不在组织区划"),
        ({"area_codes": "32030"}, "area_codes", "区划代码应为6、9或12位数字"),
        ({"name": ""}, "name", "这个字段是必填项"),
    ],
)
def test_campaign_form_errors_are_shown_on_their_field(users, extra, field, message):
    response = _client(users["township"]).post(
        "/screening/campaigns/new/", _campaign_form(**extra), **HTMX
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-field="{field}">' in page and message in page
    assert not Campaign.objects.exists()


def test_caseworkers_may_not_open_the_campaign_form(users):
    assert _client(users["caseworker"]).get("/screening/campaigns/new/").status_code == 403


def test_the_organiser_populates_opens_a_round_and_starts_from_the_page(users):
    family(resident())
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：次年放假安排"})
    client = _client(users["township"])
    client.post("/screening/campaigns/new/", _campaign_form())
    campaign = Campaign.objects.get()
    base = f"/screening/campaigns/{campaign.pk}/"
    assert client.post(f"{base}act/activate/").status_code == 422  # no list, no round yet
    assert client.post(f"{base}populate/").status_code == 302
    today = timezone.localdate().isoformat()
    bad = client.post(f"{base}rounds/", {"starts_on": today, "working_days": "0"})
    assert bad.status_code == 422 and "确保该值大于或等于1" in bad.content.decode()
    client.post(f"{base}rounds/", {"starts_on": today, "working_days": "10"})
    assert client.post(f"{base}act/activate/").status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "active" and campaign.rounds.count() == 1
    page = client.get(base).content.decode()
    assert 'id="figure-targets">1<' in page and "第1轮" in page


def test_the_caseworker_records_a_visit_from_my_targets(users, running):
    target = running.target(running.households[0])
    client = _client(users["caseworker"])
    listing = client.get("/screening/targets/").content.decode()
    assert running.households[0].number in listing and "逾期未访" in listing
    assert running.households[3].number not in listing  # community_a2: not hers
    form = client.get(f"/screening/targets/{target.pk}/visit/", **HTMX)
    assert form.status_code == 200 and 'name="outcome"' in form.content.decode()
    data = {
        "visited_on": "2026-03-05",
        "method": "home",
        "situation": "正常",
        "outcome": "placed_under_tracked_help",
    }
    refused = client.post(f"/screening/targets/{target.pk}/visit/", data, **HTMX)
    assert refused.status_code == 422 and "请填写帮扶计划" in refused.content.decode()
    data |= {"reason": "独居", "help_plan": "每月上门", "next_follow_up_on": "2026-04-05"}
    done = client.post(f"/screening/targets/{target.pk}/visit/", data, **HTMX)
    assert done.status_code == 204 and done["HX-Redirect"].startswith("/screening/targets/")
    assert Visit.objects.get().key_household == KeyHousehold.objects.get()


def test_the_key_household_list_highlights_overdue_follow_ups(users, running):
    today = timezone.localdate()
    overdue = key_household_place(
        actor=users["caseworker"],
        household=running.households[0],
        plan=Placement("重病", "每月回访", today - dt.timedelta(days=1)),
        started_on=today - dt.timedelta(days=30),
    )
    key_household_place(
        actor=users["caseworker"],
        household=running.households[1],
        plan=Placement("残疾", "每月回访", today + dt.timedelta(days=10)),
    )
    page = _client(users["caseworker"]).get("/screening/key-households/").content.decode()
    assert 'id="overdue-count">1<' in page
    assert page.count("（已逾期）") == 1 and overdue.household.number in page
    only = _client(users["caseworker"]).get("/screening/key-households/", {"overdue": "1"})
    assert running.households[1].number not in only.content.decode()


def test_follow_up_and_close_from_the_key_household_page(users, running):
    today = timezone.localdate()
    record = key_household_place(
        actor=users["caseworker"],
        household=running.households[0],
        plan=Placement("重病", "每月回访", today + dt.timedelta(days=5)),
    )
    client, url = _client(users["caseworker"]), f"/screening/key-households/{record.pk}/"
    assert "登记跟踪回访" in client.get(url).content.decode()
    bad = {
        "followed_on": today.isoformat(),
        "method": "home",
        "note": "好转",
        "next_follow_up_on": today.isoformat(),
    }
    refused = client.post(f"{url}follow-ups/", bad, **HTMX)
    assert (
        refused.status_code == 422 and "下次跟踪日期须晚于本次跟踪日期" in refused.content.decode()
    )
    bad["next_follow_up_on"] = (today + dt.timedelta(days=30)).isoformat()
    assert client.post(f"{url}follow-ups/", bad).status_code == 302
    assert client.post(f"{url}close/", {"reason": "已就业"}).status_code == 302
    record.refresh_from_db()
    assert record.status == "closed" and record.follow_ups.count() == 1


def test_a_household_page_offers_tracked_help(users, areas):
    household = family(resident())
    page = _client(users["caseworker"]).get(f"/households/{household.pk}/").content.decode()
    assert f'href="/screening/households/{household.pk}/key-household/"' in page
    assert "纳入重点帮扶" in page
    response = _client(users["caseworker"]).post(
        f"/screening/households/{household.pk}/key-household/",
        {
            "reason": "突发重病",
            "help_plan": "协调临时救助",
            "responsible": users["township"].pk,
            "started_on": timezone.localdate().isoformat(),
            "next_follow_up_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert KeyHousehold.objects.get(household=household).responsible == users["township"]


def test_a_visit_that_finds_a_need_leads_on_to_a_prefilled_application(users, running):
    """Issue 17 item 11: recording 发现需救助 prompts the application for the household."""
    household = running.households[1]
    target = running.target(household)
    client = _client(users["caseworker"])
    data = {
        "visited_on": "2026-03-05",
        "method": "home",
        "situation": "老人住院，家中无收入",
        "outcome": "identified_for_assistance",
    }
    done = client.post(f"/screening/targets/{target.pk}/visit/", data)
    applicant = target.person_id or household.head_id
    expected = (
        f"/assistance/households/{household.pk}/apply/?channel=committee&applicant={applicant}"
    )
    assert done.status_code == 302 and done.url == expected
    page = client.get(done.url).content.decode()
    assert "走访发现需救助：请为该家庭登记救助申请" in page
    assert f'<option value="{applicant}" selected>' in page
    assert '<option value="committee" selected>' in page
