"""What the standards page shows: every declared setting, grouped by app, with the value
in force, the areas' own values and the full history, each value in words."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.apps import apps

from minzheng.core.config import versions_in_force
from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Area, AreaLevel, ConfigValue, User
from minzheng.core.settings_registry import Setting, declared, display
from minzheng.core.text import form_text


@dataclass(frozen=True)
class Version:
    row: ConfigValue
    text: str  # the value in words (labels for codes)

    @property
    def where(self) -> str:
        return self.row.area.name if self.row.area else "全市"


@dataclass(frozen=True)
class SettingRow:
    setting: Setting
    in_force: Version | None  # the city-wide value in force today
    overrides: tuple[Version, ...]  # areas' own values in force today
    history: tuple[Version, ...]  # every version, oldest first


@dataclass(frozen=True)
class SettingGroup:
    title: str
    rows: tuple[SettingRow, ...]


def _app_title(label: str) -> str:
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def settings_overview(today: dt.date) -> list[SettingGroup]:
    """Every declared key by app (keys sorted, so a domain's keys stay together)."""
    settings = declared()
    history: dict[str, list[ConfigValue]] = defaultdict(list)
    rows = ConfigValue.objects.filter(key__in=settings).select_related("area", "created_by")
    for row in rows.order_by("key", "effective_from", "area_id"):
        history[row.key].append(row)
    in_force = versions_in_force(settings, area=None, on=today)
    by_app: dict[str, list[SettingRow]] = defaultdict(list)
    for key, setting in sorted(settings.items()):
        versions = [Version(r, display(setting, r.value)) for r in history[key]]
        current = next((v for v in versions if v.row is in_force.get(key)), None)
        if key in in_force and current is None:
            current = Version(in_force[key], display(setting, in_force[key].value))
        by_app[setting.app].append(
            SettingRow(setting, current, _overrides(versions, today), tuple(versions))
        )
    return [SettingGroup(_app_title(app), tuple(rows)) for app, rows in sorted(by_app.items())]


def _overrides(versions: list[Version], today: dt.date) -> tuple[Version, ...]:
    """Per area below the city, its newest version in force today."""
    latest: dict[str, Version] = {}
    for version in versions:  # oldest first
        if version.row.area_id and version.row.effective_from <= today:
            latest[version.row.area_id] = version
    return tuple(latest[code] for code in sorted(latest))


class SettingVersionForm(forms.Form):
    """A new version of one setting; the write service parses and checks it."""

    key = forms.ChoiceField(label="项目")
    area = forms.ModelChoiceField(
        label="适用区划",
        queryset=Area.objects.none(),
        required=False,
        empty_label="全市统一",
    )
    value = form_text(
        ConfigValue,
        "value",
        required=False,
        help_text="金额以元为单位；选项可填中文名称，多项以逗号分隔",
    )
    effective_from = forms.DateField(label="生效日期", widget=IsoDateInput())
    basis = form_text(ConfigValue, "basis")

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, setting in sorted(declared().items()):
            groups[_app_title(setting.app)].append((key, setting.label))
        self.fields["key"].choices = [("", "请选择"), *sorted(groups.items())]  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            code__startswith=user.scope_prefix, level=AreaLevel.COUNTY
        ).order_by("code")
