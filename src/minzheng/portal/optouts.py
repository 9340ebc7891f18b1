"""A person's refusal of SMS for one kind of event (短信退订), recorded by staff when the
person asks: only for events the rules let a person refuse (reminders); a decision, a
request for documents or a failed payment must reach the person (D1.8, D6, D13.3;
`portal.events`). Audited; recorded once per person and event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.roles import Capability
from minzheng.portal.events import EVENTS
from minzheng.portal.models import OptOut


def refusable() -> list[tuple[str, str]]:
    """(code, label) of the events whose SMS a person may refuse."""
    return [(e.code, e.label) for e in EVENTS.values() if e.opt_out]


@transaction.atomic
def opt_out_record(*, actor: User, person: Person, event: str) -> OptOut:
    if event not in EVENTS:
        raise ValidationError({"event": "请选择通知事项"})
    if not EVENTS[event].opt_out:
        raise ValidationError({"event": f"“{EVENTS[event].label}”短信必须送达本人，不能退订"})
    if not actor.reaches(person.area_id):
        raise ValidationError({"event": "该人员不在您的管辖区域内"})
    found, created = OptOut.objects.get_or_create(
        person=person, event=event, defaults={"recorded_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=found,
            area_code=person.area_id,
            summary=f"登记短信退订：{EVENTS[event].label}",
        )
    return found


def opt_out_section(user: User, person: Person) -> str:
    """On a person's page: a link to the SMS opt-outs, for those who may record one."""
    if not user.can(Capability.EDIT_PERSONAL):
        return ""
    url = reverse("portal_staff:opt_out", args=[person.pk])
    return format_html('<p><a href="{}">短信退订登记</a></p>', url)
