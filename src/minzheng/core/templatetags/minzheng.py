from __future__ import annotations

from django import template
from django.utils import timezone

from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import Person

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
