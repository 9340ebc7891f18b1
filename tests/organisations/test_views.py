"""Every organisation form: a known mistake (422, the Chinese message next to the field,
nothing written) and a correct post (the success message on the page it leads to);
the public list without log-in, masked; list pages in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minzheng.organisations.models import AnnualReport, CreditListing, Evaluation, Organisation
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.reports import Filing, annual_report_file
from tests.factories import AREAS, make_user
from tests.form_pages import field_error, form_alert, shown_after
from tests.organisations.factories import make_org, org_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(users, org_settings):
    client = Client()
    client.force_login(users["county"])
    return client


@pytest.fixture
def org(users, org_settings):
    return make_org(users["county"], dt.date(2024, 3, 1), legal_rep_name="张三丰")


def test_registration_refuses_a_wrong_check_character_then_registers(county):
    data = {**org_data(credit_code="51320300MJ51740528"), "decision": "徐民登〔2026〕8号"}
    refused = county.post("/organisations/new/", data)
    assert refused.status_code == 422
    assert field_error(refused, "credit_code") == "统一社会信用代码校验码错误"
    assert not Organisation.objects.exists()
    data["credit_code"] = "51320300MJ51740527"  # the hand-worked vector
    data["decision"] = ""
    refused = county.post("/organisations/new/", data)
    assert field_error(refused, "decision") == "请填写决定文号"
    data["decision"] = "徐民登〔2026〕8号"
    done = county.post("/organisations/new/", data)
    assert shown_after(county, done) == f"已登记社会组织“{data['name']}”"
    org = Organisation.objects.get()
    assert (org.status, org.events.get().kind) == ("registered", "registered")


def test_registration_is_refused_outside_the_area_without_revealing_it(county):
    data = {**org_data(area="320303001001"), "decision": "x"}  # 云龙区, not the user's
    refused = county.post("/organisations/new/", data)
    assert field_error(refused, "area") == "住所所在区划“320303001001”不存在或不在您的管辖区域内"


@pytest.mark.parametrize("role", ["caseworker", "county_approver", "city_admin"])
def test_without_the_registrar_post_nobody_registers(users, org_settings, role):
    client = Client()
    client.force_login(make_user(f"plain_{role}", role, AREAS["county_a"]))
    assert client.get("/organisations/new/").status_code == 403
    assert client.get("/organisations/").status_code == (200 if role != "leader" else 403)


def test_change_registration_records_what_changed(county, org):
    data = org_data(name=org.name, credit_code=org.credit_code, address="新住所路8号")
    data.update(decision="", on="2026-03-02")
    refused = county.post(f"/organisations/{org.pk}/change/", data)
    assert field_error(refused, "decision") == "请填写决定文号"
    data["decision"] = "徐民变〔2026〕2号"
    done = county.post(f"/organisations/{org.pk}/change/", data)
    assert shown_after(county, done) == f"已办理“{org.name}”的变更登记"
    event = org.events.get(kind="changed")
    assert (event.on, event.decision, event.note) == (
        dt.date(2026, 3, 2),
        "徐民变〔2026〕2号",
        "住所",
    )


def test_a_status_decision_needs_its_reason_and_goes_through_the_engine(county, org):
    url = f"/organisations/{org.pk}/act/suspend/"
    refused = county.post(url, {"decision": "徐民〔2026〕1号", "on": "2026-03-02", "note": ""})
    assert field_error(refused, "note") == "执行“责令停止活动”须填写意见或理由"
    done = county.post(url, {"decision": "徐民〔2026〕1号", "on": "2026-03-02", "note": "未年检"})
    assert shown_after(county, done) == "已办理“责令停止活动”"
    org.refresh_from_db()
    assert org.status == "suspended"
    assert org.events.get(kind="suspended").decision == "徐民〔2026〕1号"


def test_responsible_person_form(county, org):
    url = f"/organisations/{org.pk}/people/new/"
    refused = county.post(url, {"post": "chair", "name": "", "from_date": "2026-01-05"})
    assert field_error(refused, "name") == "请填写姓名"
    bad_id = {
        "post": "chair",
        "name": "李会长",
        "from_date": "2026-01-05",
        "id_number": "110105194912310021",
    }
    assert "校验码错误" in field_error(county.post(url, bad_id), "id_number")
    done = county.post(url, {**bad_id, "id_number": ""})
    assert shown_after(county, done) == "已登记理事长（会长）"


def test_annual_report_form_and_review(county, org):
    url = f"/organisations/{org.pk}/reports/new/"
    data = {
        "year": "2025",
        "filed_on": "2025-12-30",
        "income": "120000.00",
        "expenditure": "98000.50",
        "net_assets": "45000.00",
        "staff_count": "3",
        "activities": "年会一次",
    }
    refused = county.post(url, data)
    assert field_error(refused, "filed_on") == "报送日期应在2026年1月1日以后"
    refused = county.post(url, {**data, "filed_on": "2026-03-02", "income": "12.345"})
    assert field_error(refused, "income") == "最多两位小数"
    done = county.post(url, {**data, "filed_on": "2026-03-02"})
    assert shown_after(county, done) == "已录入2025年度工作报告"
    report = AnnualReport.objects.get()
    assert str(report.expenditure) == "98000.50"
    review = f"/organisations/reports/{report.pk}/act/review/"
    refused = county.post(review, {"result": "", "note": ""})
    assert field_error(refused, "result") == "请选择审查结论"
    done = county.post(review, {"result": "basic", "note": "财务制度待完善"})
    assert shown_after(county, done) == "已办理“审查”"
    report.refresh_from_db()
    assert (report.status, report.get_result_display()) == ("reviewed", "基本合格")


def test_penalty_form(county, org):
    url = f"/organisations/{org.pk}/penalties/new/"
    refused = county.post(url, {"decision": "", "decided_on": "2026-03-02", "fine": ""})
    assert field_error(refused, "decision") == "请填写处罚决定文号"
    done = county.post(
        url, {"decision": "徐民罚〔2026〕1号", "decided_on": "2026-03-02", "fine": "60000"}
    )
    assert shown_after(county, done) == "已登记行政处罚，列入严重违法失信名单"


def test_removal_form_refuses_until_the_report_is_filed(county, org, users):
    listing = listing_create(
        organisation=org, reason="late_report", year=2025, on=dt.date(2026, 6, 1), actor=None
    )
    url = f"/organisations/credit/{listing.pk}/remove/"
    assert (
        field_error(county.post(url, {"note": ""}), "note") == "执行“整改后移出”须填写意见或理由"
    )
    refused = county.post(url, {"note": "已整改"})
    assert form_alert(refused) == "2025年度工作报告尚未报送，不能移出"
    assert CreditListing.objects.get().status == "listed"


def test_the_public_lists_need_no_log_in_and_mask_the_person(org):
    listing_create(organisation=org, reason="unreachable", on=dt.date(2026, 4, 1), actor=None)
    page = Client().get("/organisations/public/credit-lists/").content.decode()
    assert org.name in page and org.credit_code in page
    assert "张*丰" in page and "张三丰" not in page
    assert "通过登记的住所无法与社会组织取得联系" in page
    assert (
        Client()
        .get("/organisations/public/credit-lists/?list=serious")
        .content.decode()
        .count(org.name)
        == 0
    )


def _statements(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/",
        "/organisations/reports/?year=2025",
        "/organisations/credit/",
        "/organisations/public/credit-lists/",
    ],
)
def test_list_pages_cost_the_same_for_few_rows_or_many(county, users, path):
    def add(n: int) -> None:
        for _ in range(n):
            o = make_org(users["county"], dt.date(2024, 3, 1))
            listing_create(
                organisation=o, reason="unreachable", on=dt.date(2026, 4, 1), actor=None
            )

    add(2)
    _statements(county, path)
    few = _statements(county, path)
    add(8)
    assert _statements(county, path) == few


def test_evaluation_forms(county, org, users):
    for year in range(2024, timezone.localdate().year):  # every report due, whatever today
        filed = dt.date(year + 1, 3, 2)
        filing = Filing(year, filed, None, *(3 * [org.registered_capital]), 1, "活动")
        annual_report_file(actor=users["county"], organisation=org, filing=filing, today=filed)
    url = f"/organisations/{org.pk}/evaluations/new/"
    scores = {
        "score_basic": "95",
        "score_governance": "401",
        "score_performance": "330",
        "score_reputation": "140",
    }
    refused = county.post(url, scores)
    assert field_error(refused, "score_governance") == "得分应在0至400分之间"
    done = county.post(url, {**scores, "score_governance": "380"})
    assert shown_after(county, done) == "已评分：945分，4A"
    ev = Evaluation.objects.get()
    county.post(f"/organisations/evaluations/{ev.pk}/act/publish/", {"note": ""})
    objection = f"/organisations/evaluations/{ev.pk}/objections/new/"
    refused = county.post(objection, {"raised_by": "", "content": "数据有误"})
    assert field_error(refused, "raised_by") == "请填写异议人"
    done = county.post(objection, {"raised_by": "会员甲", "content": "数据有误"})
    assert shown_after(county, done) == "已登记异议"
    dismiss = f"/organisations/evaluations/{ev.pk}/act/dismiss/"
    assert field_error(county.post(dismiss, {"note": ""}), "note") == "请填写异议不成立的理由"
    refused = county.post(f"/organisations/evaluations/{ev.pk}/act/confirm/", {"note": ""})
    assert form_alert(refused).startswith("公示期至")
