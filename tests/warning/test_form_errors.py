"""The lead forms (verification, other outcomes, starting an application): a known
mistake comes back as 422 with the Chinese message next to its field; each successful
write says so on the page it leads to (issue 17, D5.3)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import CalendarYear
from minzheng.warning.models import Lead
from minzheng.warning.services import leads_ingest
from tests.factories import make_household
from tests.form_pages import field_error, shown_after

pytestmark = pytest.mark.django_db


def _lead(head) -> Lead:
    finding = {
        "run_id": "2026-10-x",
        "rule_id": "W008",
        "rule_title": "疑似低保或低保边缘家庭",
        "period": "2026-10",
        "severity": "medium",
        "id_number": head.id_number,
        "household_id": None,
        "area_code": head.area_id,
        "evidence": "社保缴费工资显示家庭人均月收入约600元",
    }
    leads_ingest(findings=[finding], today=timezone.localdate())
    return Lead.objects.get()


@pytest.fixture
def lead(users, settings_seeded) -> Lead:
    CalendarYear.objects.create(year=timezone.localdate().year + 1, source="测试")
    return _lead(make_household(size=2).head)


def test_verifying_and_closing_a_lead_show_each_error_and_say_what_was_done(users, lead):
    client = Client()
    client.force_login(users["caseworker"])
    base = f"/warning/leads/{lead.pk}"
    today = timezone.localdate().isoformat()

    blank = client.post(f"{base}/visit/", {"method": "phone", "visited_on": today})
    assert blank.status_code == 422 and "必填" in field_error(blank, "findings")
    visit = {"method": "phone", "visited_on": today, "findings": "电话核实：收入属实"}
    assert "已保存核实记录" in shown_after(client, client.post(f"{base}/visit/", visit))

    refer = {"outcome": "refer", "note": "属残联职责", "referred_to": ""}
    refused = client.post(f"{base}/close/", refer)
    assert refused.status_code == 422
    assert field_error(refused, "referred_to") == "转介须填写接收部门"
    no_note = client.post(f"{base}/close/", {"outcome": "no_need", "note": ""})
    assert no_note.status_code == 422 and "必填" in field_error(no_note, "note")
    lead.refresh_from_db()
    assert lead.status == "verified"
    done = client.post(f"{base}/close/", {**refer, "referred_to": "区残联"})
    assert "线索已办结" in shown_after(client, done)


def test_starting_an_application_from_a_lead_shows_its_error_and_says_so(users, lead):
    client = Client()
    client.force_login(users["caseworker"])
    base = f"/warning/leads/{lead.pk}"
    visit = {"method": "home", "visited_on": timezone.localdate().isoformat(), "findings": "属实"}
    client.post(f"{base}/visit/", visit)
    wrong = client.post(f"{base}/apply/", {"programme": "lottery", "channel": "committee"})
    assert wrong.status_code == 422 and "lottery" in field_error(wrong, "programme")
    started = client.post(f"{base}/apply/", {"programme": "dibao", "channel": "committee"})
    assert "已发起救助申请，线索随之办结" in shown_after(client, started)


def test_the_api_names_the_missing_receiving_department(users, lead):
    client = Client()
    client.force_login(users["caseworker"])
    visit = {"method": "phone", "visited_on": timezone.localdate().isoformat(), "findings": "属实"}
    client.post(f"/warning/leads/{lead.pk}/visit/", visit)
    response = client.post(
        f"/api/v1/warning/leads/{lead.pk}/close",
        {"outcome": "refer", "note": "属残联职责", "referred_to": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"referred_to": ["转介须填写接收部门"]}
