"""Scope-matrix rows of the core pages and API."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from minzheng.core.models import (
    ApiToken,
    ConfigValue,
    DutyGrant,
    HouseholdMembership,
    Person,
    User,
)
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.template import template_workbook
from tests.core.matrix_base import (
    Endpoint,
    J,
    Target,
    _json_has,
    _xlsx_has,
)
from tests.factories import new_id_number


def _revoke_own_token(c: Client) -> object:
    user = User.objects.get(pk=c.session["_auth_user_id"])
    token, _ = ApiToken.issue(user=user, label="矩阵")
    return c.post(f"/account/tokens/{token.pk}/revoke/", follow=True)


CORE = [
    Endpoint("core:home", "page", None, lambda c, t: c.get("/")),
    Endpoint(
        "core:calendar", "page", Capability.MANAGE_CALENDAR, lambda c, t: c.get("/calendar/")
    ),
    Endpoint(
        "core:dashboard", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get("/dashboard/")
    ),
    # Drill-down to the target's community (issue 15): inside the viewer's area only.
    Endpoint(
        "core:dashboard",
        "detail",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/dashboard/", {"area": t.area_code}),
    ),
    Endpoint(
        "core:dashboard_export",
        "detail",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/dashboard/export.xlsx", {"area": t.area_code, "chart": "trend-1"}),
    ),
    Endpoint(
        "core:dashboard_map",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/dashboard/xuzhou-counties.json"),
    ),
    Endpoint("core:settings", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get("/settings/")),
    # A county's own dibao standard (D1.18), set for the county of the target's place.
    Endpoint(
        "core:settings",
        "write",
        Capability.MANAGE_CONFIG,
        lambda c, t: c.post(
            "/settings/",
            {
                "key": "dibao.standard.urban",
                "area": t.area_code[:6],
                "value": "901",
                "effective_from": "2026-07-01",
                "basis": "县政府通知",
            },
        ),
        changed=lambda t: ConfigValue.objects.filter(
            key="dibao.standard.urban", area_id=t.area_code[:6], value="901"
        ).exists(),
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
        "core:person_phone",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/persons/{t.person.pk}/phone/"),
    ),
    Endpoint(
        "POST /api/v1/core/persons/{person_id}/disclosure",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/core/persons/{t.person.pk}/disclosure", {"reason": "核对"}, content_type=J
        ),
    ),
    Endpoint("core:account", "page", None, lambda c, t: c.get("/account/")),
    # Tokens are the owner's, not an area's: each user revokes their own (others: 404,
    # tests/core/test_api_tokens.py).
    Endpoint("core:token_revoke", "page", None, lambda c, t: _revoke_own_token(c)),
    Endpoint(
        "core:login_unlock",
        "page",
        Capability.MANAGE_ACCOUNTS,
        lambda c, t: c.get("/accounts/unlock/"),
    ),
    Endpoint(
        "core:duties",
        "list",
        Capability.MANAGE_ACCOUNTS,
        lambda c, t: c.get("/accounts/duties/"),
        lambda r, t: f"/accounts/duties/{t.duty_grant_id}/revoke/" in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "core:duty_revoke",
        "write",
        Capability.MANAGE_ACCOUNTS,
        lambda c, t: c.post(f"/accounts/duties/{t.duty_grant_id}/revoke/", {"note": "调岗"}),
        changed=lambda t: DutyGrant.objects.get(pk=t.duty_grant_id).revoked_at is not None,
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
        lambda c, t: c.get("/audit/", {"object_id": t.person.pk}),
        lambda r, t: t.marker in r.content.decode(),
    ),  # type: ignore[attr-defined]
    Endpoint(  # verifies the whole chain: not tied to an area
        "core:audit_verify",
        "page",
        Capability.VIEW_AUDIT,
        lambda c, t: c.post("/audit/verify/", follow=True),
    ),
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
        lambda c, t: c.get("/api/v1/core/audit", {"page_size": 200}),
        lambda r, t: any(e["summary"] == t.marker for e in r.json()["items"]),
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
CORE += WEB_FORMS


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
CORE += SPREADSHEETS_AND_DOCUMENTS
