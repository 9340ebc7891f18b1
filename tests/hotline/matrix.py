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
from collections.abc import Callable

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


def _handled(t: Target) -> bool:
    return Ticket.objects.get(pk=_ticket(t).pk).status == "handling"


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
API = "/api/v1/hotline/tickets"


def _ticket_rows(of: Callable[[Target], Ticket], scope: str) -> list[Endpoint]:
    """The rows about one ticket (a plain one, scope "place"; a sensitive one, scope
    "sensitive"): its lists, its pages and its first step by the unit."""
    v, p = Capability.VIEW_PERSONAL, "/hotline"
    return [
        Endpoint("hotline:ticket_list", "list", v, lambda c, t: (of(t), c.get(f"{p}/"))[1],
                 lambda r, t: f"{p}/tickets/{of(t).pk}/" in r.content.decode(), scope=scope),  # type: ignore[attr-defined]
        Endpoint("hotline:ticket_detail", "detail", v,
                 lambda c, t: c.get(f"{p}/tickets/{of(t).pk}/"), scope=scope),
        Endpoint("hotline:ticket_act", "write", v,
                 lambda c, t: c.post(f"{p}/tickets/{of(t).pk}/handle/", {}),
                 changed=lambda t: Ticket.objects.get(pk=of(t).pk).status == "handling",
                 roles=UNIT, scope=scope),
        Endpoint(f"GET {API}", "list", v, lambda c, t: (of(t), c.get(API, {"page_size": 200}))[1],
                 lambda r, t: any(i["id"] == of(t).pk for i in r.json()["items"]), scope=scope),  # type: ignore[attr-defined]
        Endpoint(f"GET {API}/{{pk}}", "detail", v, lambda c, t: c.get(f"{API}/{of(t).pk}"),
                 scope=scope),
    ]  # fmt: skip


HOTLINE = [
    *_ticket_rows(_ticket, "place"),
    *_ticket_rows(_sensitive, "sensitive"),
    Endpoint(
        "hotline:intake",
        "page",
        INTAKE,  # type: ignore[arg-type]
        lambda c, t: c.get("/hotline/intake/"),
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
            f"{API}/{_ticket(t).pk}/transitions",
            {"action": "handle"},
            content_type=J,
        ),
        changed=_handled,
        roles=UNIT,
    ),
]
ROUTES = HOTLINE
