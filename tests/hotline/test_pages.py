"""The hotline pages and API: every form's error path (422, the Chinese message next
to the field, nothing written) and success message (docs/testing.md), masking, the
figures page without personal data, and the list's constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minzheng.hotline.models import DeathOffer, MandatoryReport, Ticket
from tests.factories import AREAS
from tests.form_pages import field_error, form_alert, shown_after
from tests.hotline.conftest import intake

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


GOOD = {
    "line": "children",
    "category": "child_neglect",
    "urgency": "urgent",
    "caller_name": "李老师",
    "callback_phone": "13900002222",
    "account": "学生连续三天无人接送，家中无成年人",
    "address": "和平路1号",
    "id_number": "",
    "reporter_institution": "黄楼小学",
    "area_code": AREAS["community_a1"],
}


def test_intake_form_errors_then_success(desk):
    c = client_of(desk.operator)
    assert c.get("/hotline/intake/").status_code == 200
    bad = c.post("/hotline/intake/", {**GOOD, "callback_phone": "abc"})
    assert bad.status_code == 422
    assert field_error(bad, "callback_phone") == "回拨电话应为3至12位数字"
    bad = c.post("/hotline/intake/", {**GOOD, "id_number": "320302199901010000"})
    assert field_error(bad, "id_number") == "登记库中没有该身份证号，可留空后再关联"
    bad = c.post("/hotline/intake/", {**GOOD, "line": "funeral"})  # not a funeral category
    assert field_error(bad, "category") == "该热线不受理此类别"
    assert not Ticket.objects.exists()
    ok = c.post("/hotline/intake/", GOOD)
    ticket = Ticket.objects.get()
    assert shown_after(c, ok) == f"已登记来电，工单编号{ticket.number}"
    assert (ticket.status, ticket.sensitive) == ("accepted", True)
    assert MandatoryReport.objects.get(ticket=ticket).institution == "黄楼小学"


def test_intake_is_refused_without_the_duty(desk):
    assert client_of(desk.county).get("/hotline/intake/").status_code == 403
    assert client_of(desk.leader).get("/hotline/").status_code == 403


def test_ticket_page_masks_and_shows_the_timeline(desk):
    ticket = intake(desk, with_child=True)
    page = client_of(desk.operator).get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    child = ticket.person
    assert child is not None
    assert child.id_number not in page and child.name not in page
    assert "王小明" not in page and "王*明" in page and "138****1111" in page
    assert "办理经过" in page and "受理" in page


def test_action_errors_then_success(desk):
    ticket = intake(desk)
    c = client_of(desk.operator)
    url = f"/hotline/tickets/{ticket.pk}"
    bad = c.post(f"{url}/dispatch/", {"unit": AREAS["community_a1"]})
    assert bad.status_code == 422
    assert field_error(bad, "unit") == "请选择事发地所在的县（区）或乡镇（街道）"
    ok = c.post(f"{url}/dispatch/", {"unit": AREAS["township_a"]})
    assert shown_after(c, ok) == "已办理“派单”"
    bad = c.post(f"{url}/reassign/", {"unit": AREAS["county_a"], "note": ""})
    assert field_error(bad, "note") == "执行“改派”须填写意见或理由"
    ok = c.post(f"{url}/reassign/", {"unit": AREAS["county_a"], "note": "改由区里办理"})
    assert shown_after(c, ok) == "已办理“改派”"
    bad = c.post(f"{url}/merge/", {"into": "2026000000000", "note": "重复"})
    assert field_error(bad, "into") == "未找到该工单编号"
    unit = client_of(desk.county)
    assert shown_after(unit, unit.post(f"{url}/handle/", {})) == "已办理“签收办理”"
    bad = unit.post(f"{url}/reply/", {"note": ""})
    assert field_error(bad, "note") == "执行“回复办理结果”须填写意见或理由"
    unit.post(f"{url}/reply/", {"note": "已办结"})
    c.post(f"{url}/close/", {})
    c.post(f"{url}/return_call/", {"note": "满意"})
    bad = c.post(f"{url}/rate/", {"satisfaction": "great"})
    assert "satisfaction" in bad.content.decode() and bad.status_code == 422
    assert shown_after(c, c.post(f"{url}/rate/", {"satisfaction": "satisfied"})) == "已办理“评价”"
    assert c.post(f"{url}/nonsense/", {}).status_code == 404


def test_emergency_forms(desk):
    ticket = intake(desk, category="child_emergency")
    c = client_of(desk.operator)
    url = f"/hotline/tickets/{ticket.pk}"
    bad = c.post(f"{url}/dispatch/", {"unit": AREAS["county_a"]})
    assert form_alert(bad) == "紧急类别须先上报值班人员，再派单"
    bad = c.post(f"{url}/escalate/", {"duty_officer": desk.county.pk})
    assert field_error(bad, "duty_officer") == "请选择负责事发地的值班人员"
    ok = c.post(f"{url}/escalate/", {"duty_officer": desk.officer.pk})
    assert shown_after(c, ok) == "已办理“上报值班人员”"
    bad = c.post(f"{url}/police/", {"police_unit": "", "reference": ""})
    assert field_error(bad, "police_unit") == "请填写接收的公安机关"
    ok = c.post(f"{url}/police/", {"police_unit": "110指挥中心", "reference": "J1"})
    assert shown_after(c, ok) == "已办理“移送公安”"


def test_death_offer_forms(desk):
    ticket = intake(desk, line="funeral", category="death_report")
    c = client_of(desk.operator)
    url = f"/hotline/tickets/{ticket.pk}/death_offer/"
    bad = c.post(url, {"id_number": "320302199901010000", "death_date": "2026-09-01"})
    assert field_error(bad, "id_number") == "登记库中没有该身份证号"
    head = desk.household.head
    ok = c.post(url, {"id_number": head.id_number, "death_date": "2026-09-01"})
    assert shown_after(c, ok) == "已办理“报送死亡信息”"
    offer = DeathOffer.objects.get()
    worker = client_of(desk.caseworker)
    bad = worker.post(f"/hotline/deaths/{offer.pk}/", {"decision": "decline", "note": ""})
    assert field_error(bad, "note") == "不予登记须写明核实情况"
    ok = worker.post(f"/hotline/deaths/{offer.pk}/", {"decision": "confirm", "note": "属实"})
    assert shown_after(worker, ok) == "已处理死亡信息"
    head.refresh_from_db()
    assert head.life_status == "deceased"


def test_dashboard_has_no_personal_data(desk):
    ticket = intake(desk, with_child=True)
    intake(desk, category="child_emergency")
    page = client_of(desk.leader).get("/hotline/dashboard/").content.decode()
    assert ticket.person is not None
    for private in (
        ticket.person.name,
        ticket.person.id_number,
        "王小明",
        "13800001111",
        ticket.number,
    ):
        assert private not in page
    assert "儿童救助保护热线" in page and "按时办结率" in page


def test_api_intake_and_transition(desk):
    c = client_of(desk.operator)
    payload = {k: v for k, v in GOOD.items() if k != "reporter_institution"}
    bad = c.post(
        "/api/v1/hotline/tickets",
        {**payload, "category": "body_collection"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "category" in bad.json()["errors"]
    made = c.post("/api/v1/hotline/tickets", payload, content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    bad = c.post(
        f"/api/v1/hotline/tickets/{pk}/transitions",
        {"action": "dispatch", "unit_code": "320303"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "unit_code" in bad.json()["errors"]
    ok = c.post(
        f"/api/v1/hotline/tickets/{pk}/transitions",
        {"action": "dispatch", "unit_code": "320302"},
        content_type="application/json",
    )
    assert ok.json()["status"] == "dispatched"
    assert [r["what"] for r in ok.json()["timeline"]][-1] == "派单"


def test_list_queries_do_not_grow_with_rows(desk):
    c = client_of(desk.operator)
    intake(desk)
    with CaptureQueriesContext(connection) as one:
        c.get("/hotline/")
    for _ in range(5):
        intake(desk, category="child_neglect", with_child=True)
    with CaptureQueriesContext(connection) as six:
        c.get("/hotline/")
    assert len(six) == len(one)
