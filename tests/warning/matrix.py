"""Scope-matrix rows of the warning pages and API."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.warning.models import Lead, LeadVisit, LeadVisitPhoto
from tests.bureau_rules import WARNING_LEAD
from tests.core.matrix_base import (
    Endpoint,
    J,
    Target,
)
from tests.visit_photo_cases import matrix_delete, matrix_file, matrix_upload


def _lead(t: Target) -> Lead:
    assert t.lead is not None
    return t.lead


def _visited(t: Target) -> bool:
    return LeadVisit.objects.filter(lead=_lead(t)).exists()


def _a_visit(t: Target) -> LeadVisit:
    return LeadVisit.objects.create(
        lead=_lead(t),
        method="phone",
        visited_on=dt.date(2026, 9, 1),
        visitor=User.objects.get(username="clerk"),
        findings="预先核实",
    )


def _visit_first(c: Client, t: Target, url: str, data: dict, **kw: str) -> object:
    _a_visit(t)
    return c.post(url, data, **kw)


def _photo_attach(c: Client, t: Target) -> object:
    # issue 15 item 5: whoever may record a check (no workflow role list: D5.3)
    return matrix_upload(c, f"/warning/leads/{_lead(t).pk}/visits/{_a_visit(t).pk}/photos/")


def _photo_file(c: Client, t: Target) -> object:
    url = f"/warning/leads/{_lead(t).pk}/photos/{{pk}}"
    return matrix_file(c, LeadVisitPhoto, _a_visit(t), url)


def _photo_delete(c: Client, t: Target) -> object:
    url = f"/warning/leads/{_lead(t).pk}/photos/{{pk}}/delete/"
    return matrix_delete(c, LeadVisitPhoto, _a_visit(t), url)


def _photo_deleted(t: Target) -> bool:
    return not LeadVisitPhoto.objects.filter(visit__lead=_lead(t), title="矩阵删除").exists()


def _closed(t: Target) -> bool:
    return Lead.objects.get(pk=_lead(t).pk).status == "closed"


LEAD_WORKERS = WARNING_LEAD["close"]
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
        "warning:lead_photo_attach",
        "write",
        Capability.EDIT_PERSONAL,
        _photo_attach,
        changed=lambda t: LeadVisitPhoto.objects.filter(visit__lead=_lead(t)).exists(),
    ),
    Endpoint("warning:lead_photo_file", "detail", Capability.VIEW_PERSONAL, _photo_file),
    Endpoint(  # issue 15: removal is the attaching rule's (who may record a check, open)
        "warning:lead_photo_delete",
        "write",
        Capability.EDIT_PERSONAL,
        _photo_delete,
        changed=_photo_deleted,
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
            # Not dibao: the household's dibao case is open, a second is refused (D1.2).
            {"programme": "temporary", "channel": "committee"},
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
        lambda c, t: c.get("/api/v1/warning/leads", {"status": "all", "page_size": 200}),
        lambda r, t: any(i["id"] == _lead(t).pk for i in r.json()["items"]),
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
ROUTES = WARNING
