"""Scope-matrix rows of the supervision pages and API (D0.3; who may act: D14.12 via
tests/bureau_rules.SUPERVISION_FINDING)."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from minzheng.core.roles import Capability
from minzheng.supervision.models import Finding, Rectification
from tests.bureau_rules import SUPERVISION_FINDING
from tests.core.matrix_base import Endpoint, J, Target


def _f(t: Target) -> Finding:
    assert t.supervision is not None
    return t.supervision


def _in(state: str, c: Client, t: Target, url: str, data: dict, **kw: str) -> object:
    Finding.objects.filter(pk=_f(t).pk).update(status=state)
    return c.post(url, data, **kw)


def _status(t: Target) -> str:
    return Finding.objects.get(pk=_f(t).pk).status


def _rectified(t: Target) -> bool:
    return Rectification.objects.filter(finding=_f(t)).exists()


def _url(t: Target, tail: str = "") -> str:
    return f"/supervision/findings/{_f(t).pk}/{tail}"


def _api(t: Target, tail: str = "") -> str:
    return f"/api/v1/supervision/findings/{_f(t).pk}{tail}"


def _xlsx_has_finding(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return any(row[0] == _f(t).pk for row in sheet.iter_rows(min_row=2, values_only=True))


VERIFY = {"verdict": "confirm", "note": "入户核实属实"}
RECTIFY = {"kind": "correct", "note": "已纠正收款账户"}
CLOSE = {"note": "整改佐证已存档"}

ROUTES = [
    Endpoint(
        "supervision:home", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get("/supervision/")
    ),
    Endpoint(
        "supervision:platform",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/supervision/platforms/assistance/"),
    ),
    Endpoint(
        "supervision:platform_export",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get(
            "/supervision/platforms/assistance/export.xlsx", {"chart": "months-count"}
        ),
    ),
    Endpoint(
        "supervision:finding_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/supervision/findings/", {"status": "all"}),
        lambda r, t: _url(t) in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "supervision:finding_export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get("/supervision/findings/export.xlsx", {"status": "all"}),
        _xlsx_has_finding,
    ),
    Endpoint(
        "supervision:finding_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(_url(t)),
    ),
    Endpoint(
        "supervision:finding_verify",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(_url(t, "verify/"), VERIFY),
        changed=lambda t: _status(t) == "confirmed",
        roles=SUPERVISION_FINDING["confirm"],
    ),
    Endpoint(
        "supervision:finding_rectify",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _in("confirmed", c, t, _url(t, "rectify/"), RECTIFY),
        changed=_rectified,
        roles=SUPERVISION_FINDING["correct"],
    ),
    Endpoint(
        "supervision:finding_close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _in("rectifying", c, t, _url(t, "close/"), CLOSE),
        changed=lambda t: _status(t) == "closed",
        roles=SUPERVISION_FINDING["close"],
    ),
    Endpoint(
        "GET /api/v1/supervision/findings",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/supervision/findings", {"status": "all", "page_size": 200}),
        lambda r, t: any(i["id"] == _f(t).pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "GET /api/v1/supervision/findings/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(_api(t)),
    ),
    Endpoint(
        "POST /api/v1/supervision/findings/{pk}/verify",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(_api(t, "/verify"), VERIFY, content_type=J),
        changed=lambda t: _status(t) == "confirmed",
        roles=SUPERVISION_FINDING["confirm"],
    ),
    Endpoint(
        "POST /api/v1/supervision/findings/{pk}/rectify",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _in("confirmed", c, t, _api(t, "/rectify"), RECTIFY, content_type=J),
        changed=_rectified,
        roles=SUPERVISION_FINDING["correct"],
    ),
    Endpoint(
        "POST /api/v1/supervision/findings/{pk}/close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: _in("rectifying", c, t, _api(t, "/close"), CLOSE, content_type=J),
        changed=lambda t: _status(t) == "closed",
        roles=SUPERVISION_FINDING["close"],
    ),
]
