"""The benefits pages in Chinese, with their form error paths (each error on its field)
and the intake anywhere (D4.5): a township of another county registers the applicant
by ID number and name together, and a miss says only that."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minzheng.benefits.models import BenefitReview, SubsidyApplication
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(person, **changes) -> dict[str, object]:
    data = {
        "id_number": person.id_number,
        "name": person.name,
        "living": "on",
        "care": "on",
        "disability_type": "physical",
        "disability_grade": "2",
        "certificate_generation": "third",
        "certificate_issued_on": "2024-01-10",
        "certificate_expires_on": "2029-01-09",
        "care_need_months": "12",
        "assistance_status": "near_dibao",
        "own_fixed_income": "300",
        "others_income": "0",
        "applied_on": "2026-03-05",
    }
    data.update(changes)
    return data


def _errors(response) -> dict[str, str]:
    html = response.content.decode()
    return {
        name: html
        for name in ("id_number", "certificate_expires_on", "living", "care_need_months")
        if f'data-field="{name}"' in html
    }


def test_another_countys_township_registers_the_application_for_forwarding(family, users) -> None:
    response = _client(users["caseworker_b"]).post("/benefits/disability/new/", _form(family.head))
    assert response.status_code == 302
    app = SubsidyApplication.objects.get(person=family.head)
    assert app.intake_area_id == "320303001001" and app.status == "received"
    assert AuditEntry.objects.filter(object_id=str(app.pk), summary__contains="异地受理").exists()


def test_form_errors_are_named_and_in_chinese(family, users) -> None:
    client = _client(users["caseworker"])
    wrong_name = client.post("/benefits/disability/new/", _form(family.head, name="别人"))
    assert wrong_name.status_code == 422
    assert "未找到身份证号码与姓名一致的登记人员" in wrong_name.content.decode()
    bad = client.post(
        "/benefits/disability/new/",
        _form(
            family.head,
            id_number="110105194912310021",
            certificate_expires_on="",
            living="",
            care="",
            care_need_months="-1",
        ),
    )
    assert bad.status_code == 422
    assert set(_errors(bad)) == {
        "id_number",
        "certificate_expires_on",
        "living",
        "care_need_months",
    }
    assert "第三代残疾人证须填写有效期" in bad.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_a_case_page_shows_the_assessment_and_refuses_a_missing_reason(family, users) -> None:
    client = _client(users["caseworker"])
    client.post("/benefits/disability/new/", _form(family.head))
    app = SubsidyApplication.objects.get()
    township = _client(users["township"])
    assert (
        township.post(
            f"/benefits/disability/{app.pk}/act/accept/", {"accept-note": ""}
        ).status_code
        == 302
    )
    page = township.get(f"/benefits/disability/{app.pk}/").content.decode()
    assert "政策测算" in page and "234.00元/月" in page and "130.00元/月" in page
    refused = township.post(f"/benefits/disability/{app.pk}/act/refuse/", {"refuse-note": ""})
    assert refused.status_code == 422
    assert "须填写意见或理由" in refused.content.decode()
    other = _client(users["county_b"]).get(f"/benefits/disability/{app.pk}/")
    assert other.status_code == 404


def test_the_batch_refuses_an_area_outside_the_users(family, users) -> None:
    response = _client(users["caseworker"]).post(
        "/benefits/old-age/propose/", {"month": "2026-03-01", "area": "320303"}
    )
    assert response.status_code == 422
    assert "该区划不在您的管辖区域内" in response.content.decode()


def test_the_review_page_by_role(family, users, reviewer) -> None:
    """The sweep from the page proposes (certificate expired before today: by hand,
    D4.2); the township sees the reasons, only the county confirms (BENEFITS_REVIEW)."""
    from tests.benefits.helpers import act, receive, to_reviewed

    app = to_reviewed(
        receive(users["caseworker"], family, certificate_expires_on=D(2026, 3, 31)),
        users,
        reviewer,
    )
    act(app, "decide", users["county"])
    township = _client(users["township"])
    assert township.post("/benefits/reviews/sweep/", {"area": ""}).status_code == 302
    page = township.get("/benefits/reviews/").content.decode()
    assert "残疾人证过期" in page and "停发" in page
    review = BenefitReview.objects.filter(status="proposed").first()
    assert review is not None
    refused = township.post(f"/benefits/reviews/{review.pk}/act/confirm/", {})
    assert refused.status_code == 403
    done = _client(users["county"]).post(f"/benefits/reviews/{review.pk}/act/confirm/", {})
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == "confirmed"
    outside = _client(users["county_b"]).post(f"/benefits/reviews/{review.pk}/act/dismiss/", {})
    assert outside.status_code == 404


def test_the_care_service_case_page_shows_the_engines_answer(benefit_settings, users) -> None:
    from minzheng.benefits.services.care_service import assessment_record, care_receive
    from tests.benefits.test_old_age import elder

    person = elder(D(1950, 6, 1))
    assessment_record(
        actor=users["caseworker"],
        person=person,
        assessor="王评估",
        assessor_org="评估中心",
        assessed_on=D(2026, 3, 10),
        items_unable=["bathing", "dressing", "eating", "toileting"],
        today=D(2026, 3, 20),
    )
    case = care_receive(
        actor=users["caseworker"],
        person=person,
        applied_on=D(2026, 3, 2),
        assistance_status="near_dibao",
        today=D(2026, 3, 20),
    )
    page = _client(users["township"]).get(f"/benefits/care-service/{case.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "全护理" in text and "200.00元/月" in text
    assert 'id="action-check"' in text
    assert 'id="action-decide"' not in text  # the township checks, the county decides
