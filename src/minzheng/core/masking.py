"""Masking of personal data for display and publication (D3.7, PIPL)."""

from __future__ import annotations


def mask_id_number(number: str) -> str:
    """Keep the first 4 and last 4 characters: 3203**********002X."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_id_number_public(number: str) -> str:
    """For public notices: the first 6 (place) and last 2 characters; the birth date is hidden."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧**明, 王小明 → 王*明."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
