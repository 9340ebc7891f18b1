"""Scoped reads of tickets (D0.3) with the sensitive-ticket rule (D8.2): a ticket of a
sensitive category is seen only by holders of a duty granting `hotline_sensitive`
(the operators and the child-protection duty officers), in their area."""

from __future__ import annotations

from itertools import chain
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from minzheng.core.audit import audit_read
from minzheng.core.models import TransitionLog, User
from minzheng.core.models.scoped import user_can
from minzheng.core.roles import Capability
from minzheng.hotline.models import Ticket, TicketQuerySet
from minzheng.hotline.workflows import INTAKE, SENSITIVE


def may_read(user: User) -> bool:
    return user_can(user, Capability.VIEW_PERSONAL) or (
        bool(getattr(user, "is_authenticated", False)) and user.can(INTAKE)
    )


def tickets_visible(user: User) -> TicketQuerySet:
    if not may_read(user):
        return Ticket.objects.none()
    qs = Ticket.objects.within_prefix(user.scope_prefix)
    if not user.can(SENSITIVE):
        qs = qs.filter(sensitive=False)
    return qs.select_related("area", "unit", "person", "taken_by")


def ticket_for_reading(user: User, pk: int, *, log: bool = True) -> Ticket:
    ticket = tickets_visible(user).filter(pk=pk).first()
    if ticket is None:
        raise Http404("未找到该工单，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=ticket, summary=f"查看热线工单 {ticket.number}")
    return ticket


def ticket_by_number(user: User, number: str) -> Ticket | None:
    return tickets_visible(user).filter(number=number.strip()).first()


def timeline(ticket: Ticket) -> list[dict[str, Any]]:
    """Every call, state change and record of the ticket, oldest first (the engine's
    log and the ticket's events merged by time)."""
    ct = ContentType.objects.get_for_model(Ticket)
    logs: QuerySet[TransitionLog] = TransitionLog.objects.filter(
        content_type=ct, object_id=str(ticket.pk)
    ).select_related("actor")
    from minzheng.hotline.workflows import TICKET

    rows = [
        {
            "at": log.at,
            "what": TICKET.find(log.action).label,
            "who": str(log.actor),
            "text": log.note,
            "state": TICKET.label(log.to_state),
        }
        for log in logs
    ]
    events = [
        {
            "at": e.at,
            "what": e.get_kind_display(),
            "who": str(e.actor) if e.actor else "系统",
            "text": e.text,
            "state": "",
        }
        for e in ticket.events.select_related("actor")
    ]
    return sorted(chain(rows, events), key=lambda r: r["at"])


def row(ticket: Ticket, name: str) -> Any:
    """The ticket's one-to-one record `name` (escalation, report, …) or None."""
    from minzheng.hotline.workflows import getattr_row

    return getattr_row(ticket, name)
