from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone

from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import Person
from minzheng.core.vocabulary import code_label

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter(name="mask_phone")
def mask_phone_filter(value: str) -> str:
    return mask_phone(value or "")


@register.filter
def age(person: Person) -> int:
    on = person.death_date or timezone.localdate()
    return person.age_on(on)


@register.filter
def state_label(workflow: object, state: str) -> str:
    """A workflow state's Chinese label: {{ workflow|state_label:case.status }}."""
    label = getattr(workflow, "label", None)
    return label(state) if callable(label) else state


@register.filter
def label(value: object, vocabulary: str) -> str:
    """A code's Chinese label from the shared vocabulary: {{ e.programme|label:"programme" }}."""
    return code_label(value, vocabulary)


def _as_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    if timezone.is_naive(value):  # stored naive means UTC (USE_TZ)
        value = timezone.make_aware(value, dt.UTC)
    return timezone.localtime(value)


@register.filter
def local(value: object, fmt: str = "minute") -> str:
    """A moment in Beijing time, whatever it arrived as (aware, naive UTC, ISO text):
    ``2026-12-02 15:19``; ``local:"second"`` adds seconds, ``local:"date"`` the day only."""
    moment = _as_datetime(value)
    if moment is None:
        return "" if value in (None, "") else str(value)
    pattern = {"date": "%Y-%m-%d", "second": "%Y-%m-%d %H:%M:%S"}.get(fmt, "%Y-%m-%d %H:%M")
    return moment.strftime(pattern)


@register.filter
def form_dom_id(action: str) -> str:
    """A stable element id for the form posting to `action` (htmx picks it out of a
    whole page answered with 422)."""
    return "form-" + (re.sub(r"[^a-zA-Z0-9]+", "-", action or "").strip("-") or "page")
