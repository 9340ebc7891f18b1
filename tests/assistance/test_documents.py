"""Assistance documents: the receipt with the one-time notification (D1.5, D1.9),
the community's public-notice list (D1.7, D3.7), approval and refusal notices
(D1.8) and the fast-track grant notice and breach decision (D6) — printed as named
users, scoped (D0.3), masked and audited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from minzheng.assistance.models import Application
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.core.masking import mask_id_number, mask_id_number_public, mask_name
from minzheng.core.models import AuditEntry, ConfigValue, Household, User
from minzheng.core.workflow.engine import transition
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
D = dt.date
MISSING = ["户口簿复印件（户主及全部家庭成员）", "残疾人证（张伟）"]


def _named(household: Household, name: str) -> Household:
    assert household.head is not None
    household.head.name = name
    household.head.save()
    return household


def _submit(household: Household, users: dict[str, User], day: D, **kw: object) -> Application:
    return apps.application_submit(
        actor=users["township"],  # reaches every community of the township
        household=household,
        applicant=household.head,
        programme="dibao",
        channel="in_person",
        applied_on=day,
        **kw,  # type: ignore[arg-type]
    )


def _in_notice(
    household: Household, users: dict[str, User], amount: Decimal | None = Decimal("560")
) -> Application:
    """A regular case driven through the services to its public notice on 5 Mar 2026."""
    app = _submit(household, users, D(2026, 3, 2))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 3, 2))
    apps.means_test_record(
        actor=users["township"],
        application=app,
        reference="HD-2026-031",
        received_on=D(2026, 3, 3),
        monthly_income=Decimal("800"),
    )
    apps.home_visit_record(
        actor=users["township"],
        application=app,
        visited_on=D(2026, 3, 3),
        investigators=[users["township"], users["county"]],
        findings="家庭情况属实",
    )
    transition(app, "complete_investigation", users["township"], today=D(2026, 3, 3))
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=amount,
        amount_reason="民主评议按实际困难调整",
        today=D(2026, 3, 4),
    )
    apps.notice_post(
        actor=users["township"], application=app, place="社区公开栏", today=D(2026, 3, 5)
    )
    return app


def _approved(household: Household, users: dict[str, User]) -> Application:
    app = _in_notice(household, users)
    transition(app, "submit_for_decision", users["township"], today=D(2026, 3, 12))
    decisions.application_approve(
        actor=users["county"],
        application=app,
        amount=Decimal("560"),
        covered_members=2,
        today=D(2026, 3, 16),
    )
    return app


def _refused(household: Household, users: dict[str, User]) -> Application:
    app = _submit(household, users, D(2026, 9, 28))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 9, 28))
    decisions.application_refuse(
        actor=users["county"],
        application=app,
        reasons="经家庭经济状况核对，家庭人均月收入1,020.00元，不低于本地城市低保标准。",
        today=D(2026, 9, 30),
    )
    return app


def _granted(household: Household, users: dict[str, User]) -> Application:
    app = _submit(
        household,
        users,
        D(2026, 2, 10),
        track="fast",
        pledge_signed=True,
        urgency_reason="突发重病住院",
        missing_documents=MISSING,
    )
    fast_track.fast_grant(
        actor=users["township"], application=app, amount=Decimal("3000"), today=D(2026, 2, 12)
    )
    return app


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    """The PDF's text with all white space removed: table cells wrap where they like."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.content)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def _exports(object_type: str, object_id: str) -> int:
    return AuditEntry.objects.filter(
        action="export", object_type=object_type, object_id=object_id
    ).count()


def test_receipt_before_acceptance_is_the_one_time_notification_of_every_missing_item(
    family, users
):
    app = _submit(family, users, D(2026, 3, 2))
    apps.application_request_materials(
        actor=users["township"], application=app, added=MISSING, today=D(2026, 3, 2)
    )
    text = _text(
        _client(users["caseworker"]).get(f"/assistance/applications/{app.pk}/receipt.pdf")
    )
    assert "社会救助申请一次性告知书" in text
    assert all("".join(item.split()) in text for item in MISSING)  # the whole list, once (D1.5)
    assert "自受理之日起30个工作日内办结" in text and "45个工作日" in text
    assert "徐州市鼓楼区黄楼街道办事处" in text  # the township accepts (D1.1)
    assert family.head.id_number not in text and mask_id_number(family.head.id_number) in text


def test_receipt_after_acceptance_states_the_configured_limit_and_the_case_deadline(
    family, users, areas
):
    ConfigValue.objects.create(
        key="dibao.deadline.total_working_days",
        area=areas["county_a"],
        value="20",
        effective_from=D(2026, 1, 1),
        basis="区政府承诺缩短时限",
    )
    app = _submit(family, users, D(2026, 2, 10))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 2, 12))
    text = _text(_client(users["township"]).get(f"/assistance/applications/{app.pk}/receipt.pdf"))
    assert "社会救助申请受理回执" in text and "于2026年2月12日予以受理" in text
    assert "自受理之日起20个工作日内办结" in text  # D1.9, shortened locally
    assert f"本案办结期限为{app.total_deadline.year}年{app.total_deadline.month}月" in text
    assert "申请材料齐全，无需补充材料" in text
    assert _exports("assistance.application", str(app.pk)) == 1


def test_fast_track_receipt_lists_documents_that_may_follow_and_the_grant_date(family, users):
    app = _submit(
        family,
        users,
        D(2026, 2, 10),
        track="fast",
        pledge_signed=True,
        urgency_reason="突发重病住院",
        missing_documents=MISSING,
    )
    text = _text(
        _client(users["caseworker"]).get(f"/assistance/applications/{app.pk}/receipt.pdf")
    )
    assert "需后续补交的材料（后置补充）" in text and "残疾人证（张伟）" in text
    assert "5日内（2026年2月15日前）先行发放" in text  # D6.2


def test_public_notice_masks_names_and_ids_and_lists_only_households_to_be_aided(users, standards):
    aided = _in_notice(_named(make_household(size=3), "欧阳秀英"), users)
    refused = _in_notice(_named(make_household(size=1), "李建国"), users, amount=None)
    elsewhere = _in_notice(_named(make_household(AREAS["community_a2"]), "王小明"), users)
    response = _client(users["caseworker"]).get(f"/assistance/notices/{AREAS['community_a1']}.pdf")
    text = _text(response)
    head = aided.applicant
    assert mask_name(head.name) == "欧**英" and "欧**英" in text
    assert mask_id_number_public(head.id_number) in text
    assert head.id_number not in text and head.id_number[6:14] not in text  # no birth date
    assert "欧阳秀英" not in text
    assert "560.00/月" in text and "3人" in text and "03.05—03.11" in text
    assert "保障人数" not in text  # not known before the decision: no empty column
    assert mask_name(refused.applicant.name) not in text  # D3.7: only who is aided
    assert mask_name(elsewhere.applicant.name) not in text  # another community's board
    assert "向黄楼街道民政办提出" in text and "徐州市鼓楼区民政局" in text  # objections (D1.7)
    assert "公示期为7天" in text
    assert _exports("assistance.publicnotice", AREAS["community_a1"]) == 1


def test_public_notice_shows_covered_members_when_the_assessment_knows_them(users, standards):
    app = _in_notice(make_household(size=3), users)
    assessment = {"programmes": {"dibao": {"covered_members": ["p1", "p2"]}}}
    Application.objects.filter(pk=app.pk).update(assessment=assessment)
    response = _client(users["caseworker"]).get(f"/assistance/notices/{AREAS['community_a1']}.pdf")
    text = _text(response)
    assert "保障人数" in text and "3人2人" in text  # household of 3, two of them covered


def test_public_notice_is_for_communities_in_the_users_area_only(users, standards):
    township, caseworker = _client(users["township"]), _client(users["caseworker"])
    assert township.get(f"/assistance/notices/{AREAS['community_a2']}.pdf").status_code == 200
    assert caseworker.get(f"/assistance/notices/{AREAS['community_a2']}.pdf").status_code == 404
    assert township.get(f"/assistance/notices/{AREAS['township_a']}.pdf").status_code == 404
    other = _client(users["caseworker_b"])
    assert other.get(f"/assistance/notices/{AREAS['community_a1']}.pdf").status_code == 404


def test_the_case_list_links_each_community_with_cases_in_notice(users, standards):
    _in_notice(make_household(), users)
    page = _client(users["township"]).get("/assistance/notices/", HTTP_HX_REQUEST="true")
    assert f"/assistance/notices/{AREAS['community_a1']}.pdf" in page.content.decode()
    assert AREAS["community_a2"] not in page.content.decode()
    listing = _client(users["caseworker"]).get("/assistance/applications/").content.decode()
    assert 'hx-get="/assistance/notices/"' in listing  # a community user gets the links
    assert "/assistance/applications/export.xlsx?status=&amp;programme=" in listing
    county = _client(users["county"]).get("/assistance/applications/?programme=dibao")
    assert 'hx-get="/assistance/notices/"' not in county.content.decode()  # a link only
    assert "export.xlsx?status=&amp;programme=dibao" in county.content.decode()


def test_the_case_page_offers_the_documents_the_case_has(family, users):
    app = _submit(family, users, D(2026, 9, 28))
    client = _client(users["township"])
    page = client.get(f"/assistance/applications/{app.pk}/").content.decode()
    assert f"/assistance/applications/{app.pk}/receipt.pdf" in page and "打印一次性告知书" in page
    assert "decision.pdf" not in page
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 9, 28))
    decisions.application_refuse(
        actor=users["county"], application=app, reasons="收入超标", today=D(2026, 9, 30)
    )
    page = client.get(f"/assistance/applications/{app.pk}/").content.decode()
    assert "打印受理回执" in page and f"/assistance/applications/{app.pk}/decision.pdf" in page


def test_approval_notice_states_amount_start_month_members_review_and_duties(family, users):
    app = _approved(family, users)
    text = _text(_client(users["county"]).get(f"/assistance/applications/{app.pk}/decision.pdf"))
    assert "最低生活保障批准通知书" in text and "徐州市鼓楼区民政局" in text
    assert "560.00元/月" in text and "2人" in text
    assert "2026年4月起（批准次月）" in text  # D1.8: payment from the next month
    # The head is able to work: reviewed every six months (D1.16), as the calculator said.
    assert "每半年复核" in text and "B类" not in text and "第十三条" in text
    assert "60日内" in text and "行政复议" in text


def test_refusal_notice_carries_the_reasons_and_the_remedies(family, users):
    app = _refused(family, users)
    text = _text(_client(users["township"]).get(f"/assistance/applications/{app.pk}/decision.pdf"))
    assert "最低生活保障不予批准通知书" in text
    assert "家庭人均月收入1,020.00元，不低于本地城市低保标准" in text
    assert "自收到本通知书之日起60日内" in text
    assert "《中华人民共和国行政复议法》向徐州市鼓楼区人民政府申请行政复议" in text
    assert "6个月内" in text and "《中华人民共和国行政诉讼法》" in text and "行政诉讼" in text
    assert "2026年9月30日" in text


def test_decision_is_not_found_until_there_is_one(family, users):
    app = _in_notice(family, users)
    client = _client(users["county"])
    assert client.get(f"/assistance/applications/{app.pk}/decision.pdf").status_code == 404
    assert _exports("assistance.application", str(app.pk)) == 0


def test_fast_track_grant_notice_then_breach_decision(family, users):
    app = _granted(family, users)
    client = _client(users["county"])
    grant = _text(client.get(f"/assistance/applications/{app.pk}/decision.pdf"))
    assert "先行救助通知书" in grant and "3,000.00元" in grant
    assert "2026年3月18日" in grant  # verification deadline (D6.3)
    assert "残疾人证（张伟）" in grant  # documents still to follow (D6.2)
    assert "一般6个月、较重12个月、严重36个月" in grant  # credit terms from configuration
    fast_track.fast_breach(
        actor=users["county"],
        application=app,
        grade="serious",
        facts="隐瞒家庭成员经营收入。",
        stop_assistance=True,
        recovery_amount=Decimal("3000"),
        today=D(2026, 3, 10),
    )
    breach = _text(client.get(f"/assistance/applications/{app.pk}/decision.pdf"))
    assert "失信认定决定书" in breach and "隐瞒家庭成员经营收入" in breach
    assert "认定为较重失信" in breach and "停止救助" in breach
    assert "责令退回不当获取的救助金3,000.00元" in breach
    assert "2026年3月10日至2027年3月10日" in breach  # the credit record's term (D6.4)
    assert "行政复议" in breach and "行政诉讼" in breach


@pytest.mark.parametrize("document", ["receipt", "decision"])
def test_case_documents_are_not_found_for_another_countys_caseworker(family, users, document):
    app = _refused(family, users)
    response = _client(users["caseworker_b"]).get(
        f"/assistance/applications/{app.pk}/{document}.pdf"
    )
    assert response.status_code == 404
    assert _exports("assistance.application", str(app.pk)) == 0


def test_each_print_is_audited_as_an_export_of_the_case(family, users):
    app = _refused(family, users)
    client = _client(users["township"])
    client.get(f"/assistance/applications/{app.pk}/receipt.pdf")
    client.get(f"/assistance/applications/{app.pk}/decision.pdf")
    entries = AuditEntry.objects.filter(object_type="assistance.application", action="export")
    assert [e.summary for e in entries.order_by("seq")] == [
        f"打印社会救助申请受理回执 {app.number}",
        f"打印最低生活保障不予批准通知书 {app.number}",
    ]
    assert {(e.actor_username, e.area_code) for e in entries} == {
        ("li_township", AREAS["community_a1"])
    }
