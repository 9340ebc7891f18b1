from django import template

from minzheng.core.masking import mask_name as _mask_name

register = template.Library()


@register.filter
def mask_name(value: str) -> str:
    """A caller's, reporter's or person's name masked on the hotline pages (张*)."""
    return _mask_name(str(value or ""))
