"""The area-scope matrix (D0.3): every role x every list/detail/write endpoint x an
object in the user's area, in a neighbouring county, and in another city.

A user sees and changes exactly what lies in their area and beneath it, and only
what their role allows; `test_every_route_is_in_the_matrix` fails when a new page
or endpoint is added without a row here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from minzheng.api import api
from minzheng.assistance.models import Application, Enrolment, PublicNotice
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, HouseholdMembership, Person, User
from minzheng.core.roles import Capability, Role
from minzheng.core.spreadsheets.template import template_workbook
from minzheng.screening.models import Campaign, FollowUp, KeyHousehold, Visit
from minzheng.screening.workflows import ORGANISERS
from minzheng.warning.models import Lead, LeadVisit
from minzheng.warning.settings_specs import seed_example_settings
from tests.factories import AREAS, PersonFactory, make_household, make_user, new_id_number
from tests.screening.matrix import ScreeningPlace, screening_place

pytestmark = pytest.mark.django_db

PLACES = {
    "own": AREAS["community_a1"],
    "neighbour": AREAS["community_b1"],  # 云龙区: outside every 鼓楼区 user
    "foreign": "320102001001",  # 南京市: outside every 徐州 user
}
ROLE_AREAS = {
    Role.CASEWORKER: AREAS["community_a1"],
    Role.TOWNSHIP_REVIEWER: AREAS["township_a"],
    Role.COUNTY_APPROVER: AREAS["county_a"],
    Role.CITY_ADMIN: AREAS["city"],
    Role.AUDITOR: AREAS["city"],
    Role.LEADER: AREAS["city"],
}


@dataclass
class Target:
    area_code: str
    person: Person
    household_id: int
    membership_id: int
    loose: Person  # a person in no household, for joins and new households
    marker: str  # a unique audit summary in the target's area
    application: Application  # an assistance case of the household
    lead: Lead | None = None  # a warning lead about the head (set by _target)
    screening: ScreeningPlace | None = None  # a campaign listing the household (set by _target)


def _foreign_tree() -> None:
    for code, name, level, parent in [
        ("320100", "南京市", "city", "320000"),
        ("320102", "玄武区", "county", "320100"),
        ("320102001", "梅园新村街道", "township", "320102"),
        ("320102001001", "测试社区", "community", "320102001"),
    ]:
        Area.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )


def _target(place: str) -> Target:
    seed_example_standards()
    seed_example_settings()
    code = PLACES[place]
    household = make_household(code, size=2)
    child = household.memberships.exclude(person=household.head).get()
    loose = PersonFactory(area_id=code, name=f"散户{place}")
    marker = f"标记-{place}"
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="core.person",
        object_id=str(household.head_id),
        area_code=code,
        summary=marker,
    )
    assert household.head is not None
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    application = Application.objects.create(
        number=f"SA-{place}",
        programme="dibao",
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=dt.date(2026, 3, 2),
        area_id=code,
        created_by=clerk,
    )
    target = Target(code, household.head, household.pk, child.pk, loose, marker, application)
    target.lead = Lead.objects.create(
        status="open",
        area_id=code,
        rule_id="W001",
        rule_title="测试",
        severity="high",
        period="2026-08",
        run_id="r",
        id_number=household.head.id_number,
        person=household.head,
        household=household,
        evidence=f"线索-{place}",
    )
    target.screening = screening_place(code, household)
    return target


@dataclass(frozen=True)
class Endpoint:
    route: str  # URL name (web) or "METHOD path" (API), for the coverage check
    kind: str  # list / detail / write / page
    capability: Capability | None
    call: Callable[[Client, Target], object]
    visible: Callable[[object, Target], bool] | None = None  # list: is the target shown?
    changed: Callable[[Target], bool] | None = None  # write: did it take effect?
    roles: frozenset[str] | None = None  # a workflow action: only these roles may


def _json_has(key: str) -> Callable[[object, Target], bool]:
    return lambda r, t: any(i.get(key) == t.person.pk for i in r.json()["items"])  # type: ignore[attr-defined]


def _xlsx_has(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return any(row[0] == t.person.name for row in sheet.iter_rows(values_only=True))


J = "application/json"
ENDPOINTS = [
    Endpoint("core:home", "page", None, lambda c, t: c.get("/")),
    Endpoint(
        "core:calendar", "page", Capability.MANAGE_CALENDAR, lambda c, t: c.get("/calendar/")
    ),
    Endpoint(
        "core:dashboard", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get("/dashboard/")
    ),
    Endpoint(
        "core:person_search",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/persons/", {"q": t.person.name}),
        lambda r, t: f"/persons/{t.person.pk}/" in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "core:person_export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get("/persons/export.xlsx", {"q": t.person.name}),
        _xlsx_has,
    ),
    Endpoint(
        "core:person_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/persons/{t.person.pk}/"),
    ),
    Endpoint(
        "core:person_id_number",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/persons/{t.person.pk}/id-number/"),
    ),
    Endpoint(
        "core:household_search",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/households/", {"q": t.person.name}),
        lambda r, t: f"/households/{t.household_id}/" in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "core:household_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/households/{t.household_id}/"),
    ),
    Endpoint(
        "core:audit_list",
        "list",
        Capability.VIEW_AUDIT,
        lambda c, t: c.get("/audit/"),
        lambda r, t: t.marker in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint("GET /api/v1/core/me", "page", None, lambda c, t: c.get("/api/v1/core/me")),
    Endpoint(
        "GET /api/v1/core/calendar/deadline",
        "page",
        None,
        lambda c, t: c.get(
            "/api/v1/core/calendar/deadline", {"start": "2026-02-12", "working_days": 10}
        ),
    ),
    Endpoint(
        "GET /api/v1/core/areas",
        "detail",
        None,
        lambda c, t: c.get("/api/v1/core/areas", {"parent": t.area_code}),
    ),
    Endpoint(
        "GET /api/v1/core/persons",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/core/persons", {"q": t.person.name}),
        _json_has("id"),
    ),
    Endpoint(
        "GET /api/v1/core/persons/{person_id}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/core/persons/{t.person.pk}"),
    ),
    Endpoint(
        "GET /api/v1/core/households",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/core/households", {"q": t.person.name}),
        lambda r, t: any(i["id"] == t.household_id for i in r.json()["items"]),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "GET /api/v1/core/households/{household_id}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/core/households/{t.household_id}"),
    ),
    Endpoint(
        "GET /api/v1/core/audit",
        "list",
        Capability.VIEW_AUDIT,
        lambda c, t: c.get("/api/v1/core/audit", {"limit": 1000}),
        lambda r, t: any(e["summary"] == t.marker for e in r.json()),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "POST /api/v1/core/persons",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/api/v1/core/persons",
            {
                "id_number": new_id_number(dt.date(1990, 1, 1)),
                "name": "新登记",
                "area_code": t.area_code,
            },
            content_type=J,
        ),
        changed=lambda t: Person.objects.filter(name="新登记", area_id=t.area_code).exists(),
    ),
    Endpoint(
        "PATCH /api/v1/core/persons/{person_id}",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.patch(
            f"/api/v1/core/persons/{t.person.pk}", {"phone": "13800000000"}, content_type=J
        ),
        changed=lambda t: Person.objects.get(pk=t.person.pk).phone == "13800000000",
    ),
    Endpoint(
        "POST /api/v1/core/persons/{person_id}/death",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/core/persons/{t.person.pk}/death",
            {"death_date": "2026-11-01"},
            content_type=J,
        ),
        changed=lambda t: Person.objects.get(pk=t.person.pk).life_status == "deceased",
    ),
    Endpoint(
        "POST /api/v1/core/households",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/api/v1/core/households",
            {
                "number": "NEW-1",
                "area_code": t.area_code,
                "address": "新村1号",
                "head_person_id": t.loose.pk,
                "since": "2026-11-01",
            },
            content_type=J,
        ),
        changed=lambda t: t.loose.memberships.exists(),
    ),
    Endpoint(
        "POST /api/v1/core/households/{household_id}/members",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/core/households/{t.household_id}/members",
            {"person_id": t.loose.pk, "relation": "other", "since": "2026-11-01"},
            content_type=J,
        ),
        changed=lambda t: t.loose.memberships.exists(),
    ),
    Endpoint(
        "POST /api/v1/core/households/{household_id}/members/{membership_id}/leave",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/core/households/{t.household_id}/members/{t.membership_id}/leave",
            {"until": "2026-11-01", "reason": "外出务工"},
            content_type=J,
        ),
        changed=lambda t: (
            Person.objects.get(memberships__pk=t.membership_id)
            .memberships.filter(valid_to__isnull=True)
            .count()
            == 0
        ),
    ),
]


def _form_post(url: Callable[[Target], str], data: Callable[[Target], dict]) -> Callable:
    return lambda c, t: c.post(url(t), data(t))


WEB_FORMS = [
    Endpoint(
        "core:person_new",
        "write",
        Capability.EDIT_PERSONAL,
        _form_post(
            lambda t: "/persons/new/",
            lambda t: {
                "id_number": new_id_number(dt.date(1991, 1, 1)),
                "name": "表单登记",
                "area_code": t.area_code,
            },
        ),
        changed=lambda t: Person.objects.filter(name="表单登记", area_id=t.area_code).exists(),
    ),
    Endpoint(
        "core:household_new",
        "write",
        Capability.EDIT_PERSONAL,
        _form_post(
            lambda t: "/households/new/",
            lambda t: {
                "number": "FORM-1",
                "address": "新村2号",
                "head_id_number": t.loose.id_number,
                "since": "2026-11-01",
                "area_code": t.area_code,
            },
        ),
        changed=lambda t: t.loose.memberships.exists(),
    ),
    Endpoint(
        "core:member_add",
        "write",
        Capability.EDIT_PERSONAL,
        _form_post(
            lambda t: f"/households/{t.household_id}/members/",
            lambda t: {"id_number": t.loose.id_number, "relation": "other", "since": "2026-11-01"},
        ),
        changed=lambda t: t.loose.memberships.exists(),
    ),
    Endpoint(
        "core:member_leave",
        "write",
        Capability.EDIT_PERSONAL,
        _form_post(
            lambda t: f"/households/{t.household_id}/members/{t.membership_id}/leave/",
            lambda t: {"until": "2026-11-01", "reason": "外出务工"},
        ),
        changed=lambda t: HouseholdMembership.objects.get(pk=t.membership_id).valid_to is not None,
    ),
]
ENDPOINTS += WEB_FORMS


def _workbook(rows: list[dict]) -> SimpleUploadedFile:
    return SimpleUploadedFile("households.xlsx", template_workbook(rows=rows))


def _import_loose_as_head(c: Client, t: Target):
    row = {
        "household_number": "IMPORT-1",
        "area_code": t.area_code,
        "address": "导入路1号",
        "name": t.loose.name,
        "id_number": t.loose.id_number,
        "relation": "户主",
    }
    return c.post("/households/import/", {"file": _workbook([row])})


def _import_errors_download(c: Client, t: Target):
    bad = _workbook([{"household_number": "BAD-1", "name": "", "relation": "户主"}])
    page = c.post("/households/import/", {"file": bad}).content.decode()
    link = re.search(r"/households/import/errors/[\w-]+\.xlsx", page)
    return c.get(link.group(0) if link else "/households/import/errors/none.xlsx")


def _xlsx_mentions(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return any(t.person.name in row for row in sheet.iter_rows(values_only=True))


SPREADSHEETS_AND_DOCUMENTS = [
    Endpoint(
        "core:household_import",
        "write",
        Capability.EDIT_PERSONAL,
        _import_loose_as_head,
        changed=lambda t: t.loose.memberships.exists(),
    ),
    Endpoint(
        "core:household_import_template",
        "page",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.get("/households/import/template.xlsx"),
    ),
    Endpoint(
        "core:household_import_errors", "page", Capability.EDIT_PERSONAL, _import_errors_download
    ),
    Endpoint(
        "core:household_export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get("/households/export.xlsx", {"q": t.person.name}),
        _xlsx_mentions,
    ),
    Endpoint(
        "core:household_summary_pdf",
        "detail",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(f"/households/{t.household_id}/summary.pdf"),
    ),
]
ENDPOINTS += SPREADSHEETS_AND_DOCUMENTS


def _has_case(r: object, t: Target) -> bool:
    return t.application.number in r.content.decode()  # type: ignore[attr-defined]


WITHDRAWERS = frozenset({"caseworker", "township_reviewer"})
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
        "assistance:standards",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/assistance/standards/"),
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
        lambda c, t: c.get("/api/v1/assistance/applications", {"limit": 500}),
        lambda r, t: any(a["id"] == t.application.pk for a in r.json()),
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
ENDPOINTS += ASSISTANCE


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
ENDPOINTS += ASSISTANCE_DOCUMENTS


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
    return c.post(
        f"/assistance/enrolments/{enrolment.pk}/",
        {
            "dwellings": "1",
            "private_vehicles": "0",
            "m0_wages": "1000",
            "m0_school_stage": "none",
            "m0_employment": "employed",
            "m1_school_stage": "compulsory",
            "m1_employment": "none",
        },
    )


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
ENDPOINTS += ENROLMENTS


def _lead(t: Target) -> Lead:
    assert t.lead is not None
    return t.lead


def _visited(t: Target) -> bool:
    return LeadVisit.objects.filter(lead=_lead(t)).exists()


def _visit_first(c: Client, t: Target, url: str, data: dict, **kw: str) -> object:
    LeadVisit.objects.create(
        lead=_lead(t),
        method="phone",
        visited_on=dt.date(2026, 9, 1),
        visitor=User.objects.get(username="clerk"),
        findings="预先核实",
    )
    return c.post(url, data, **kw)


def _closed(t: Target) -> bool:
    return Lead.objects.get(pk=_lead(t).pk).status == "closed"


LEAD_WORKERS = frozenset({"caseworker", "township_reviewer"})
WARNING = [
    Endpoint(
        "warning:lead_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/warning/", {"status": "all"}),
        lambda r, t: f"/warning/leads/{_lead(t).pk}/" in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "warning:lead_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/warning/leads/{_lead(t).pk}/"),
    ),
    Endpoint(
        "warning:lead_visit",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/warning/leads/{_lead(t).pk}/visit/",
            {"method": "home", "visited_on": "2026-09-01", "findings": "入户核实"},
        ),
        changed=_visited,
    ),
    Endpoint(
        "warning:lead_close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _visit_first(
            c, t, f"/warning/leads/{_lead(t).pk}/close/", {"outcome": "no_need", "note": "无困难"}
        ),
        changed=_closed,
        roles=LEAD_WORKERS,
    ),
    Endpoint(
        "warning:lead_apply",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _visit_first(
            c,
            t,
            f"/warning/leads/{_lead(t).pk}/apply/",
            {"programme": "dibao", "channel": "committee"},
        ),
        changed=_closed,
        roles=LEAD_WORKERS,
    ),
    Endpoint(
        "warning:runs", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get("/warning/runs/")
    ),
    Endpoint(
        "GET /api/v1/warning/leads",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/warning/leads", {"status": "all", "limit": 1000}),
        lambda r, t: any(i["id"] == _lead(t).pk for i in r.json()),
    ),  # type: ignore[attr-defined]
    Endpoint(
        "GET /api/v1/warning/leads/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/warning/leads/{_lead(t).pk}"),
    ),
    Endpoint(
        "POST /api/v1/warning/leads/{pk}/visits",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/warning/leads/{_lead(t).pk}/visits",
            {"method": "phone", "visited_on": "2026-09-01", "findings": "电话核实"},
            content_type=J,
        ),
        changed=_visited,
    ),
    Endpoint(
        "POST /api/v1/warning/leads/{pk}/close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _visit_first(
            c,
            t,
            f"/api/v1/warning/leads/{_lead(t).pk}/close",
            {"outcome": "no_need", "note": "无困难"},
            content_type=J,
        ),
        changed=_closed,
        roles=LEAD_WORKERS,
    ),
]
ENDPOINTS += WARNING


def _sc(t: Target) -> ScreeningPlace:
    assert t.screening is not None
    return t.screening


def _shows(path: Callable[[ScreeningPlace], str]) -> Callable[[object, Target], bool]:
    return lambda r, t: path(_sc(t)) in r.content.decode()  # type: ignore[attr-defined]


def _json_lists(pk: Callable[[ScreeningPlace], int]) -> Callable[[object, Target], bool]:
    def visible(r: object, t: Target) -> bool:
        body = r.json()  # type: ignore[attr-defined]
        items = body["items"] if isinstance(body, dict) else body
        return any(i["id"] == pk(_sc(t)) for i in items)

    return visible


def _campaign_status(t: Target) -> str:
    return Campaign.objects.get(pk=_sc(t).campaign.pk).status


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


VISIT = {"visited_on": "", "method": "phone", "situation": "矩阵走访", "outcome": "no_difficulty"}
FOLLOW_UP = {"followed_on": "", "method": "phone", "note": "矩阵回访", "next_follow_up_on": ""}


def _visit_data() -> dict:
    return {**VISIT, "visited_on": _today()}


def _follow_up_data() -> dict:
    return {**FOLLOW_UP, "followed_on": _today(), "next_follow_up_on": _today(30)}


def _visited_target(t: Target) -> bool:
    return Visit.objects.filter(target=_sc(t).target).exists()


def _followed_up(t: Target) -> bool:
    return FollowUp.objects.filter(key_household=_sc(t).key_household).exists()


SCREENING = [
    Endpoint(
        "screening:campaign_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/"),
        _shows(lambda s: f"/screening/campaigns/{s.campaign.pk}/"),
    ),
    Endpoint(
        "screening:campaign_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/screening/campaigns/new/", {"name": "矩阵新建", "area_code": t.area_code[:9]}
        ),
        changed=lambda t: Campaign.objects.filter(name="矩阵新建").exists(),
        roles=ORGANISERS,
    ),
    Endpoint(
        "screening:campaign_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/screening/campaigns/{_sc(t).campaign.pk}/"),
    ),
    Endpoint(
        "screening:campaign_populate",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/screening/campaigns/{_sc(t).campaign.pk}/populate/"),
        changed=lambda t: _sc(t).newcomer_listed(),
        roles=ORGANISERS,
    ),
    Endpoint(
        "screening:round_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/campaigns/{_sc(t).campaign.pk}/rounds/",
            {
                "starts_on": (_sc(t).round.ends_on + dt.timedelta(days=1)).isoformat(),
                "working_days": 5,
            },
        ),
        changed=lambda t: _sc(t).campaign.rounds.count() == 2,
        roles=ORGANISERS,
    ),
    Endpoint(
        "screening:campaign_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/campaigns/{_sc(t).campaign.pk}/act/close/", {"close-note": "矩阵结束"}
        ),
        changed=lambda t: _campaign_status(t) == "closed",
        roles=ORGANISERS,
    ),
    Endpoint(
        "screening:targets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/targets/"),
        _shows(lambda s: f'id="target-{s.target.pk}"'),
    ),
    Endpoint(
        "screening:visit_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/screening/targets/{_sc(t).target.pk}/visit/", _visit_data()),
        changed=_visited_target,
    ),
    Endpoint(
        "screening:key_household_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/key-households/"),
        _shows(lambda s: f"/screening/key-households/{s.key_household.pk}/"),
    ),
    Endpoint(
        "screening:key_household_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/screening/key-households/{_sc(t).key_household.pk}/"),
    ),
    Endpoint(
        "screening:follow_up_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/key-households/{_sc(t).key_household.pk}/follow-ups/",
            _follow_up_data(),
        ),
        changed=_followed_up,
    ),
    Endpoint(
        "screening:key_household_close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/key-households/{_sc(t).key_household.pk}/close/", {"reason": "已脱困"}
        ),
        changed=lambda t: KeyHousehold.objects.get(pk=_sc(t).key_household.pk).status == "closed",
    ),
    Endpoint(
        "screening:key_household_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/households/{t.household_id}/key-household/",
            {
                "reason": "突发重病",
                "help_plan": "协调临时救助",
                "started_on": _today(),
                "next_follow_up_on": _today(14),
            },
        ),
        changed=lambda t: KeyHousehold.objects.filter(household_id=t.household_id).exists(),
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/campaigns"),
        _json_lists(lambda s: s.campaign.pk),
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/screening/campaigns/{_sc(t).campaign.pk}"),
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns/{pk}/figures",
        "detail",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get(f"/api/v1/screening/campaigns/{_sc(t).campaign.pk}/figures"),
    ),
    Endpoint(
        "GET /api/v1/screening/targets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/targets", {"page_size": 200}),
        _json_lists(lambda s: s.target.pk),
    ),
    Endpoint(
        "POST /api/v1/screening/targets/{pk}/visits",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/screening/targets/{_sc(t).target.pk}/visits",
            _visit_data(),
            content_type=J,
        ),
        changed=_visited_target,
    ),
    Endpoint(
        "GET /api/v1/screening/key-households",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/key-households", {"page_size": 200}),
        _json_lists(lambda s: s.key_household.pk),
    ),
    Endpoint(
        "POST /api/v1/screening/key-households/{pk}/follow-ups",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/screening/key-households/{_sc(t).key_household.pk}/follow-ups",
            _follow_up_data(),
            content_type=J,
        ),
        changed=_followed_up,
    ),
]
ENDPOINTS += SCREENING

PUBLIC_ROUTES = {
    "core:login",
    "core:logout",
    "GET /api/v1/openapi.json",
    "GET /api/v1/docs",
    "POST /api/v1/assistance/calculate",
}  # the calculator stores nothing


def _expect(endpoint: Endpoint, user: User, target: Target, response) -> None:
    reaches = user.reaches(target.area_code)
    capable = endpoint.capability is None or user.can(endpoint.capability)
    allowed = capable and (endpoint.roles is None or user.role in endpoint.roles)
    status = response.status_code
    if not allowed:
        # A missing capability is refused before any lookup (403); a workflow role is
        # checked on the case, so outside the area the case is simply not found (404).
        expected = {403} if not capable or reaches else {403, 404}
        assert status in expected, f"{status} where the role may not: {response.content[:200]!r}"
    elif endpoint.kind == "list":
        assert status == 200
        assert endpoint.visible is not None
        assert endpoint.visible(response, target) is reaches
    elif endpoint.kind == "detail":
        assert status == (200 if reaches else 404), response.content[:300]
    elif endpoint.kind == "page":
        assert status == 200
    if endpoint.kind == "write":
        assert endpoint.changed is not None
        assert endpoint.changed(target) is (allowed and reaches), response.content[:300]
        if allowed:
            refused = {403, 404, 422}  # 422: an out-of-area choice is not offered by the form
            assert status in ({200, 201, 302} if reaches else refused), response.content[:300]


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.route)
@pytest.mark.parametrize("role", list(ROLE_AREAS), ids=str)
def test_scope_matrix(areas, role, endpoint, place):
    _foreign_tree()
    user = make_user(f"user_{role}", role, ROLE_AREAS[role])
    target = _target(place)
    client = Client()
    client.force_login(user)
    _expect(endpoint, user, target, endpoint.call(client, target))


def _web_routes(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace and p.namespace.startswith("api"):
                continue
            names |= _web_routes(p, f"{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def _api_routes() -> set[str]:
    schema = api.get_openapi_schema()
    routes = {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}
    return routes | {"GET /api/v1/openapi.json", "GET /api/v1/docs"}


def test_every_route_is_in_the_matrix():
    covered = {e.route for e in ENDPOINTS} | PUBLIC_ROUTES
    routes = _web_routes(get_resolver()) | _api_routes()
    assert routes - covered == set(), "add these routes to the scope matrix"


def test_anonymous_users_get_nothing(client, areas):
    target = _target("own")
    assert client.get(f"/persons/{target.person.pk}/").status_code == 302  # to log-in
    assert client.get("/api/v1/core/persons").status_code == 401
