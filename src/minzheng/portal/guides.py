"""A service guide as the public reads it: the version in force, and the limits read
from the settings the procedure itself uses (never typed into the guide)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core.config import MissingSetting, config_int
from minzheng.licensing.items import all_items
from minzheng.portal.content import ContentKey, content_keys, contents_in_force
from minzheng.portal.models import ContentVersion

# The assistance procedure's limits (D1.9), read for every programme's guide.
PROGRAMME_LIMIT_KEYS = (
    "dibao.deadline.total_working_days",
    "dibao.deadline.extended_working_days",
)


@dataclass(frozen=True)
class Guide:
    key: ContentKey
    version: ContentVersion
    limits: list[str]


def _days(key: str, on: dt.date) -> int | None:
    try:
        return config_int(key, on=on)
    except MissingSetting:
        return None


def limits(ck: ContentKey, on: dt.date) -> list[str]:
    if ck.licence:
        item = all_items()[ck.licence]
        statutory, promised = _days(item.statutory_limit, on), _days(item.promised_limit, on)
        found = [f"法定办结时限：{statutory}个工作日"] if statutory else []
        return found + ([f"承诺办结时限：{promised}个工作日"] if promised else [])
    total, extended = (_days(k, on) for k in PROGRAMME_LIMIT_KEYS)
    found = [f"受理后{total}个工作日内办结"] if total else []
    return found + ([f"特殊情况延长后不超过{extended}个工作日"] if extended else [])


def guides_in_force(on: dt.date) -> list[Guide]:
    keys = {k: ck for k, ck in content_keys().items() if ck.kind == "guide"}
    versions = contents_in_force(list(keys), on)
    return [Guide(keys[k], versions[k], limits(keys[k], on)) for k in keys if k in versions]


def guide_in_force(key: str, on: dt.date) -> Guide | None:
    ck = content_keys().get(key)
    if ck is None or ck.kind != "guide":
        return None
    version = contents_in_force([key], on).get(key)
    return Guide(ck, version, limits(ck, on)) if version else None
