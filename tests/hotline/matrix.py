"""Scope-matrix rows of the hotline pages and API (tests/core/test_scope_matrix.py).

The matrix's users hold roles and no duty, so these rows prove the role side of D8:
a plain ticket is seen by whoever reads personal data in the ticket's area (D0.3);
intake is the operator's duty, refused to every role alone (D8.3); a sensitive ticket
(D8.2) is seen by no role without a duty (scope "sensitive": nobody reaches it). The
duty side — the operators and duty officers who do see them, in their area — is
tests/hotline/test_sensitive_scope.py, on the same five places.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minzheng.core.models import Area, User
from minzheng.core.roles import Capability
from minzheng.hotline.models import DeathOffer, Ticket
from tests.bureau_rules import HOTLINE_TICKET
from tests.core.matrix_base import Endpoint, J, Target

INTAKE = "hotline_intake"  # the operator duty's capability; no role has it


def _ticket(t: Target, *, sensitive: bool = False, dispatched: bool = True) -> Ticket:
    """A ticket about the place, dispatched to its county (made once per case)."""
    number = f"{'S' if sensitive else 'P'}{t.area_code}"
    found = Ticket.objects.filter(number=number).first()
    if found is not None:
        return found
    now = timezone.now()
    ticket = Ticket.objects.create(
        number=number,
        line="children",
        category="child_neglect" if sensitive else "child_consult",
        urgency="normal",
        sensitive=sensitive,
        summary=f"矩阵-{number}",
        area_id=t.area_code,
        received_at=now,
        due_at=now + dt.timedelta(days=3),
        taken_by=User.objects.get(username="clerk"),
        unit=Area.objects.get(code=t.area_code[:6]),
    )
    if dispatched:  # put in the state the row needs, as the engine would have
        Ticket.objects.filter(pk=ticket.pk).update(status="dispatched")
    return Ticket.objects.get(pk=ticket.pk)


def _sensitive(t: Target) -> Ticket:
    return _ticket(t, sensitive=True)


def _shown(ticket_of) -> object:  # type: ignore[no-untyped-def]
    return lambda r, t: f"/hotline/tickets/{ticket_of(t).pk}/" in r.content.decode()


def _handled(ticket_of) -> object:  # type: ignore[no-untyped-def]
    return lambda t: Ticket.objects.get(pk=ticket_of(t).pk).status == "handling"


def _offer(t: Target) -> DeathOffer:
    found = DeathOffer.objects.filter(person=t.loose).first()
    if found is not None:
        return found
    return DeathOffer.objects.create(
        ticket=_ticket(t),
        person=t.loose,
        death_date=dt.date(2026, 9, 1),
        offered_at=timezone.now(),
        offered_by=User.objects.get(username="clerk"),
    )


def _decided(t: Target) -> bool:
    return DeathOffer.objects.get(pk=_offer(t).pk).state != "offered"


UNIT = HOTLINE_TICKET["handle"]  # the unit's staff (D8.3, D8.1 县区级处置)
_p = _ticket
HOTLINE = [
    Endpoint(
        "hotline:ticket_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_p(t), c.get("/hotline/"))[1],
        _shown(_p),  # type: ignore[arg-type]
    ),
    Endpoint(
        "hotline:ticket_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_sensitive(t), c.get("/hotline/"))[1],
        _shown(_sensitive),  # type: ignore[arg-type]
        scope="sensitive",
    ),
    Endpoint(
        "hotline:ticket_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/hotline/tickets/{_p(t).pk}/"),
    ),
    Endpoint(
        "hotline:ticket_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/hotline/tickets/{_sensitive(t).pk}/"),
        scope="sensitive",
    ),
    Endpoint(
        "hotline:intake",
        "page",
        INTAKE,  # type: ignore[arg-type]
        lambda c, t: c.get("/hotline/intake/"),
    ),
    Endpoint(
        "hotline:ticket_act",
        "write",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.post(f"/hotline/tickets/{_p(t).pk}/handle/", {}),
        changed=_handled(_p),  # type: ignore[arg-type]
        roles=UNIT,
    ),
    Endpoint(
        "hotline:ticket_act",
        "write",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.post(f"/hotline/tickets/{_sensitive(t).pk}/handle/", {}),
        changed=_handled(_sensitive),  # type: ignore[arg-type]
        roles=UNIT,
        scope="sensitive",
    ),
    Endpoint(
        "hotline:death_offers",
        "list",
        Capability.EDIT_PERSONAL,
        lambda c, t: (_offer(t), c.get("/hotline/deaths/"))[1],
        lambda r, t: f"/hotline/deaths/{_offer(t).pk}/" in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "hotline:death_offer_decide",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/hotline/deaths/{_offer(t).pk}/", {"decision": "decline", "note": "查无此事"}
        ),
        changed=_decided,
    ),
    Endpoint(
        "hotline:dashboard",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/hotline/dashboard/"),
    ),
    Endpoint(
        "GET /api/v1/hotline/tickets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_p(t), c.get("/api/v1/hotline/tickets", {"page_size": 200}))[1],
        lambda r, t: any(i["id"] == _p(t).pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "GET /api/v1/hotline/tickets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_sensitive(t), c.get("/api/v1/hotline/tickets", {"page_size": 200}))[1],
        lambda r, t: any(i["id"] == _sensitive(t).pk for i in r.json()["items"]),  # type: ignore[attr-defined]
        scope="sensitive",
    ),
    Endpoint(
        "GET /api/v1/hotline/tickets/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/hotline/tickets/{_p(t).pk}"),
    ),
    Endpoint(
        "GET /api/v1/hotline/tickets/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/hotline/tickets/{_sensitive(t).pk}"),
        scope="sensitive",
    ),
    Endpoint(
        "POST /api/v1/hotline/tickets",
        "write",
        INTAKE,  # type: ignore[arg-type]
        lambda c, t: c.post(
            "/api/v1/hotline/tickets",
            {
                "line": "children",
                "category": "child_help",
                "urgency": "normal",
                "caller_name": "来电人",
                "callback_phone": "13800001111",
                "account": "求助",
                "area_code": t.area_code,
            },
            content_type=J,
        ),
        changed=lambda t: Ticket.objects.filter(area_id=t.area_code, summary="求助").exists(),
    ),
    Endpoint(
        "POST /api/v1/hotline/tickets/{pk}/transitions",
        "write",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/hotline/tickets/{_p(t).pk}/transitions",
            {"action": "handle"},
            content_type=J,
        ),
        changed=_handled(_p),  # type: ignore[arg-type]
        roles=UNIT,
    ),
]
ROUTES = HOTLINE
