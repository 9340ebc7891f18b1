"""Writing the audit trail (design: `models.audit`; verification: `audit_chain`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from minzheng.core import audit_seal, context
from minzheng.core.masking import mask_free_text
from minzheng.core.models import AuditAction, AuditEntry

# Fields never copied into the trail (secrets, derived search helpers).
_SKIPPED_FIELDS = {"password", "digest", "id_number_reversed"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """A JSON-safe copy of a row's concrete fields, as stored in `before`/`after`."""
    data = {
        f.attname: f.value_from_object(instance)
        for f in instance._meta.concrete_fields
        if f.attname not in _SKIPPED_FIELDS
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def _label(instance_or_type: models.Model | type[models.Model]) -> str:
    return instance_or_type._meta.label_lower


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    area_code: str = "",
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction (sealed at once when
    no other transaction holds the chain head, else pending until sealed right after the
    commit: `core.audit_seal`).

    `actor` is a user or None for the system (imports, batch runs).
    """
    if obj is not None:
        object_type = object_type or _label(obj)
        object_id = object_id or str(obj.pk)
        area_code = area_code or str(getattr(obj, "area_id", "") or "")
    ctx = context.current()
    entry = AuditEntry(
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_username=getattr(actor, "username", "") or "system",
        ip=ctx.ip,
        channel=ctx.channel,
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        area_code=area_code,
        summary=summary[:300],
        before=before,
        after=after,
    )
    audit_seal.append([entry])
    return entry


@dataclass(frozen=True)
class Entry:
    """One entry of a batch for `audit_record_many`."""

    action: str
    obj: models.Model
    summary: str
    after: dict[str, Any] | None = None
    area_code: str = ""


def audit_record_many(*, actor: Any, entries: list[Entry], batch_size: int = 1000) -> int:
    """Append many entries with bulk inserts (one `audit_seal.append`): bulk imports get
    one entry per record at a fraction of the cost of one append each."""
    if not entries:
        return 0
    ctx, now = context.current(), timezone.now()
    rows = [
        AuditEntry(
            at=now,
            actor_id=getattr(actor, "pk", None),
            actor_username=getattr(actor, "username", "") or "system",
            ip=ctx.ip,
            channel=ctx.channel,
            action=str(item.action),
            object_type=_label(item.obj),
            object_id=str(item.obj.pk),
            area_code=item.area_code or str(getattr(item.obj, "area_id", "") or ""),
            summary=item.summary[:300],
            before=None,
            after=item.after,
        )
        for item in entries
    ]
    audit_seal.append(rows, batch_size=batch_size)
    return len(rows)


def audit_read(*, actor: Any, obj: models.Model, summary: str = "") -> AuditEntry:
    """Log a read of personal data (detail page, API detail)."""
    return audit_record(actor=actor, action=AuditAction.READ, obj=obj, summary=summary)


def audit_export(
    *, actor: Any, object_type: str, area_code: str, count: int, criteria: str
) -> AuditEntry:
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=object_type,
        area_code=area_code,
        summary=f"导出{count}条；条件：{mask_free_text(criteria) or '无'}",
    )


def criteria_text(criteria: Mapping[str, object]) -> str:
    """`姓名/证件号=3203**********1234；状态=待审核`: the filled-in criteria, masked
    (an ID number or phone typed as a criterion never reaches the trail in clear)."""
    parts = [f"{label}={value}" for label, value in criteria.items() if value not in ("", None)]
    return mask_free_text("；".join(parts)) or "无"


def audit_search(
    *,
    actor: Any,
    object_type: str,
    criteria: Mapping[str, object],
    rows: int,
    total: int | None = None,
    page: int = 1,
    cap: int | None = None,
    cut: bool = False,
) -> AuditEntry:
    """One entry per list page or search of personal data: who, the masked criteria,
    which page and how many rows it showed out of how many matched. One append per
    request (item 9 of issue 7: paging through 3,429 people
    leaves one entry per page). `total` is None for a list cut at a limit, not paged;
    with `cap`, a search counted only up to it (core/paging.py); `cut`: `total` is only
    a lower bound (households of the first people found by a member's name)."""
    if total is None:
        shown = f"返回{rows}条"
    elif cut:
        shown = f"第{page}页，本页{rows}条，至少{total}条（匹配人员过多，仅按前一部分查找）"
    elif cap is not None and total > cap:
        shown = f"第{page}页，本页{rows}条，超过{cap}条"
    else:
        shown = f"第{page}页，本页{rows}条，共{total}条"
    return audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type=object_type,
        area_code=str(getattr(actor, "area_id", "") or ""),
        summary=f"{shown}；条件：{criteria_text(criteria)}",
    )


def audit_page(
    *, actor: Any, object_type: str, criteria: Mapping[str, object], page: Page[Any]
) -> AuditEntry:
    """`audit_search` for a web page's paginator page (its rows are loaded once, here,
    and reused by the template)."""
    return audit_search(
        actor=actor,
        object_type=object_type,
        criteria=criteria,
        rows=len(page.object_list),
        total=page.paginator.count,
        page=page.number,
        cap=getattr(page.paginator, "cap", None),
        cut=getattr(page.paginator, "cut", False),
    )
