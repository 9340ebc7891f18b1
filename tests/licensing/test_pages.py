"""The licensing pages and API as the county bureau's staff meet them: each form's
known mistake comes back 422 with the Chinese message next to its field, each success
says so on the page it leads to (docs/testing.md), and the two due dates are on the
page and in the API. "Today" is fixed at Tue 22 Sep 2026, so the dates are the ones
counted by hand in test_clocks.py (promised 13 Oct, statutory 27 Oct)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.licensing import services
from minzheng.licensing.models import LicenceApplication
from tests.form_pages import field_error, form_alert, shown_after
from tests.licensing.conftest import accepted, receive
from tests.licensing.conftest import head as make_head

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 22)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


INTAKE = {
    "authority": "320302",
    "applicant_kind": "organisation",
    "applicant_name": "徐州市颐和养老院",
    "applicant_code": "91320302MA1XYW0016",
    "contact_phone": "0516-83001234",
    "subject": "养老机构备案",
    "materials": ["filing_form", "legal_person"],
    "received_on": "2026-09-22",
}
NEW = "/licensing/applications/new/?item=eldercare_filing"


def test_intake_form_errors_and_success(users, limits):
    county = _client(users["county"])
    page = county.get("/licensing/applications/new/").content.decode()
    assert "选择事项" in page and "养老机构备案" in page
    checklist = county.get(NEW).content.decode()
    assert "消防安全检查合格证明或承诺书" in checklist  # the item's checklist

    bad_code = county.post(NEW, {**INTAKE, "applicant_code": "123"})
    assert bad_code.status_code == 422
    assert field_error(bad_code, "applicant_code") == "应为18位数字或字母"
    future = county.post(NEW, {**INTAKE, "received_on": "2026-09-23"})
    assert field_error(future, "received_on") == "收件日期不能晚于今天"
    elsewhere = county.post(NEW, {**INTAKE, "authority": "320303"})  # 云龙区: not offered
    assert elsewhere.status_code == 422 and field_error(elsewhere, "authority")
    assert not LicenceApplication.objects.exists()

    done = county.post(NEW, INTAKE)
    application = LicenceApplication.objects.get()
    assert f"已收件，申请编号{application.number}" in shown_after(county, done)
    assert application.materials_received == ["filing_form", "legal_person"]


def test_the_caseworker_may_not_receive(users, limits):
    assert _client(users["caseworker"]).get(NEW).status_code == 403


def _act(client: Client, a: LicenceApplication, action: str, data: dict):
    prefixed = {f"{action}-{k}": v for k, v in data.items()}
    return client.post(f"/licensing/applications/{a.pk}/act/{action}/", prefixed)


def test_every_action_form_errors_and_successes(users, limits):
    # Both are heads (D15.1 duty): the one who asked still may not approve.
    county, head = _client(make_head(users["county"])), _client(make_head(users["county_2"]))
    a = receive(users["county"], TODAY, materials=("filing_form",))

    incomplete = _act(county, a, "accept", {"materials": ["legal_person"]})
    assert incomplete.status_code == 422
    assert field_error(incomplete, "materials").startswith("材料不全，缺：服务场所权属或租赁证明")
    nothing = _act(county, a, "request_correction", {"note": ""})
    assert field_error(nothing, "missing") == "请勾选须补正的材料"
    told = _act(
        county,
        a,
        "request_correction",
        {"missing": ["premises", "fire_safety", "pledge", "legal_person"]},
    )
    assert "已办理“一次性告知补正材料”" in shown_after(county, told)
    page = county.get(f"/licensing/applications/{a.pk}/").content.decode()
    assert "须补正：法人登记证书、服务场所权属或租赁证明" in page

    all_in = ["filing_form", "legal_person", "premises", "fire_safety", "pledge"]
    assert "已办理“受理”" in shown_after(county, _act(county, a, "accept", {"materials": all_in}))
    detail = county.get(f"/licensing/applications/{a.pk}/").content.decode()
    assert 'id="promised-due">2026-10-13' in detail.replace("\n", "")
    assert 'id="statutory-due">2026-10-27' in detail.replace("\n", "")

    no_notice = _act(county, a, "pause", {"stage": "hearing", "notice_number": "", "note": "听证"})
    assert field_error(no_notice, "notice_number") == "这个字段是必填项。"
    paused = _act(
        county, a, "pause", {"stage": "hearing", "notice_number": "鼓民许听3号", "note": "听证"}
    )
    assert "已办理“中止计时（书面告知）”" in shown_after(county, paused)
    assert "已办理“恢复计时”" in shown_after(county, _act(county, a, "resume", {"note": ""}))

    no_reason = _act(county, a, "request_extension", {"note": ""})
    assert field_error(no_reason, "note") == "这个字段是必填项。"
    asked = _act(county, a, "request_extension", {"note": "需专家论证"})
    assert "已办理“申请延长期限”" in shown_after(county, asked)
    own = _act(county, a, "approve_extension", {"note": ""})
    assert own.status_code == 422
    assert form_alert(own) == "延长期限须经申请延期以外的负责人批准"
    assert "已办理“批准延长期限”" in shown_after(
        head, _act(head, a, "approve_extension", {"note": "同意"})
    )

    refused = _act(county, a, "refuse", {"note": ""})
    assert field_error(refused, "note") == "这个字段是必填项。"
    granted = _act(county, a, "grant", {"note": "符合条件"})
    assert "已办理“准予许可”" in shown_after(county, granted)
    assert "已办理“送达许可证件”" in shown_after(county, _act(county, a, "deliver", {"note": ""}))
    assert LicenceApplication.objects.get(pk=a.pk).status == "delivered"


def test_the_api_gives_both_due_dates_and_masks_the_applicant(users, limits):
    county = _client(users["county"])
    a = receive(users["county"], TODAY)
    a.applicant_kind, a.applicant_code = "person", "11010519491231002X"
    a.save(update_fields=["applicant_kind", "applicant_code"])
    _act(county, a, "accept", {"materials": []})
    body = county.get(f"/api/v1/licensing/applications/{a.pk}").json()
    assert (body["promised"]["due"], body["statutory"]["due"]) == ("2026-10-13", "2026-10-27")
    assert body["applicant_code_masked"] != "11010519491231002X"
    assert "83001234" not in body["contact_phone_masked"]
    assert AuditEntry.objects.filter(
        object_type="licensing.licenceapplication", action="read"
    ).exists()
    items = county.get("/api/v1/licensing/items").json()
    eldercare = next(i for i in items if i["code"] == "eldercare_filing")
    assert (eldercare["statutory_working_days"], eldercare["promised_working_days"]) == (20, 10)


def test_the_bad_inputs_of_the_api_name_their_field(users, limits):
    county = _client(users["county"])
    r = county.get("/api/v1/licensing/rates", {"year": "19"})
    assert r.status_code == 422 and "year" in str(r.json()["errors"])
    assert county.get("/api/v1/licensing/applications/999999").status_code == 404


def _statements(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


def test_the_lists_with_clocks_cost_the_same_statements_for_few_or_many(users, limits):
    """Each row's clocks read the calendar once per list and the pauses prefetched."""
    county = _client(users["county"])
    paths = ("/licensing/", "/api/v1/licensing/applications")

    def more(n: int) -> None:
        for _ in range(n):
            a = accepted(users["county"], TODAY)
            services.clock_pause(
                actor=users["county"],
                application=a,
                stage="hearing",
                notice_number="1号",
                note="听证",
                today=TODAY,
            )

    more(1)
    [_statements(county, p) for p in paths]
    few = [_statements(county, p) for p in paths]
    more(4)
    assert [_statements(county, p) for p in paths] == few
