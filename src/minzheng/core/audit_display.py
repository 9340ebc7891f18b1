"""The audit page's rows in the auditor's words: who (name and role), through which
channel, what object (人员 张三（3203**********1234）), which area — never raw codes.

Each page of 50 entries costs one query per kind of object shown, plus users and areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from minzheng.core.masking import mask_free_text, mask_id_number
from minzheng.core.models import Area, AuditAction, AuditEntry, User

CHANNELS = {"web": "网页", "api": "接口", "cli": "命令行", "task": "后台任务"}
_MASKED_ACTIONS = {AuditAction.SEARCH, AuditAction.EXPORT}


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    actor: str
    channel: str
    action: str
    obj: str
    area: str
    summary: str


def _person(p: Any) -> str:
    return f"{p.name}（{mask_id_number(p.id_number)}）"


# How to name one object of each kind, by model label (core imports no domain).
# Objects of other kinds are shown by their number, never by a raw `__str__`.
_DESCRIBE: dict[str, Callable[[Any], str]] = {
    "core.person": _person,
    "core.household": lambda h: str(h.number),
    "core.user": lambda u: f"{u}（{u.get_role_display()}）",
    "core.auditverification": lambda v: f"第{v.pk}次",
    "core.auditentry": lambda e: f"第{e.pk}号审计记录",
    "assistance.application": lambda a: str(a.number),
    "warning.lead": lambda lead: str(lead.rule_title),
    "screening.campaign": lambda c: str(c.name),
}


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _objects(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """`(object_type, object_id)` → a description, one query per object type."""
    ids: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_id.isdigit():
            ids[e.object_type].add(e.object_id)
    described: dict[tuple[str, str], str] = {}
    for label, pks in ids.items():
        model, describe = _model(label), _DESCRIBE.get(label)
        if model is None or describe is None:
            continue
        for obj in model._default_manager.filter(pk__in=[int(pk) for pk in pks]):
            described[(label, str(obj.pk))] = describe(obj)
    return described


def _kind(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else "其他"


def _actor(entry: AuditEntry, users: dict[int, User]) -> str:
    user = users.get(entry.actor_id or 0)
    if user is not None:
        return f"{user}（{user.get_role_display()}）"
    return "系统" if entry.actor_username in ("", "system") else entry.actor_username


def _object(kind: str, e: AuditEntry, described: dict[tuple[str, str], str]) -> str:
    if not e.object_id:
        return f"{kind}（列表）" if e.action == AuditAction.SEARCH else kind
    detail = described.get((e.object_type, e.object_id))
    return f"{kind} {detail}" if detail else f"{kind}（编号{e.object_id}）"


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    page = list(entries)
    user_ids = {e.actor_id for e in page if e.actor_id}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    areas = dict(
        Area.objects.filter(code__in={e.area_code for e in page}).values_list("code", "name")
    )
    objects = _objects(page)
    rows = []
    for e in page:
        kind = _kind(e.object_type)
        obj = _object(kind, e, objects)
        summary = mask_free_text(e.summary) if e.action in _MASKED_ACTIONS else e.summary
        rows.append(
            AuditRow(
                entry=e,
                actor=_actor(e, users),
                channel=CHANNELS.get(e.channel, "其他"),
                action=e.get_action_display(),
                obj=obj,
                area=areas.get(e.area_code, "未知区划") if e.area_code else "全市",
                summary=summary,
            )
        )
    return rows
