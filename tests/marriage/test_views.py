"""The registry's pages as a registrar sees them: every form's error path (422, the
Chinese message next to the field, nothing written) and its success message; the
divorce page's two dates; the certificate PDF; the person page's marital status; the
statistics without personal data. "Today" is fixed: Thu 3 Sep 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.marriage.models import Appointment, Certificate, Divorce, MarriageRegistration
from minzheng.marriage.services.registrations import marriage_register
from tests.factories import make_user
from tests.form_pages import HTMX, field_error, form_alert, shown_after
from tests.marriage.conftest import receive, resident

D = dt.date
TODAY = D(2026, 9, 3)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def desk(client, registrar, registry):
    client.force_login(registrar)
    return client


def couple():
    return resident(D(1990, 1, 1), True, "王强"), resident(D(1992, 1, 1), False, "赵敏")


def marriage_form(registry, man, woman, **changes) -> dict:
    return {
        "registry": registry.pk,
        "party_a_name": man.name,
        "party_a_id_number": man.id_number,
        "party_b_name": woman.name,
        "party_b_id_number": woman.id_number,
        "declaration_signed": "on",
        **changes,
    }


def test_receiving_a_marriage_without_the_declaration_is_refused_on_the_field(desk, registry):
    man, woman = couple()
    data = marriage_form(registry, man, woman)
    del data["declaration_signed"]
    response = desk.post("/marriage/registrations/new/", data, **HTMX)
    assert response.status_code == 422
    assert "双方亲自签署" in field_error(response, "declaration_signed")
    response = desk.post(
        "/marriage/registrations/new/",
        marriage_form(registry, man, woman, party_b_id_number="110105194912310021"),
    )
    assert response.status_code == 422
    assert "校验码错误" in field_error(response, "party_b_id_number")
    assert not MarriageRegistration.objects.exists()
    response = desk.post("/marriage/registrations/new/", marriage_form(registry, man, woman))
    assert shown_after(desk, response) == "已受理结婚登记申请，请审查后办理"


def test_registering_and_refusing_on_the_case_page(desk, registrar, registry):
    man, woman = couple()
    case = receive(registrar, registry, man, woman, TODAY)
    page = desk.get(f"/marriage/registrations/{case.pk}/").content.decode()
    assert "符合结婚登记条件" in page and "准予登记并发证" in page
    response = desk.post(f"/marriage/registrations/{case.pk}/act/refuse/", {"refuse-note": ""})
    assert response.status_code == 422
    assert "须填写意见或理由" in field_error(response, "note")
    response = desk.post(f"/marriage/registrations/{case.pk}/act/register/")
    assert shown_after(desk, response) == "已准予登记，结婚证字号J32030201-2026-000001"
    cert = Certificate.objects.get()
    pdf = desk.get(f"/marriage/certificates/{cert.pk}/record.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(summary="打印证件存根J32030201-2026-000001").exists()
    # a replacement needs a reason, then takes the next number
    response = desk.post(
        f"/marriage/certificates/{cert.pk}/replace/", {"registry": registry.pk, "reason": ""}
    )
    assert response.status_code == 422
    assert field_error(response, "reason") == "请填写补领原因"
    response = desk.post(
        f"/marriage/certificates/{cert.pk}/replace/", {"registry": registry.pk, "reason": "遗失"}
    )
    assert shown_after(desk, response) == (
        "已补发证件J32030201-2026-000002（替代J32030201-2026-000001）"
    )


def test_an_under_age_couple_sees_the_rule_on_the_case_page(desk, registrar, registry):
    man, woman = resident(D(2004, 9, 4), True), resident(D(2000, 1, 1), False)
    case = receive(registrar, registry, man, woman, TODAY)
    page = desk.get(f"/marriage/registrations/{case.pk}/").content.decode()
    assert "甲方（男方）于登记日未满22周岁法定婚龄" in page
    response = desk.post(f"/marriage/registrations/{case.pk}/act/register/")
    assert response.status_code == 422
    assert "未满22周岁" in field_error(response, "party_a") + form_alert(response)


def divorce_form(registry, man, woman, **changes) -> dict:
    return {
        "registry": registry.pk,
        "party_a_name": man.name,
        "party_a_id_number": man.id_number,
        "party_b_name": woman.name,
        "party_b_id_number": woman.id_number,
        "marriage_certificate_number": "J32030201-2025-000001",
        "agreement_children": "无子女",
        "agreement_property": "各自所有",
        "agreement_debts": "无",
        **changes,
    }


def test_receiving_a_divorce_shows_both_dates_and_the_actions(desk, registry):
    man, woman = couple()
    response = desk.post(
        "/marriage/divorces/new/", divorce_form(registry, man, woman, agreement_property="")
    )
    assert response.status_code == 422
    assert field_error(response, "agreement_property") == "离婚协议须写明财产处理"
    assert not Divorce.objects.exists()
    response = desk.post("/marriage/divorces/new/", divorce_form(registry, man, woman))
    # received Thu 3 Sep 2026: see tests/marriage/test_periods.py for the arithmetic
    assert shown_after(desk, response) == (
        "已受理离婚登记申请：冷静期至2026-10-08，申领离婚证截止2026-11-09"
    )
    case = Divorce.objects.get()
    page = desk.get(f"/marriage/divorces/{case.pk}/").content.decode()
    assert '<dd id="cooling-off-ends">2026-10-08</dd>' in page
    assert '<dd id="window-ends">2026-11-09</dd>' in page
    assert "冷静期内" in page and "撤回离婚申请" in page and "准予离婚并发证" in page
    response = desk.post(f"/marriage/divorces/{case.pk}/act/withdraw/", {"withdraw-party": ""})
    assert response.status_code == 422
    assert field_error(response, "party") == "请选择撤回申请的一方"
    response = desk.post(f"/marriage/divorces/{case.pk}/act/register/", {})
    assert response.status_code == 422
    assert "届满后方可发给离婚证" in form_alert(response)
    response = desk.post(
        f"/marriage/divorces/{case.pk}/act/withdraw/", {"withdraw-party": "party_a"}
    )
    assert shown_after(desk, response) == "已办理“撤回离婚申请”"


def test_the_divorce_api_shows_both_period_end_dates(desk, registrar, registry):
    man, woman = couple()
    desk.post("/marriage/divorces/new/", divorce_form(registry, man, woman))
    case = Divorce.objects.get()
    body = desk.get(f"/api/v1/marriage/divorces/{case.pk}").json()
    assert (body["cooling_off_ends_on"], body["window_ends_on"]) == ("2026-10-08", "2026-11-09")
    assert (body["phase"], body["phase_label"]) == ("cooling_off", "冷静期内")
    assert body["party_a_id_number"] != man.id_number  # masked
    listed = desk.get("/api/v1/marriage/divorces").json()
    assert [i["id"] for i in listed["items"]] == [case.pk]


def test_booking_on_a_sunday_is_refused_on_the_day_field(desk, registry):
    data = {
        "registry": registry.pk,
        "day": "2026-09-06",  # a Sunday
        "kind": "marriage",
        "party_a_name": "甲",
        "party_b_name": "乙",
        "phone": "13800000000",
    }
    response = desk.post("/marriage/appointments/", data, **HTMX)
    assert response.status_code == 422
    assert "休息日" in field_error(response, "day")
    response = desk.post("/marriage/appointments/", {**data, "day": "2026-09-07"})
    assert shown_after(desk, response) == "已预约：鼓楼区婚姻登记处 2026-09-07（结婚登记）"
    booked = Appointment.objects.get()
    response = desk.post(f"/marriage/appointments/{booked.pk}/cancel/")
    assert shown_after(desk, response) == "已取消预约"


def test_the_person_page_shows_marital_status_and_history(client, registrar, registry, areas):
    man, woman = couple()
    case = receive(registrar, registry, man, woman, TODAY)
    marriage_register(actor=registrar, case=case, today=TODAY)
    client.force_login(make_user("cw", "caseworker", man.area_id))
    page = client.get(f"/persons/{man.pk}/").content.decode()
    assert "婚姻状况" in page and "现状：<strong>已婚</strong>（2026-09-03起）" in page
    assert "J32030201-2026-000001" in page


def test_statistics_count_by_month_and_registry_without_names(client, registrar, registry):
    man, woman = couple()
    case = receive(registrar, registry, man, woman, TODAY)
    marriage_register(actor=registrar, case=case, today=TODAY)
    client.force_login(make_user("leader", "leader", "320300"))
    page = client.get("/marriage/statistics/").content.decode()
    assert "<td>2026-09</td><td>鼓楼区婚姻登记处</td>" in page and man.name not in page
    rows = client.get("/api/v1/marriage/statistics").json()
    assert rows == [
        {"month": "2026-09", "registry": "鼓楼区婚姻登记处", "marriages": 1, "divorces": 0}
    ]
    assert client.get("/marriage/").status_code == 403  # a leader is no registrar
