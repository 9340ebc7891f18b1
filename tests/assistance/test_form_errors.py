"""Every form of the case page, the materials checklist and the enrolment review: a known
mistake comes back as 422 with the Chinese message next to its field (or on the form,
for a refusal of the whole step) and changes nothing; the corrected input succeeds and
the next page says so (issue 17: errors for every form, a message after every write).

The messages are the rulebook's requirements in the bureau's words, typed by hand:
two investigators (D1.6), the notice period (D1.7), the fast-track cap (D6.2), a
reason for every refusal or withdrawal, the one-time checklist (D1.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from minzheng.assistance.models import Application, PublicNotice
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.core.models import CalendarYear, Household
from minzheng.core.workflow.engine import transition
from tests.factories import make_household
from tests.form_pages import field_error, form_alert, shown_after

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def household(standards) -> Household:
    # Deadlines counted from late in a year run into the next, which the official
    # calendar may not know yet; the administrator declares it (D11.3).
    CalendarYear.objects.get_or_create(year=today().year + 1, defaults={"source": "测试"})
    return make_household(size=2)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- a case brought to the state an action is taken in, through the services ---------


def _submitted(h: Household, users, track: str = "regular") -> Application:
    fast = {"pledge_signed": True, "urgency_reason": "突发重病住院"} if track == "fast" else {}
    return apps.application_submit(
        actor=users["caseworker"],
        household=h,
        applicant=h.head,
        programme="temporary" if track == "fast" else "dibao",
        track=track,
        channel="in_person",
        applied_on=today(),
        **fast,
    )


def _accepted(h: Household, users) -> Application:
    app = _submitted(h, users)
    apps.application_accept(actor=users["township"], application=app, today=today())
    return app


def _investigated(h: Household, users) -> Application:
    app = _accepted(h, users)
    apps.means_test_record(
        actor=users["caseworker"],
        application=app,
        reference="HD-1",
        received_on=today(),
        monthly_income=Decimal("800"),
    )
    apps.home_visit_record(
        actor=users["caseworker"],
        application=app,
        visited_on=today(),
        investigators=[users["caseworker"], users["township"]],
        findings="属实",
    )
    transition(app, "complete_investigation", users["caseworker"], today=today())
    return app


def _reviewed(h: Household, users) -> Application:
    app = _investigated(h, users)
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=Decimal("760.00"),
        proposed_members=2,
        amount_reason="",
        today=today(),
    )
    return app


def _in_notice(h: Household, users) -> Application:
    app = _reviewed(h, users)
    apps.notice_post(actor=users["caseworker"], application=app, place="公开栏", today=today())
    return app


def _awaiting(h: Household, users) -> Application:
    app = _in_notice(h, users)
    PublicNotice.objects.update(ends_on=today() - dt.timedelta(days=1))  # the week is over
    transition(app, "submit_for_decision", users["township"], today=today())
    return app


def _refused(h: Household, users) -> Application:
    app = _accepted(h, users)
    decisions.application_refuse(
        actor=users["county"], application=app, reasons="收入超过标准", today=today()
    )
    return app


def _fast(h: Household, users) -> Application:
    return _submitted(h, users, "fast")


def _granted(h: Household, users) -> Application:
    app = _fast(h, users)
    fast_track.fast_grant(
        actor=users["township"], application=app, amount=Decimal("3000"), today=today()
    )
    return app


@dataclass(frozen=True)
class Case:
    action: str
    state: Callable[[Household, dict], Application]
    who: str
    wrong: dict[str, str]  # without the action's prefix
    field: str  # "" : a refusal of the whole step, shown on the form
    message: str
    right: dict[str, str]


def _many(n: int) -> str:
    return "字" * n


CASES = [
    Case(
        "request_materials",
        _submitted,
        "township",
        {"added": _many(301)},
        "added",
        "每项材料不超过300字",
        {"added": "户口簿复印件"},
    ),
    Case("accept", _submitted, "township", {"note": _many(2001)}, "note", "不超过 2000 字符", {}),
    Case(
        "means_test",
        _accepted,
        "caseworker",
        {"reference": "HD-2", "received_on": "", "monthly_income": "-5"},
        "monthly_income",
        "大于或等于0",
        {"reference": "HD-2", "received_on": "2026-11-30", "monthly_income": "900"},
    ),
    Case(
        "complete_investigation",
        _accepted,
        "caseworker",
        {},
        "",
        "尚未录入家庭经济状况核对报告",
        {},
    ),
    Case(
        "review",
        _investigated,
        "township",
        {"opinion": "", "proposed_amount": "760.00", "proposed_members": "2"},
        "opinion",
        "这个字段是必填项",
        {"opinion": "经民主评议同意", "proposed_amount": "760.00", "proposed_members": "2"},
    ),
    Case(
        "post_notice", _reviewed, "caseworker", {"place": ""}, "place", "必填", {"place": "公开栏"}
    ),
    Case(
        "objection",
        _in_notice,
        "caseworker",
        {"summary": ""},
        "summary",
        "必填",
        {"summary": "邻居反映家中有经营收入"},
    ),
    Case(
        "reinvestigate",
        _in_notice,
        "township",
        {"note": ""},
        "note",
        "须填写意见或理由",
        {"note": "异议成立"},
    ),
    Case("submit_for_decision", _in_notice, "township", {}, "", "公示", {}),
    Case(
        "approve",
        _awaiting,
        "county",
        {"amount": "", "covered_members": "2"},
        "amount",
        "必填",
        {"amount": "760.00", "covered_members": "2"},
    ),
    Case(
        "refuse", _accepted, "county", {"reasons": ""}, "reasons", "必填", {"reasons": "收入超标"}
    ),
    Case(
        "notify_refusal", _refused, "county", {"note": _many(2001)}, "note", "不超过 2000 字符", {}
    ),
    Case(
        "extend",
        _accepted,
        "county",
        {"reason": ""},
        "reason",
        "必填",
        {"reason": "核对报告未返回"},
    ),
    Case(
        "withdraw",
        _submitted,
        "caseworker",
        {"note": ""},
        "note",
        "须填写意见或理由",
        {"note": "申请人书面撤回"},
    ),
    Case(
        "grant", _fast, "township", {"amount": "99999"}, "amount", "超过上限", {"amount": "3000"}
    ),
    Case(
        "refuse_fast",
        _fast,
        "township",
        {"note": ""},
        "note",
        "须填写意见或理由",
        {"note": "不属急难"},
    ),
    Case("confirm", _granted, "township", {"note": _many(2001)}, "note", "不超过 2000 字符", {}),
    Case(
        "find_breach",
        _granted,
        "county",
        {"grade": "serious", "facts": "隐瞒收入", "recovery_amount": "5000"},
        "recovery_amount",
        "退回金额应在0至3000",
        {"grade": "serious", "facts": "隐瞒收入", "recovery_amount": "3000"},
    ),
]


# The success message names the step as the page's button does.
DONE = {
    "request_materials": "一次性告知补正材料",
    "accept": "受理",
    "means_test": "录入家庭经济状况核对报告",
    "complete_investigation": "完成调查",
    "review": "乡镇审核",
    "post_notice": "张榜公示",
    "objection": "登记公示异议",
    "reinvestigate": "异议成立，重新调查",
    "submit_for_decision": "报县级审批",
    "approve": "批准",
    "refuse": "不予批准",
    "notify_refusal": "已书面告知",
    "extend": "延长办理时限",
    "withdraw": "申请人撤回",
    "grant": "先行发放",
    "refuse_fast": "不适用先办后核",
    "confirm": "核查属实",
    "find_breach": "认定失信",
}


def _prefixed(action: str, data: dict[str, str]) -> dict[str, str]:
    return {f"{action}-{k}": v for k, v in data.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.action for c in CASES])
def test_a_case_action_shows_its_error_then_succeeds_with_a_message(case, household, users):
    app = case.state(household, users)
    before = app.status
    client = _client(users[case.who])
    url = f"/assistance/applications/{app.pk}/act/{case.action}/"

    refused = client.post(url, _prefixed(case.action, case.wrong))
    assert refused.status_code == 422
    shown = field_error(refused, case.field) if case.field else form_alert(refused)
    assert case.message in shown, refused.content.decode()[-3000:]
    app.refresh_from_db()
    assert app.status == before

    if case.action == "submit_for_decision":  # the notice week passes meanwhile (D1.7)
        PublicNotice.objects.update(ends_on=today() - dt.timedelta(days=1))
    if case.action == "complete_investigation":  # the report and two investigators (D1.6)
        _investigate(app, users)
    done = client.post(url, _prefixed(case.action, case.right))
    assert f"已办理“{DONE[case.action]}”" in shown_after(client, done)


def _investigate(app: Application, users) -> None:
    apps.means_test_record(
        actor=users["caseworker"],
        application=app,
        reference="HD-3",
        received_on=today(),
        monthly_income=Decimal("800"),
    )
    apps.home_visit_record(
        actor=users["caseworker"],
        application=app,
        visited_on=today(),
        investigators=[users["caseworker"], users["township"]],
        findings="属实",
    )


def test_a_material_refusal_shows_in_its_row_and_receiving_and_attaching_say_so(household, users):
    app = _submitted(household, users)
    material = app.materials.filter(received_on__isnull=True).first()
    assert material is not None
    client = _client(users["caseworker"])
    base = f"/assistance/applications/{app.pk}/materials/{material.pk}"

    wrong = SimpleUploadedFile("scan.txt", b"plain text", content_type="text/plain")
    refused = client.post(f"{base}/attach/", {"file": wrong})
    assert refused.status_code == 422
    assert "只能上传PDF、JPEG或PNG格式的扫描件" in field_error(refused, "file")
    empty = client.post(f"{base}/attach/", {})
    assert empty.status_code == 422 and "必填" in field_error(empty, "file")

    received = client.post(f"{base}/receive/")
    assert f"已登记收到：{material.title}" in shown_after(client, received)
    again = client.post(f"{base}/receive/")
    assert again.status_code == 422
    assert field_error(again, "material") == "该材料已登记收到"
    scan = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    attached = client.post(f"{base}/attach/", {"file": scan})
    assert f"已上传扫描件：{material.title}" in shown_after(client, attached)


def test_a_home_visit_needs_two_investigators_then_says_it_was_recorded(household, users):
    """D1.6: at least two investigators sign the home visit."""
    app = _accepted(household, users)
    client = _client(users["caseworker"])
    url = f"/assistance/applications/{app.pk}/act/home_visit/"
    visit = {"home_visit-visited_on": today().isoformat(), "home_visit-findings": "属实"}
    alone = client.post(url, {**visit, "home_visit-investigators": [users["caseworker"].pk]})
    assert alone.status_code == 422 and not app.home_visits.exists()
    assert field_error(alone, "investigators") == "入户调查须至少2名调查人员"
    two = [users["caseworker"].pk, users["township"].pk]
    done = client.post(url, {**visit, "home_visit-investigators": two})
    assert "已办理“录入入户调查”" in shown_after(client, done)


def test_the_api_names_the_field_a_refused_step_is_about(household, users):
    """The same refusals through the API: 422 naming the field (a missing reason on
    `note`, an amount above the fast-track cap on `amount`)."""
    client = _client(users["township"])
    regular = _submitted(household, users)
    withdraw = client.post(
        f"/api/v1/assistance/applications/{regular.pk}/actions/withdraw",
        {"note": ""},
        content_type="application/json",
    )
    assert withdraw.status_code == 422
    assert withdraw.json()["errors"] == {"note": ["执行“申请人撤回”须填写意见或理由"]}
    fast = _fast(make_household(size=1), users)
    grant = client.post(
        f"/api/v1/assistance/applications/{fast.pk}/actions/grant",
        {"amount": "99999"},
        content_type="application/json",
    )
    assert grant.status_code == 422
    assert grant.json()["errors"] == {"amount": ["先行发放金额99999元超过上限3000元"]}
