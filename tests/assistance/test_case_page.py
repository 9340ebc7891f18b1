"""The case page carries the case (issue 17 items 3–7, 10, 13): duplicate applications
refused, the materials checklist, notes kept, the means-test report and the calculator's
proposal shown, the reviewer and the approver prefilled, actions in working order."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.assistance.models import Application, CaseMaterial
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions
from minzheng.core.models import AuditEntry
from minzheng.core.workflow.engine import history, transition
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2026, 3, 2)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submit(household, users, **kw):
    return apps.application_submit(
        actor=users["caseworker"],
        household=household,
        applicant=household.head,
        programme=kw.pop("programme", "dibao"),
        channel="in_person",
        applied_on=DAY,
        **kw,
    )


def _investigated(household, users) -> Application:
    app = _submit(household, users)
    apps.application_accept(
        actor=users["township"], application=app, note="材料齐全，予以受理", today=DAY
    )
    apps.means_test_record(
        actor=users["caseworker"],
        application=app,
        reference="HD-2026-031",
        received_on=DAY,
        monthly_income=Decimal("800"),
    )
    apps.home_visit_record(
        actor=users["caseworker"],
        application=app,
        visited_on=DAY,
        investigators=[users["caseworker"], users["township"]],
        findings="属实",
    )
    transition(app, "complete_investigation", users["caseworker"], today=DAY)
    return app


def test_a_second_application_for_the_same_programme_is_refused(family, users):
    first = _submit(family, users)
    with pytest.raises(ValidationError) as caught:
        _submit(family, users)
    assert f"已有在办的最低生活保障申请（案件编号 {first.number}）" in str(caught.value)
    assert _submit(family, users, programme="temporary").programme == "temporary"
    response = _client(users["caseworker"]).post(
        f"/assistance/households/{family.pk}/apply/",
        {
            "programme": "dibao",
            "track": "regular",
            "channel": "in_person",
            "applied_on": "2026-03-02",
            "applicant": family.head.pk,
        },
    )
    assert response.status_code == 422 and "不能重复申请" in response.content.decode()
    api = _client(users["caseworker"]).post(
        "/api/v1/assistance/applications",
        json.dumps(
            {
                "household_id": family.pk,
                "applicant_id": family.head.pk,
                "programme": "dibao",
                "channel": "in_person",
            }
        ),
        content_type="application/json",
    )
    answer = json.dumps(api.json(), ensure_ascii=False)
    assert api.status_code == 422 and "programme" in answer and "不能重复申请" in answer


def test_an_enrolled_household_is_told_it_is_already_covered(family, users):
    app = _investigated(family, users)
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=Decimal("760.00"),
        today=D(2026, 3, 3),
    )
    apps.notice_post(
        actor=users["caseworker"], application=app, place="公开栏", today=D(2026, 3, 4)
    )
    transition(app, "submit_for_decision", users["township"], today=D(2026, 3, 12))
    decisions.application_approve(
        actor=users["county"],
        application=app,
        amount=Decimal("760.00"),
        covered_members=2,
        today=D(2026, 3, 13),
    )
    with pytest.raises(ValidationError) as caught:
        _submit(family, users)
    assert "已纳入最低生活保障（2026年04月起，760.00元/月）" in str(caught.value)
    page = _client(users["caseworker"]).get(f"/households/{family.pk}/").content.decode()
    assert 'id="household-assistance"' in page and "760.00" in page
    assert app.number in page and "已批准" in page


def test_materials_are_appended_never_replaced_and_can_be_received_and_attached(
    family, users, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    app = _submit(family, users)
    titles = list(app.materials.values_list("title", flat=True))
    assert any(t.startswith("救助申请书") for t in titles)
    assert any(t.startswith("家庭经济状况核对授权书") for t in titles)
    apps.application_request_materials(
        actor=users["township"], application=app, added=["租房合同"], today=DAY
    )
    app.refresh_from_db()
    assert (
        app.missing_documents[-1] == "租房合同" and len(app.missing_documents) == len(titles) + 1
    )
    assert any(line.startswith("救助申请书") for line in app.missing_documents)
    form = app.materials.get(title__startswith="救助申请书")
    client = _client(users["caseworker"])
    client.post(f"/assistance/applications/{app.pk}/materials/{form.pk}/receive/")
    form.refresh_from_db()
    assert form.received_on is not None
    bad = client.post(
        f"/assistance/applications/{app.pk}/materials/{form.pk}/attach/",
        {"file": _upload("scan.exe", b"MZ" + b"\x00" * 64)},
    )
    assert bad.status_code == 422 and "只能上传PDF、JPEG或PNG" in bad.content.decode()
    client.post(
        f"/assistance/applications/{app.pk}/materials/{form.pk}/attach/",
        {"file": _upload("scan.png", PNG)},
    )
    form.refresh_from_db()
    assert (form.content_type, form.size) == ("image/png", 72)
    url = f"/assistance/applications/{app.pk}/materials/{form.pk}/file"
    served = client.get(url)
    assert served.content == PNG and served["Cache-Control"] == "no-store"
    assert _client(users["caseworker_b"]).get(url).status_code == 404
    reads = AuditEntry.objects.filter(action="read", object_type="assistance.casematerial")
    assert reads.count() == 1


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_an_oversized_scan_is_refused(family, users, tmp_path, settings):
    settings.VAR_DIR, settings.MINZHENG_MATERIAL_MAX_BYTES = tmp_path, 1024 * 1024
    app = _submit(family, users)
    item = CaseMaterial.objects.filter(application=app).first()
    big = b"%PDF-" + b"0" * (1024 * 1024)
    response = _client(users["caseworker"]).post(
        f"/assistance/applications/{app.pk}/materials/{item.pk}/attach/",
        {"file": _upload("big.pdf", big)},
    )
    assert response.status_code == 422 and "文件" in response.content.decode()
    item.refresh_from_db()
    assert not item.attached


def test_the_case_page_shows_the_report_the_proposal_and_every_note(family, users):
    app = _investigated(family, users)
    assert history(app)[0].note == "材料齐全，予以受理"  # item 4: the note is kept
    page = _client(users["township"]).get(f"/assistance/applications/{app.pk}/").content.decode()
    assert "HD-2026-031" in page and "800.00 元/月" in page  # item 5
    # Standard 780 (urban example); (780 − 800 / 2) × 2 members = 760.00 (item 7).
    assert "780.00 元/月" in page and "760.00 元/月，保障 2 人" in page
    assert 'name="review-proposed_amount" value="760.00"' in page
    assert "材料齐全，予以受理" in page and "由乡镇（街道）审核人办理" in page


def test_a_different_amount_needs_a_reason_and_the_county_starts_from_the_proposal(family, users):
    app = _investigated(family, users)
    client = _client(users["township"])
    refused = client.post(
        f"/assistance/applications/{app.pk}/act/review/",
        {
            "review-opinion": "同意",
            "review-proposed_amount": "700",
            "review-proposed_members": "2",
        },
    )
    assert refused.status_code == 422
    assert "拟保障金额与测算金额（760.00元/月）不同，请说明理由" in refused.content.decode()
    client.post(
        f"/assistance/applications/{app.pk}/act/review/",
        {
            "review-opinion": "同意",
            "review-proposed_amount": "700",
            "review-proposed_members": "2",
            "review-amount_reason": "子女有赡养费未计入",
        },
    )
    app.refresh_from_db()
    assert (app.status, app.proposed_amount, app.proposed_members) == ("reviewed", 700, 2)
    assert "理由：子女有赡养费未计入" in history(app)[-1].note
    apps.notice_post(actor=users["caseworker"], application=app, place="公开栏", today=DAY)
    transition(app, "submit_for_decision", users["township"], today=D(2026, 3, 12))
    page = _client(users["county"]).get(f"/assistance/applications/{app.pk}/").content.decode()
    assert 'name="approve-amount" value="700.00"' in page
    assert 'name="approve-covered_members" value="2"' in page


def test_investigation_actions_come_in_working_order(family, users):
    app = _submit(family, users)
    apps.application_accept(actor=users["township"], application=app, today=DAY)
    page = _client(users["caseworker"]).get(f"/assistance/applications/{app.pk}/").content.decode()
    order = [page.index(f'id="action-{n}"') for n in ("means_test", "home_visit")]
    order.append(page.index('id="action-complete_investigation"'))
    assert order == sorted(order)


def test_the_fast_track_needs_the_urgency_and_shows_the_cap_and_asks_no_pledge_again(
    family, users
):
    with pytest.raises(ValidationError, match="须写明急难情形"):
        _submit(family, users, programme="temporary", track="fast", pledge_signed=True)
    app = _submit(
        family,
        users,
        programme="temporary",
        track="fast",
        pledge_signed=True,
        urgency_reason="突发火灾，住房受损",
    )
    assert not any("信用承诺书" in line for line in app.missing_documents)
    page = _client(users["township"]).get(f"/assistance/applications/{app.pk}/").content.decode()
    assert "先行发放金额（元，不超过3,000.00元）" in page and "突发火灾，住房受损" in page


def test_a_household_elsewhere_cannot_be_applied_for(users, standards):
    other = make_household(AREAS["community_b1"], size=1)
    response = _client(users["caseworker"]).get(f"/assistance/households/{other.pk}/apply/")
    assert response.status_code == 404
