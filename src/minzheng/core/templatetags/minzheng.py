from __future__ import annotations

from django import template
from django.utils import timezone

from minzheng.core.masking import mask_id_number
from minzheng.core.models import Person

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def age(person: Person) -> int:
    on = person.death_date or timezone.localdate()
    return person.age_on(on)
