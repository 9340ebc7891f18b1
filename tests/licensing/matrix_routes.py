"""Scope-matrix rows of the licensing pages and API (objects: matrix.py). Applications
are their county bureau's (`scope="county"`); acting on one is the authority's
(tests/bureau_rules.py LICENCE, D15)."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.roles import Capability
from minzheng.licensing.models import LicenceApplication
from tests.bureau_rules import LICENCE, LICENSING_AUTHORITY
from tests.core.matrix_base import Endpoint, Target


def _app(t: Target) -> LicenceApplication:
    assert t.licensing is not None
    return t.licensing


def _intake(t: Target) -> dict[str, object]:
    return {
        "authority": t.area_code[:6],
        "applicant_kind": "organisation",
        "applicant_name": "矩阵申请人",
        "applicant_code": "91320302MA1XYW0016",
        "contact_phone": "0516-83001234",
        "subject": f"矩阵收件{t.area_code}",
        "materials": ["filing_form"],
        "received_on": timezone.localdate().isoformat(),
    }


def _json_lists(r: object, t: Target) -> bool:
    return any(i["id"] == _app(t).pk for i in r.json()["items"])  # type: ignore[attr-defined]


ROUTES = [
    Endpoint("licensing:item_list", "page", None, lambda c, t: c.get("/licensing/items/")),
    Endpoint(
        "licensing:application_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/licensing/"),
        lambda r, t: f"/licensing/applications/{_app(t).pk}/" in r.content.decode(),  # type: ignore[attr-defined]
        scope="county",
    ),
    Endpoint(
        "licensing:application_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/licensing/applications/{_app(t).pk}/"),
        scope="county",
    ),
    Endpoint(
        "licensing:application_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post("/licensing/applications/new/?item=eldercare_filing", _intake(t)),
        changed=lambda t: LicenceApplication.objects.filter(
            subject=f"矩阵收件{t.area_code}"
        ).exists(),
        roles=LICENSING_AUTHORITY,
        scope="county",
    ),
    Endpoint(
        "licensing:application_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/licensing/applications/{_app(t).pk}/act/accept/", {}),
        changed=lambda t: LicenceApplication.objects.get(pk=_app(t).pk).status == "accepted",
        roles=LICENCE["accept"],
        scope="county",
    ),
    Endpoint(
        "licensing:rates",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/licensing/rates/"),
    ),
    Endpoint(
        "GET /api/v1/licensing/items", "page", None, lambda c, t: c.get("/api/v1/licensing/items")
    ),
    Endpoint(
        "GET /api/v1/licensing/applications",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/licensing/applications", {"page_size": 200}),
        _json_lists,
        scope="county",
    ),
    Endpoint(
        "GET /api/v1/licensing/applications/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/licensing/applications/{_app(t).pk}"),
        scope="county",
    ),
    Endpoint(
        "GET /api/v1/licensing/rates",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/api/v1/licensing/rates", {"year": 2026}),
    ),
]
