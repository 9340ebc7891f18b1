"""Scope-matrix rows of the assistance pages and API."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from minzheng.assistance.models import Application, CaseMaterial, Enrolment, PublicNotice
from minzheng.core.masking import mask_name
from minzheng.core.models import Area, Household
from minzheng.core.roles import Capability
from tests.assistance.matrix_visits import VISIT_PHOTOS
from tests.bureau_rules import ASSISTANCE_REGULAR
from tests.core.matrix_base import (
    Endpoint,
    J,
    Target,
)


def _has_case(r: object, t: Target) -> bool:
    return t.application.number in r.content.decode()  # type: ignore[attr-defined]


WITHDRAWERS = ASSISTANCE_REGULAR["withdraw"]
ASSISTANCE = [
    Endpoint(
        "assistance:queue", "page", Capability.VIEW_PERSONAL, lambda c, t: c.get("/assistance/")
    ),
    Endpoint(
        "assistance:list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/assistance/applications/"),
        _has_case,
    ),
    Endpoint(
        "assistance:detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/assistance/applications/{t.application.pk}/"),
    ),
    Endpoint(
        "assistance:new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/assistance/households/{t.household_id}/apply/",
            {
                "programme": "temporary",
                "track": "regular",
                "channel": "in_person",
                "applied_on": "2026-03-02",
                "applicant": t.person.pk,
            },
        ),
        changed=lambda t: Application.objects.filter(
            programme="temporary", area_id=t.area_code
        ).exists(),
    ),
    Endpoint(
        "assistance:act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/assistance/applications/{t.application.pk}/act/withdraw/",
            {"withdraw-note": "申请人撤回"},
        ),
        changed=lambda t: Application.objects.get(pk=t.application.pk).status == "withdrawn",
        roles=WITHDRAWERS,
    ),
    Endpoint(
        "assistance:calculator",
        "page",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/assistance/calculator/"),
    ),
    Endpoint(
        "assistance:figures",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/assistance/figures/"),
    ),
    Endpoint(
        "GET /api/v1/assistance/applications",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/assistance/applications", {"page_size": 200}),
        lambda r, t: any(a["id"] == t.application.pk for a in r.json()["items"]),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "GET /api/v1/assistance/applications/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/assistance/applications/{t.application.pk}"),
    ),
    Endpoint(
        "POST /api/v1/assistance/applications",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/api/v1/assistance/applications",
            {
                "household_id": t.household_id,
                "applicant_id": t.person.pk,
                "programme": "temporary",
                "channel": "online",
            },
            content_type=J,
        ),
        changed=lambda t: Application.objects.filter(
            programme="temporary", area_id=t.area_code
        ).exists(),
    ),
    Endpoint(
        "POST /api/v1/assistance/applications/{pk}/actions/{name}",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/assistance/applications/{t.application.pk}/actions/withdraw",
            {"note": "撤回"},
            content_type=J,
        ),
        changed=lambda t: Application.objects.get(pk=t.application.pk).status == "withdrawn",
        roles=WITHDRAWERS,
    ),
]
ROUTES = [*ASSISTANCE]


def _case_set(t: Target, **fields: object) -> None:
    """Put the target case in a later state directly: the matrix tests scope, not the
    workflow (test_documents drives real cases through the services)."""
    Application.objects.filter(pk=t.application.pk).update(**fields)


def _get_decided(c: Client, t: Target) -> object:
    _case_set(t, status="refused", refusal_reasons="收入超标", decided_on=dt.date(2026, 3, 9))
    return c.get(f"/assistance/applications/{t.application.pk}/decision.pdf")


def _get_in_notice(c: Client, t: Target) -> object:
    _case_set(t, status="in_notice", proposed_amount=500)
    PublicNotice.objects.create(
        application=t.application,
        posted_on=dt.date(2026, 3, 5),
        ends_on=dt.date(2026, 3, 11),
        place="公开栏",
        proposed_result="拟给予",
    )
    return c.get("/assistance/notices/")


def _get_enrolments(c: Client, t: Target) -> object:
    Enrolment.objects.create(
        household_id=t.household_id,
        programme="dibao",
        application=t.application,
        starts_on=dt.date(2026, 4, 1),
        monthly_amount=500,
        covered_members=2,
        next_review_on=dt.date(2027, 4, 1),
    )
    return c.get("/assistance/enrolments/export.xlsx")


def _xlsx_has_case(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return any(t.application.number in row for row in sheet.iter_rows(values_only=True))


ASSISTANCE_DOCUMENTS = [
    Endpoint(
        "assistance:receipt_pdf",
        "detail",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(f"/assistance/applications/{t.application.pk}/receipt.pdf"),
    ),
    Endpoint("assistance:decision_pdf", "detail", Capability.EXPORT_PERSONAL, _get_decided),
    Endpoint(
        "assistance:notice_pdf",
        "detail",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(f"/assistance/notices/{t.area_code}.pdf"),
    ),
    Endpoint(
        "assistance:notice_index",
        "list",
        Capability.VIEW_PERSONAL,
        _get_in_notice,
        lambda r, t: f"/assistance/notices/{t.area_code}.pdf" in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "assistance:export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get("/assistance/applications/export.xlsx", {"programme": "dibao"}),
        _xlsx_has_case,
    ),
    Endpoint(
        "assistance:enrolment_export",
        "list",
        Capability.EXPORT_PERSONAL,
        _get_enrolments,
        _xlsx_has_case,
    ),
]
ROUTES += ASSISTANCE_DOCUMENTS


def _enrol(t: Target) -> Enrolment:
    return Enrolment.objects.create(
        household_id=t.household_id,
        programme="dibao",
        application=t.application,
        starts_on=dt.date(2026, 4, 1),
        monthly_amount=500,
        covered_members=2,
        next_review_on=dt.date(2027, 4, 1),
    )


def _review(c: Client, t: Target) -> object:
    enrolment = _enrol(t)
    members = enrolment.household.current_members().order_by("id")
    data = {
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": "0",
        "h-area": enrolment.household.area_id[:6],
        "h-area_class": "urban",
        "h-decision_date": timezone.localdate().isoformat(),
        "h-dwellings": "1",
        "h-private_vehicles": "0",
        "m-0-income_wages": "1000",
    }
    for i, m in enumerate(members):
        data.update(
            {
                f"m-{i}-person": str(m.person_id),
                f"m-{i}-relation": m.relation,
                f"m-{i}-school_stage": "none",
                f"m-{i}-employment": "none",
            }
        )
    return c.post(f"/assistance/enrolments/{enrolment.pk}/", data)


ENROLMENTS = [
    Endpoint(
        "assistance:enrolments",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_enrol(t), c.get("/assistance/enrolments/"))[1],
        lambda r, t: t.application.household.number in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "assistance:enrolment",
        "write",
        Capability.EDIT_PERSONAL,
        _review,
        changed=lambda t: Enrolment.objects.filter(
            application=t.application, changes__isnull=False
        ).exists(),
    ),
]
ROUTES += ENROLMENTS


# The case page's materials and the leader's money pages (issue 17).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SCANS = Path(tempfile.mkdtemp(prefix="minzheng-matrix-scans-"))


def _material(t: Target, **fields: object) -> CaseMaterial:
    return CaseMaterial.objects.create(
        application=t.application, title="租房合同", listed_on=dt.date(2026, 3, 2), **fields
    )


def _receive(c: Client, t: Target) -> object:
    item = _material(t)
    return c.post(f"/assistance/applications/{t.application.pk}/materials/{item.pk}/receive/")


def _attach(c: Client, t: Target) -> object:
    item = _material(t)
    with override_settings(VAR_DIR=SCANS):
        return c.post(
            f"/assistance/applications/{t.application.pk}/materials/{item.pk}/attach/",
            {"file": SimpleUploadedFile("scan.png", PNG)},
        )


def _file(c: Client, t: Target) -> object:
    (SCANS / "materials").mkdir(parents=True, exist_ok=True)
    (SCANS / "materials" / "matrix.png").write_bytes(PNG)
    item = _material(t, stored_as="matrix.png", content_type="image/png", size=len(PNG))
    with override_settings(VAR_DIR=SCANS):
        return c.get(f"/assistance/applications/{t.application.pk}/materials/{item.pk}/file")


def _money(c: Client, t: Target) -> object:
    _enrol(t)
    return c.get("/assistance/money/", {"month": "2026-05"})


def _roster(c: Client, t: Target) -> object:
    _enrol(t)
    return c.get("/assistance/beneficiaries/")


# The target's own enrolment (_enrol: dibao, 500.00 a month): other places' people carry
# other programmes and amounts, and masked names alike ("测**6") are common, so a row is
# the target's only with the head's masked name, the programme and the amount together.
DIBAO = "最低生活保障"


def _head_masked(r: object, t: Target) -> bool:
    head = Household.objects.get(pk=t.household_id).head
    assert head is not None
    row = f"<td>{mask_name(head.name)}</td><td>{DIBAO}</td>"
    return any(
        row in line and ">500.00<" in line
        for line in r.content.decode().split("<tr>")  # type: ignore[attr-defined]
    )


def _county_dibao(r: object, t: Target) -> bool:
    """The money page's row of the target's county: dibao, 1 household, 500.00."""
    county = Area.objects.get(code=t.area_code[:6]).name
    row = f"<td>{county}</td><td>{DIBAO}</td>"
    return any(
        row in line and ">500.00<" in line
        for line in r.content.decode().split("<tr>")  # type: ignore[attr-defined]
    )


CASE_PAGE = [
    Endpoint(
        "assistance:material_receive",
        "write",
        Capability.EDIT_PERSONAL,
        _receive,
        changed=lambda t: CaseMaterial.objects.filter(
            application=t.application, received_on__isnull=False
        ).exists(),
    ),
    Endpoint(
        "assistance:material_attach",
        "write",
        Capability.EDIT_PERSONAL,
        _attach,
        changed=lambda t: (
            CaseMaterial.objects.filter(application=t.application).exclude(stored_as="").exists()
        ),
    ),
    Endpoint("assistance:material_file", "detail", Capability.VIEW_PERSONAL, _file),
    Endpoint(
        "assistance:money",
        "list",
        Capability.VIEW_DASHBOARD,
        _money,
        _county_dibao,
    ),
    Endpoint("assistance:roster", "list", Capability.VIEW_DASHBOARD, _roster, _head_masked),
]
ROUTES += CASE_PAGE


def _simulation(c: Client, t: Target) -> object:
    """A finished simulation of the target's county (made inside the case's savepoint)."""
    from minzheng.assistance.models import PolicySimulation
    from minzheng.core.models import User

    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    run = PolicySimulation.objects.create(
        area_id=t.area_code[:6],
        requested_by=clerk,
        month=dt.date(2027, 1, 1),
        scenarios=[{"name": "A", "key": "dibao.standard.urban", "value": "900"}],
        state="done",
    )
    return c.get(f"/assistance/simulations/{run.pk}/")


# Policy simulation (issue 15 item 4): the county bureau and the city office; a run is
# its area's (the requester's county or the city), seen by those who reach all of it.
ROUTES += [
    Endpoint(
        "assistance:simulations",
        "page",
        Capability.SIMULATE_POLICY,
        lambda c, t: c.get("/assistance/simulations/"),
    ),
    Endpoint(
        "assistance:simulation", "detail", Capability.SIMULATE_POLICY, _simulation, scope="county"
    ),
]
ROUTES += VISIT_PHOTOS  # tests/assistance/matrix_visits.py (issue 15 item 5)
