"""Masking of personal data for display and publication (D3.7, PIPL)."""

from __future__ import annotations

import re


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


# An ID number (18 characters, or the old 15 digits) or a run of 7+ digits (phone,
# bank card, partial ID) inside free text such as search criteria.
_ID_OR_DIGITS = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{7,})(?![0-9A-Za-z])")


def mask_free_text(text: str) -> str:
    """Mask every ID number and long digit run in free text (search criteria, audit
    summaries): `3203********1234`, `138****5678`. Shorter numbers (the last few digits
    of an ID number, a household number's tail) stay as typed."""

    def _mask(match: re.Match[str]) -> str:
        token = match.group(0)
        return mask_id_number(token) if len(token) >= 15 else mask_phone(token)

    return _ID_OR_DIGITS.sub(_mask, text)
