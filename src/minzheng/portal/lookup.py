"""Status look-up by receipt number and the last four characters of the applicant's ID
number, or of an organisation's unified social credit code (GB 32100-2015: digits and
capitals without I, O, Z, S, V — an ID number's X is among them).

Rate-limited per address and per receipt number (so four characters cannot be guessed
from many addresses either), audited (every try, found or not, and every refusal), and
answering only the step and its deadline. "No such receipt" and "wrong characters" get
the same answer, after the same work: the answer must not tell a guesser which part
was wrong.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.config import config_int
from minzheng.core.masking import mask_free_text
from minzheng.core.models import AuditAction
from minzheng.core.public import CaseStatus, case_status

RECEIPT = re.compile(r"^[A-Z0-9]{6,24}$")
TAIL = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{4}$")
_DUMMY_TAIL = "\x00\x00\x00\x00"  # compared when no case exists, so both paths do the same


@dataclass(frozen=True)
class Answer:
    status: CaseStatus | None  # None: nothing matches (never says which part)
    limited: bool = False


def clean_receipt(raw: str) -> str:
    return raw.strip().upper()


def clean_tail(raw: str) -> str:
    return raw.strip().upper()


def _count(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def _over_limit(ip: str, receipt: str) -> bool:
    today = timezone.localdate()
    hour = timezone.localtime().strftime("%Y%m%d%H")
    by_address = _count(f"portal-lookup:ip:{ip}:{hour}")
    by_receipt = _count(f"portal-lookup:receipt:{receipt}:{hour}")
    return by_address > config_int(
        "portal.lookup.per_address_per_hour", on=today
    ) or by_receipt > config_int("portal.lookup.per_receipt_per_hour", on=today)


def case_lookup(*, receipt: str, tail: str, ip: str) -> Answer:
    """The case's step and deadline when both receipt and tail match; audited."""
    if _over_limit(ip, receipt):
        audit_record(
            actor=None,
            action=AuditAction.SEARCH,
            object_type="portal.lookup",
            summary=f"公众查询办理进度过于频繁，已拒绝：受理编号{mask_free_text(receipt)}",
        )
        return Answer(None, limited=True)
    found = case_status(receipt)
    expected = found.id_tail.upper() if found else _DUMMY_TAIL
    matches = hmac.compare_digest(expected.encode(), tail.encode()) and found is not None
    audit_record(
        actor=None,
        action=AuditAction.READ if matches else AuditAction.SEARCH,
        object_type=found.object_type if matches and found else "portal.lookup",
        object_id=found.object_id if matches and found else "",
        area_code=found.area_code if matches and found else "",
        summary=f"公众查询办理进度：受理编号{mask_free_text(receipt)}，"
        + ("相符，已答复环节和时限" if matches else "未相符"),
    )
    return Answer(found if matches else None)
