"""Scope-matrix rows of the benefits pages (objects: matrix.py). The application form is
a page: any township receives an application whoever's it is (D4.5, 跨区通办), so its
post is not scoped by the applicant's place — tests/benefits/test_pages.py covers it."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import (
    BenefitReview,
    CareAssessment,
    CareServiceApplication,
    CertificateRenewal,
    LifeCheck,
    OldAgeProposal,
    SubsidyApplication,
    Suspension,
)
from minzheng.core.roles import Capability
from tests.benefits.matrix import BenefitsPlace
from tests.bureau_rules import CERTIFICATE_RECORDERS, PAYROLL
from tests.core.matrix_base import Endpoint, Target

V, E = Capability.VIEW_PERSONAL, Capability.EDIT_PERSONAL
X = Capability.EXPORT_PERSONAL


def _b(t: Target) -> BenefitsPlace:
    assert t.benefits is not None
    return t.benefits


def _roll(c, t):  # type: ignore[no-untyped-def]
    """The place's 70-year-old on the care-service subsidy from the roll: the import of
    whoever runs the county's payroll, refused outside the area (D0.3)."""
    carer = _b(t).carer
    header = "公民身份号码,姓名,补贴项目,月发放金额（元）,起始月份,开户银行,账号,户名"
    paid = "经济困难老年人服务补贴,100.00,2026-01,测试银行,6228480000007777"
    row = f"{carer.id_number},{carer.name},{paid},{carer.name}"
    data = f"{header}\n{row}\n".encode()
    return c.post("/benefits/recipients/import/", {"file": SimpleUploadedFile("roll.csv", data)})


def _xlsx_has_recipient(r, t) -> bool:  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(r.content)).active
    name = _b(t).enrolment.application.applicant.name
    return any(row[0] == name for row in sheet.iter_rows(values_only=True))


def _renew(c, t):  # type: ignore[no-untyped-def]
    """A renewed certificate of the place's applicant: issued a week ago, ten years."""
    today = timezone.localdate()
    data = {
        "generation": "third",
        "disability_type": "physical",
        "disability_grade": "2",
        "issued_on": f"{today - dt.timedelta(days=7):%Y-%m-%d}",
        "expires_on": f"{today.replace(year=today.year + 10):%Y-%m-%d}",
    }
    return c.post(f"/benefits/people/{_b(t).case.person_id}/certificate/", data)


def _shows(text: str):  # type: ignore[no-untyped-def]
    return lambda r, t: text.format(b=_b(t)) in r.content.decode()


ROUTES = [
    Endpoint(
        "benefits:home",
        "list",
        V,
        lambda c, t: c.get("/benefits/"),
        visible=lambda r, t: _b(t).case.number in r.content.decode(),
    ),
    Endpoint(
        "benefits:disability_new", "page", E, lambda c, t: c.get("/benefits/disability/new/")
    ),
    Endpoint(
        "benefits:disability_detail",
        "detail",
        V,
        lambda c, t: c.get(f"/benefits/disability/{_b(t).case.pk}/"),
    ),
    Endpoint(
        "benefits:disability_act",
        "write",
        V,
        lambda c, t: c.post(
            f"/benefits/disability/{_b(t).case.pk}/act/check/", {"check-note": ""}
        ),
        changed=lambda t: SubsidyApplication.objects.get(pk=_b(t).case.pk).status == "checked",
        roles=frozenset({"township_reviewer"}),
    ),
    Endpoint(
        "benefits:certificate_renew",
        "detail",
        E,
        lambda c, t: c.get(f"/benefits/people/{_b(t).case.person_id}/certificate/"),
        roles=CERTIFICATE_RECORDERS,
    ),
    Endpoint(
        "benefits:certificate_renew",
        "write",
        E,
        _renew,
        changed=lambda t: CertificateRenewal.objects.filter(person=_b(t).case.person).exists(),
        roles=CERTIFICATE_RECORDERS,
    ),
    Endpoint(
        "benefits:old_age",
        "list",
        V,
        lambda c, t: c.get("/benefits/old-age/"),
        visible=lambda r, t: _b(t).proposal.person.name in r.content.decode(),
    ),
    Endpoint(
        "benefits:old_age_propose",
        "write",
        E,
        lambda c, t: c.post(
            "/benefits/old-age/propose/", {"month": "2026-03-15", "area": t.area_code}
        ),
        changed=lambda t: OldAgeProposal.objects.filter(person=_b(t).candidate).exists(),
    ),
    Endpoint(
        "benefits:old_age_confirm",
        "write",
        E,
        lambda c, t: c.post(f"/benefits/old-age/{_b(t).proposal.pk}/confirm/"),
        changed=lambda t: OldAgeProposal.objects.get(pk=_b(t).proposal.pk).status == "confirmed",
    ),
    Endpoint(
        "benefits:old_age_dismiss",
        "write",
        E,
        lambda c, t: c.post(
            f"/benefits/old-age/{_b(t).proposal.pk}/dismiss/", {"dismiss-note": "外地已领取"}
        ),
        changed=lambda t: OldAgeProposal.objects.get(pk=_b(t).proposal.pk).status == "dismissed",
    ),
    Endpoint(
        "benefits:recipients",
        "list",
        V,
        lambda c, t: c.get("/benefits/recipients/"),
        visible=lambda r, t: _b(t).enrolment.application.applicant.name in r.content.decode(),
    ),
    Endpoint(
        "benefits:life_checks_sweep",
        "write",
        E,
        lambda c, t: c.post("/benefits/recipients/sweep/", {"area": t.area_code}),
        changed=lambda t: Suspension.objects.filter(enrolment=_b(t).enrolment).exists(),
    ),
    Endpoint(
        "benefits:life_check",
        "write",
        E,
        lambda c, t: c.post(
            f"/benefits/recipients/{_b(t).enrolment.pk}/life-check/",
            {"checked_on": "2026-03-10", "method": "矩阵认证"},
        ),
        changed=lambda t: LifeCheck.objects.filter(
            enrolment=_b(t).enrolment, method="矩阵认证"
        ).exists(),
    ),
    Endpoint(
        "benefits:stop",
        "write",
        E,
        lambda c, t: c.post(
            f"/benefits/recipients/{_b(t).enrolment.pk}/stop/",
            {"cause": "moved_out", "event_on": "2026-03-10", "note": ""},
        ),
        changed=lambda t: Enrolment.objects.get(pk=_b(t).enrolment.pk).status == "ended",
    ),
    Endpoint(
        "benefits:reviews",
        "list",
        V,
        lambda c, t: c.get("/benefits/reviews/"),
        visible=lambda r, t: _b(t).review.number in r.content.decode(),
    ),
    Endpoint(
        "benefits:reviews_sweep",
        "write",
        E,
        lambda c, t: c.post("/benefits/reviews/sweep/", {"area": t.area_code}),
        changed=lambda t: BenefitReview.objects.filter(person=_b(t).departed).exists(),
    ),
    Endpoint(
        "benefits:review_act",
        "write",
        V,
        lambda c, t: c.post(f"/benefits/reviews/{_b(t).review.pk}/act/confirm/", {}),
        changed=lambda t: BenefitReview.objects.get(pk=_b(t).review.pk).status == "confirmed",
        roles=frozenset({"county_approver"}),
    ),
    Endpoint(
        "benefits:care_service",
        "list",
        V,
        lambda c, t: c.get("/benefits/care-service/"),
        visible=lambda r, t: _b(t).care_case.number in r.content.decode(),
    ),
    Endpoint(
        "benefits:care_new",
        "write",
        E,
        lambda c, t: c.post(
            "/benefits/care-service/new/",
            {
                "id_number": _b(t).carer.id_number,
                "name": _b(t).carer.name,
                "applied_on": "2026-03-01",
                "assistance_status": "near_dibao",
            },
        ),
        changed=lambda t: CareServiceApplication.objects.filter(person=_b(t).carer).exists(),
    ),
    Endpoint(
        "benefits:assessment_new",
        "write",
        E,
        lambda c, t: c.post(
            "/benefits/care-service/assessments/new/",
            {
                "id_number": _b(t).carer.id_number,
                "name": _b(t).carer.name,
                "assessor": "矩阵评估",
                "assessor_org": "评估中心",
                "assessed_on": "2026-03-01",
                "items_unable": ["bathing"],
            },
        ),
        changed=lambda t: CareAssessment.objects.filter(person=_b(t).carer).exists(),
    ),
    Endpoint(
        "benefits:care_detail",
        "detail",
        V,
        lambda c, t: c.get(f"/benefits/care-service/{_b(t).care_case.pk}/"),
    ),
    Endpoint(
        "benefits:care_act",
        "write",
        V,
        lambda c, t: c.post(
            f"/benefits/care-service/{_b(t).care_case.pk}/act/check/", {"check-note": ""}
        ),
        changed=lambda t: (
            CareServiceApplication.objects.get(pk=_b(t).care_case.pk).status == "checked"
        ),
        roles=frozenset({"township_reviewer"}),
    ),
    Endpoint(
        "benefits:roll_import",
        "write",
        E,
        _roll,
        changed=lambda t: Enrolment.objects.filter(
            application__applicant=_b(t).carer, programme="elderly_care_service_subsidy"
        ).exists(),
        roles=PAYROLL["compute"],
    ),
    Endpoint(
        "benefits:roll_export",
        "list",
        X,
        lambda c, t: c.get("/benefits/recipients/export.xlsx"),
        visible=_xlsx_has_recipient,
    ),
    Endpoint(
        "GET /api/v1/benefits/cases",
        "list",
        V,
        lambda c, t: c.get("/api/v1/benefits/cases", {"page_size": 200}),
        visible=lambda r, t: any(i["id"] == _b(t).case.pk for i in r.json()["items"]),
    ),
    Endpoint(
        "GET /api/v1/benefits/cases/{pk}",
        "detail",
        V,
        lambda c, t: c.get(f"/api/v1/benefits/cases/{_b(t).case.pk}"),
    ),
    Endpoint(
        "POST /api/v1/benefits/cases/{pk}/decisions",
        "write",
        V,
        lambda c, t: c.post(
            f"/api/v1/benefits/cases/{_b(t).care_case.pk}/decisions",
            {"kind": "care_service", "action": "check", "note": ""},
            content_type="application/json",
        ),
        changed=lambda t: (
            CareServiceApplication.objects.get(pk=_b(t).care_case.pk).status == "checked"
        ),
        roles=frozenset({"township_reviewer"}),
    ),
    Endpoint(
        "GET /api/v1/benefits/recipients",
        "list",
        V,
        lambda c, t: c.get("/api/v1/benefits/recipients", {"page_size": 200}),
        visible=lambda r, t: any(i["id"] == _b(t).enrolment.pk for i in r.json()["items"]),
    ),
]
