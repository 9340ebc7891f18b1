"""Writing versioned configuration: the one audited way to add a version of a setting.

The standards page and every import or seed path call `setting_set` (or, for the
labelled demo defaults, `seed_examples`): the value is parsed by the key's declared
type, a key nobody declared is refused, and so is an area outside the user's reach.
Rows are never edited; a change is a new version with an effective date (D1.18).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Area, AreaLevel, AuditAction, ConfigValue, User
from minzheng.core.roles import Capability
from minzheng.core.settings_registry import (
    SCOPES,
    InvalidSetting,
    Setting,
    declared,
    display,
    parse,
)

EXAMPLE_BASIS = "示例默认值，正式使用前须按本地政策文件核定"


def _declaration(key: str) -> Setting:
    found = declared().get(key)
    if found is None:
        raise ValidationError({"key": f"配置项“{key}”未声明，不能录入"})
    return found


def _authorise(actor: User, setting: Setting, area: Area | None) -> None:
    """Like the other administrative pages: the configuration capability, and an area
    the user reaches; the city-wide default is the city office's alone."""
    if not actor.can(Capability.MANAGE_CONFIG):
        raise PermissionDenied("您的角色没有修改配置的权限")
    if area is None:
        if actor.area is None or actor.area.level != AreaLevel.CITY:
            raise PermissionDenied("只有市级管理员可以设置全市统一的值")
        return
    if not actor.reaches(area.code):
        raise PermissionDenied("该区划不在您的管辖区域内")
    if setting.scope == "city" and area.level != AreaLevel.CITY:
        raise ValidationError({"area": f"“{setting.label}”{SCOPES['city']}，不能按区划设置"})


@transaction.atomic
def setting_set(
    *,
    actor: User,
    key: str,
    value: str,
    area: Area | None,
    effective_from: dt.date,
    basis: str,
) -> ConfigValue:
    """Add one version of `key` for `area` (None: the city-wide default) from
    `effective_from`, audited. Refuses, naming the field, an undeclared key, a value
    that does not parse, a missing basis, or a second version on the same day."""
    setting = _declaration(key)
    _authorise(actor, setting, area)
    try:
        stored, _typed = parse(setting, value)
    except InvalidSetting as bad:
        raise ValidationError({"value": f"“{setting.label}”的值无效：{bad}"}) from None
    if not basis.strip():
        raise ValidationError({"basis": "请填写依据（文件或通知）"})
    area_code = area.code if area else None
    if ConfigValue.objects.filter(key=key, area_id=area_code, effective_from=effective_from):
        raise ValidationError({"effective_from": "该区划在这一天已有一个版本，请换一个生效日期"})
    row = ConfigValue.objects.create(
        key=key,
        area=area,
        value=stored,
        effective_from=effective_from,
        basis=basis.strip(),
        created_by=actor,
    )
    where = area.name if area else "全市"
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        area_code=area_code or "",
        after=snapshot(row),
        summary=f"{setting.label}（{where}）自{effective_from:%Y-%m-%d}起为"
        f"{display(setting, stored)}{setting.unit}",
    )
    return row


@transaction.atomic
def seed_examples(
    *,
    apps: Iterable[str] | None = None,
    first_year: int = 2016,
    rises: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """City-wide labelled example values (`is_example`) for every declared key of `apps`
    (all apps by default) not yet configured; returns the rows written, with one audit
    entry for the lot. A key in `rises` gets one version per year from `first_year`
    (1 July, e.g. the ten rises of D1.18), every other key one from 1 January."""
    wanted = set(apps) if apps is not None else None
    rises = rises or {}
    present = set(ConfigValue.objects.filter(area__isnull=True).values_list("key", flat=True))
    rows = []
    for key, setting in sorted(declared().items()):
        if not setting.example or key in present or (wanted and setting.app not in wanted):
            continue
        versions = [(dt.date(first_year + i, 7, 1), v) for i, v in enumerate(rises.get(key, ()))]
        for day, value in versions or [(dt.date(first_year, 1, 1), setting.example)]:
            stored, _typed = parse(setting, value)
            rows.append(
                ConfigValue(
                    key=key, value=stored, effective_from=day, is_example=True, basis=EXAMPLE_BASIS
                )
            )
    ConfigValue.objects.bulk_create(rows)
    if rows:
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="core.configvalue",
            summary=f"录入示例配置 {len({r.key for r in rows})} 项（{len(rows)} 个版本）",
        )
    return len(rows)
