"""Licensing items (行政许可事项) declared by the apps (D15.3).

An item is data: a code, its Chinese name, the legal basis, the levels of authority
that handle it, the checklist of materials, and the *setting keys* of its statutory
and promised limits in working days — never the numbers themselves, which are
versioned configuration with an effective date (docs/settings.md). Every installed
app may declare items in `licensing_items.yaml` beside its `apps.py`, or name other
files in its config's `licensing_items_files`: the engine imports no app, as core's
settings registry finds each app's `settings.yaml` (docs/licensing.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

LEVELS = {"county": "县（区）", "city": "市"}
# The unit of an item's limits, clocks, pauses and extension: working days unless the
# law that sets the limit counts days (D15.1: art. 82 counts the licensing law's own
# limits in working days; D10.6: the registration regulations' 60 days are days).
UNITS = {"working_days": "工作日", "calendar_days": "日"}
DEFAULT_EXTENSION = "licensing.extension.working_days"


@dataclass(frozen=True)
class LicensingItem:
    code: str
    name: str
    basis: str
    levels: tuple[str, ...]
    statutory_limit: str  # a setting key, in `unit` (D15.1)
    promised_limit: str  # a setting key, in `unit` (D15.3)
    materials: tuple[tuple[str, str], ...]  # (code, Chinese name), the checklist
    app: str
    unit: str = "working_days"  # or "calendar_days" (D10.6)
    extension_limit: str = DEFAULT_EXTENSION  # a setting key, in `unit`; 0: no extension
    intake: str = ""  # a URL name: the app's own intake page for the item, if any

    def material_label(self, code: str) -> str:
        return dict(self.materials).get(code, code)

    @property
    def levels_label(self) -> str:
        return "、".join(LEVELS[level] for level in self.levels)

    @property
    def unit_label(self) -> str:
        return UNITS[self.unit]


_REQUIRED = {"code", "name", "basis", "levels", "statutory_limit", "promised_limit", "materials"}
_OPTIONAL = {"unit", "extension_limit", "intake"}


def _item(entry: object, path: Path, app: str) -> LicensingItem:
    if not isinstance(entry, dict) or not _REQUIRED <= set(entry) <= _REQUIRED | _OPTIONAL:
        raise ImproperlyConfigured(
            f"{path}: 许可事项须有 {sorted(_REQUIRED)}，可有 {sorted(_OPTIONAL)}：{entry!r}"
        )
    unit = str(entry.get("unit", "working_days"))
    if unit not in UNITS:
        raise ImproperlyConfigured(f"{path}: {entry['code']} 的时限单位只能是 {sorted(UNITS)}")
    levels = tuple(str(level) for level in entry["levels"])
    if not levels or set(levels) - set(LEVELS):
        raise ImproperlyConfigured(f"{path}: {entry['code']} 的办理层级只能是 {sorted(LEVELS)}")
    materials = entry["materials"]
    if not isinstance(materials, dict) or not materials:
        raise ImproperlyConfigured(f"{path}: {entry['code']} 须列出申请材料清单")
    return LicensingItem(
        code=str(entry["code"]),
        name=str(entry["name"]),
        basis=str(entry["basis"]),
        levels=levels,
        statutory_limit=str(entry["statutory_limit"]),
        promised_limit=str(entry["promised_limit"]),
        materials=tuple((str(k), str(v)) for k, v in materials.items()),
        app=app,
        unit=unit,
        extension_limit=str(entry.get("extension_limit", DEFAULT_EXTENSION)),
        intake=str(entry.get("intake", "")),
    )


def items_from_yaml(path: Path, *, app: str) -> list[LicensingItem]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [_item(entry, path, app) for entry in entries]


@cache
def all_items() -> dict[str, LicensingItem]:
    """Every installed app's items, by code; a code declared twice is refused."""
    from django.apps import apps

    found: dict[str, LicensingItem] = {}
    for config in apps.get_app_configs():
        for name in getattr(config, "licensing_items_files", ("licensing_items.yaml",)):
            path = Path(config.path) / name
            if not path.exists():
                continue
            for item in items_from_yaml(path, app=config.label):
                if item.code in found:
                    raise ImproperlyConfigured(f"许可事项 {item.code} 重复声明（{path}）")
                found[item.code] = item
    return found


def item(code: str) -> LicensingItem:
    try:
        return all_items()[code]
    except KeyError:
        raise LookupError(f"未声明的许可事项：{code}") from None


def item_choices() -> list[tuple[str, str]]:
    return [(i.code, i.name) for i in all_items().values()]


def check_items(app_configs: object = None, **kwargs: object) -> list[Any]:
    """`minzheng check`: every item parses and names declared settings of kind int (its
    statutory, promised and extension limits)."""
    from django.core import checks

    from minzheng.core.settings_registry import SettingError, declared

    try:
        keys = declared()
        problems = [
            f"{i.code}: {key}"
            for i in all_items().values()
            for key in (i.statutory_limit, i.promised_limit, i.extension_limit)
            if key not in keys or keys[key].kind != "int"
        ]
    except (ImproperlyConfigured, SettingError, ValueError) as bad:
        return [checks.Error(f"许可事项声明有误：{bad}", id="minzheng.E101")]
    return [
        checks.Error(f"许可事项的时限须为已声明的整数配置项：{p}", id="minzheng.E102")
        for p in problems
    ]
