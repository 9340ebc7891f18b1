"""The published texts (三规范 service guides, message templates) as versioned content:
which keys exist, what each version must hold, the one audited write and the reader.

Keys are not typed by anyone: a guide exists for each programme one applies for and
each licensing item an app declares; a template for each event and channel. Limits
(working days) are never written in a guide: the page reads them from the settings
that the procedure itself uses, so the published limit cannot drift from the real one.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from minzheng.assistance.models import Programme
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability
from minzheng.core.text import clean_text
from minzheng.licensing.items import all_items
from minzheng.portal.events import EVENTS, FIELD_LABELS
from minzheng.portal.models import ContentVersion
from minzheng.portal.models.notices import NotificationChannel

GUIDE_TEXTS = {"who": "申请条件", "where": "办理地点", "notes": "其他事项"}
MAX_DOCUMENTS = 40
SMS_MAX_LENGTH = 140  # two SMS segments of 70 Chinese characters
# An ID number (18 characters or the old 15 digits) or a mobile number, standing alone.
PERSONAL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15}|1\d{10})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class ContentKey:
    key: str
    label: str
    kind: str  # "guide" or "template"
    event: str = ""
    channel: str = ""
    licence: str = ""  # a licensing item's code
    programme: str = ""


def content_keys() -> dict[str, ContentKey]:
    keys = [
        ContentKey(f"guide.programme.{code}", f"办事指南：{label}", "guide", programme=code)
        for code, label in Programme.choices
    ]
    keys += [
        ContentKey(f"guide.licence.{i.code}", f"办事指南：{i.name}", "guide", licence=i.code)
        for i in all_items().values()
    ]
    keys += [
        ContentKey(
            f"template.{e.code}.{channel}",
            f"通知模板：{e.label}（{channel_label}）",
            "template",
            event=e.code,
            channel=channel,
        )
        for e in EVENTS.values()
        for channel, channel_label in NotificationChannel.choices
    ]
    return {k.key: k for k in keys}


def content_key(key: str) -> ContentKey:
    found = content_keys().get(key)
    if found is None:
        raise ValidationError({"key": f"未声明的公开内容项：{key[:100]}"})
    return found


def _guide_body(body: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, label in GUIDE_TEXTS.items():
        value = str(body.get(name, ""))
        try:
            clean[name] = clean_text(value, label=label, max_length=2000, multiline=True)
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from None
    for name in ("who", "where"):
        if not clean[name]:
            raise ValidationError({name: f"请填写{GUIDE_TEXTS[name]}"})
    lines = body.get("documents", [])
    if isinstance(lines, str):
        lines = lines.splitlines()
    documents = []
    for n, line in enumerate(lines, 1):
        try:
            text = clean_text(str(line), label=f"第{n}项材料", max_length=200)
        except ValidationError as exc:
            raise ValidationError({"documents": exc.messages}) from None
        if text:
            documents.append(text)
    if not documents or len(documents) > MAX_DOCUMENTS:
        raise ValidationError({"documents": f"申请材料清单应有1至{MAX_DOCUMENTS}项，每行一项"})
    clean["documents"] = documents
    return clean


def template_fields(text: str) -> set[str]:
    """The placeholders a template uses, in Chinese ({受理编号}, {救助项目} ...): the
    city office writes them; the event's fields are filled under these names."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        raise ValidationError({"text": "模板中的花括号不成对"}) from None


def _template_body(body: dict[str, Any], ck: ContentKey) -> dict[str, Any]:
    limit = SMS_MAX_LENGTH if ck.channel == NotificationChannel.SMS else 300
    try:
        text = clean_text(str(body.get("text", "")), label="模板内容", max_length=limit)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from None
    if not text:
        raise ValidationError({"text": "请填写模板内容"})
    allowed = [FIELD_LABELS[f] for f in EVENTS[ck.event].fields]
    if unknown := template_fields(text) - set(allowed):
        names = "、".join(sorted(unknown))
        words = "、".join(f"{{{f}}}" for f in allowed)
        raise ValidationError({"text": f"模板只能使用这些占位：{words}；不认识：{names}"})
    if PERSONAL_NUMBER.search(text):
        raise ValidationError({"text": "模板不得含有身份证号码或手机号码"})
    return {"text": text}


def content_check(ck: ContentKey, body: dict[str, Any]) -> dict[str, Any]:
    return _guide_body(body) if ck.kind == "guide" else _template_body(body, ck)


@transaction.atomic
def content_publish(
    *,
    actor: User | None,
    key: str,
    title: str,
    body: dict[str, Any],
    effective_from: dt.date,
    basis: str,
    is_example: bool = False,
) -> ContentVersion:
    """Add a version (never edit one): checked, numbered, audited. The city office
    (`manage_config`) publishes; `actor` None is the example seeding."""
    if actor is not None and not actor.can(Capability.MANAGE_CONFIG):
        raise PermissionDenied("只有市级管理员可以发布公开内容")
    ck = content_key(key)
    title = clean_text(title or ck.label, label="标题", max_length=200)
    clean = content_check(ck, body)
    basis = basis.strip()
    if not basis:
        raise ValidationError({"basis": "请填写依据（文件或通知）"})
    basis = clean_text(basis, label="依据", max_length=300)
    versions = ContentVersion.objects.select_for_update().filter(key=key)
    if versions.filter(effective_from=effective_from).exists():
        raise ValidationError(
            {"effective_from": "同一内容同一天只能发布一个版本，请改期或另选日期"}
        )
    number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
    row = ContentVersion.objects.create(
        key=key,
        version=number,
        effective_from=effective_from,
        title=title,
        body=clean,
        basis=basis,
        is_example=is_example,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after={"title": title, "effective_from": str(effective_from), **clean},
        summary=f"发布{ck.label}第{number}版，{effective_from:%Y-%m-%d}起生效",
    )
    return row


def content_in_force(key: str, on: dt.date) -> ContentVersion | None:
    """The latest version effective on `on` (a version dated later is not yet in force)."""
    rows = ContentVersion.objects.filter(key=key, effective_from__lte=on)
    return rows.order_by("-effective_from", "-version").first()


def contents_in_force(keys: list[str], on: dt.date) -> dict[str, ContentVersion]:
    found: dict[str, ContentVersion] = {}
    rows = ContentVersion.objects.filter(key__in=keys, effective_from__lte=on)
    for row in rows.order_by("key", "effective_from", "version"):
        found[row.key] = row
    return found
