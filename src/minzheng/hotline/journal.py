"""A ticket's journal: the event shown on the ticket and the audit entry of the same
write, both kept in the ticket's area (D8). Shared by the hotline's actions
(`hotline.services`, `hotline.funeral`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.hotline.models import Event, Ticket


def ticket_event(
    ticket: Ticket, kind: str, actor: User | None, text: str, at: dt.datetime
) -> Event:
    return Event.objects.create(ticket=ticket, kind=kind, actor=actor, text=text, at=at)


def ticket_audit(actor: User | None, obj: Any, ticket: Ticket, summary: str, **kw: Any) -> None:
    audit_record(
        actor=actor,
        action=kw.pop("action", AuditAction.CREATE),
        obj=obj,
        area_code=ticket.area_id,
        summary=summary,
        **kw,
    )
