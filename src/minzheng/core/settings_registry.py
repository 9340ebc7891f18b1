"""The one registry of declared settings (versioned configuration keys).

Every amount, threshold and deadline is a `ConfigValue` row with an effective
date (`models.config`); this module says which keys exist, what type each
value has, its Chinese label and unit, the rule it implements, its labelled
example value and whether a county (or a smaller area) may set its own.

Apps contribute declarations without core importing them:

- a YAML file beside the app, `<app>/settings.yaml` (or the files the app's
  config names in `settings_files`), found through the installed app configs;
- a provider function an app registers in `AppConfig.ready()` (the warning app
  registers the parameters of its rule files this way, read from their headers).

A key declared twice must agree on its type and its example value; the later
declaration adds its rule reference and its checks. Values are parsed by the
declared kind here and, where the declaring app knows more (a policy vocabulary,
a rule parameter's SQL type), by that app's check as well.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

Check = Callable[[str], object]

KINDS: dict[str, str] = {
    "money": "应为非负金额（元），最多两位小数，如 780 或 780.50",
    "ratio": "应为非负小数或分数，如 1.3、0.6 或 1/6",
    "int": "应为非负整数",
    "bool": "应为“是”或“否”",
    "choice": "应为下列选项之一",
    "codes": "应为以逗号分隔的选项列表",
    "date": "应为日期，如 2026-07-01",
    "text": "应为一段文字",
    "grade_map": "应为“类别:等级”列表，以逗号分隔",
    "int_map": "应为“类别:整数”列表，以逗号分隔",
    "caps": "应为“类别:金额”列表，以逗号分隔",
    "tiers": "应为“比例下限:发放比例”列表，以逗号分隔",
    "code_pairs": "应为“甲:乙”选项对列表，以逗号分隔",
}
# Other spellings of the same kind (rule-file parameter types).
ALIASES = {"integer": "int", "text_list": "codes"}
SCOPES = {"area": "全市及各区划可分别设置", "city": "仅全市统一设置"}

_MONEY = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_DECIMAL = re.compile(r"^\d{1,9}(\.\d{1,6})?$")
_FRACTION = re.compile(r"^(\d{1,9})/([1-9]\d{0,8})$")
_INT = re.compile(r"^\d{1,9}$")
_CODE = re.compile(r"^[A-Za-z0-9_]{1,40}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_PAIRED = {"grade_map", "int_map", "caps", "tiers"}
_PAIR_VALUE = {"grade_map": _INT, "int_map": _INT, "caps": _MONEY, "tiers": _DECIMAL}
_YES, _NO = {"true", "是", "1"}, {"false", "否", "0"}


class SettingError(ValueError):
    """A declaration that cannot be used: bad fields, an unknown kind, a conflict."""


class InvalidSetting(ValueError):
    """A value that does not fit its declaration; the message says what is expected."""


@dataclass(frozen=True)
class Setting:
    """One declared configuration key."""

    key: str
    kind: str
    label: str
    app: str  # the contributing app's label, for grouping on the page
    unit: str = ""
    rule: str = ""  # rulebook references (D1.14), shown as a tooltip only
    example: str = ""  # labelled demo default, never policy
    note: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (code, Chinese label)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    positive: bool = False
    scope: str = "area"
    checks: tuple[Check, ...] = field(default=(), compare=False)

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def hint(self) -> str:
        if self.choices and self.kind in {"choice", "codes"}:
            return f"{KINDS[self.kind]}：" + "、".join(label for _, label in self.choices)
        return KINDS[self.kind]

    def label_of(self, code: str) -> str:
        return dict(self.choices).get(code, code)


def parse(setting: Setting, raw: str) -> tuple[str, object]:
    """The value's normal text (as stored) and its typed value; refuses a bad value.

    Choice codes may be typed as their Chinese labels; they are stored as codes.
    """
    text = str(raw).strip()
    if not text and setting.kind not in {"codes", "text"}:
        raise InvalidSetting("不能为空")
    if len(text) > 1000:
        raise InvalidSetting("不能超过1000个字符")
    stored, typed = _PARSERS[setting.kind](setting, text)
    _check_bounds(setting, typed)
    for check in setting.checks:
        try:
            check(stored)
        except ValueError as refused:
            raise InvalidSetting(str(refused)) from None
    return stored, typed


def display(setting: Setting, stored: str) -> str:
    """The value as a person reads it: labels for codes, 是/否 for yes and no."""
    if setting.kind == "bool":
        return "是" if stored.lower() in _YES else "否"
    if setting.kind == "choice":
        return setting.label_of(stored)
    if setting.kind == "codes":
        return "、".join(setting.label_of(c) for c in _items(stored)) or "（无）"
    if setting.kind == "code_pairs":
        pairs = [item.partition(":") for item in _items(stored)]
        return (
            "；".join(
                f"{setting.label_of(a.strip())}优先于{setting.label_of(b.strip())}"
                for a, _, b in pairs
            )
            or "（无）"
        )
    if setting.kind in _PAIRED:
        pairs = [item.partition(":") for item in _items(stored)]
        return "；".join(f"{setting.label_of(k.strip())}：{v.strip()}" for k, _, v in pairs)
    return stored


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()] if text else []


def _money(setting: Setting, text: str) -> tuple[str, object]:
    if not _MONEY.match(text):
        raise InvalidSetting(KINDS["money"])
    return text, Decimal(text)


def _ratio(setting: Setting, text: str) -> tuple[str, object]:
    fraction = _FRACTION.match(text)
    if fraction:
        return text, Fraction(int(fraction[1]), int(fraction[2]))
    if not _DECIMAL.match(text):
        raise InvalidSetting(KINDS["ratio"])
    return text, Fraction(text)


def _int(setting: Setting, text: str) -> tuple[str, object]:
    if not _INT.match(text):
        raise InvalidSetting(KINDS["int"])
    return str(int(text)), int(text)


def _bool(setting: Setting, text: str) -> tuple[str, object]:
    lowered = text.lower()
    if lowered not in _YES | _NO:
        raise InvalidSetting(KINDS["bool"])
    return ("true", True) if lowered in _YES else ("false", False)


def _code(setting: Setting, text: str) -> str:
    by_label = {label: code for code, label in setting.choices}
    code = by_label.get(text, text)
    if setting.choices and code not in dict(setting.choices):
        allowed = "、".join(label for _, label in setting.choices)
        raise InvalidSetting(f"“{text}”不是可选项，可选：{allowed}")
    if not _CODE.match(code):
        raise InvalidSetting(f"“{text}”不是有效的代码")
    return code


def _choice(setting: Setting, text: str) -> tuple[str, object]:
    code = _code(setting, text)
    return code, code


def _codes(setting: Setting, text: str) -> tuple[str, object]:
    codes = [_code(setting, item) for item in re.split(r"[,，、]", text) if item.strip()]
    if len(set(codes)) != len(codes):
        raise InvalidSetting("同一选项出现了多次")
    return ",".join(codes), tuple(codes)


def _date(setting: Setting, text: str) -> tuple[str, object]:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidSetting(KINDS["date"]) from None
    return day.isoformat(), day


def _text(setting: Setting, text: str) -> tuple[str, object]:
    return text, text


def _pairs(setting: Setting, text: str) -> tuple[str, object]:
    pairs = []
    for item in _items(text.replace("，", ",").replace("：", ":")):
        left, sep, right = item.partition(":")
        if not sep or not _PAIR_VALUE[setting.kind].match(right.strip()):
            raise InvalidSetting(f"“{item}”格式错误：{KINDS[setting.kind]}")
        left = left.strip()
        if setting.kind == "tiers" and not _DECIMAL.match(left):
            raise InvalidSetting(f"“{item}”格式错误：{KINDS[setting.kind]}")
        pairs.append((left if setting.kind == "tiers" else _code(setting, left), right.strip()))
    if len({k for k, _ in pairs}) != len(pairs):
        raise InvalidSetting("同一类别出现了多次")
    return ",".join(f"{k}:{v}" for k, v in pairs), tuple(pairs)


def _code_pairs(setting: Setting, text: str) -> tuple[str, object]:
    """Pairs of codes, "kept:stopped" (an exclusion matrix): both sides choices."""
    pairs = []
    for item in _items(text.replace("，", ",").replace("：", ":")):
        left, sep, right = item.partition(":")
        if not sep or not left.strip() or not right.strip():
            raise InvalidSetting(f"“{item}”格式错误：{KINDS['code_pairs']}")
        pair = (_code(setting, left.strip()), _code(setting, right.strip()))
        if pair[0] == pair[1]:
            raise InvalidSetting(f"“{item}”两边相同")
        pairs.append(pair)
    if len(set(pairs)) != len(pairs):
        raise InvalidSetting("同一选项对出现了多次")
    return ",".join(f"{a}:{b}" for a, b in pairs), tuple(pairs)


_PARSERS: dict[str, Callable[[Setting, str], tuple[str, object]]] = {
    "money": _money,
    "ratio": _ratio,
    "int": _int,
    "bool": _bool,
    "choice": _choice,
    "codes": _codes,
    "date": _date,
    "text": _text,
    "code_pairs": _code_pairs,
    **{kind: _pairs for kind in _PAIRED},
}


def _check_bounds(setting: Setting, typed: object) -> None:
    if not isinstance(typed, int | Decimal | Fraction) or isinstance(typed, bool):
        return
    number = Fraction(typed)
    if setting.positive and number <= 0:
        raise InvalidSetting("必须大于 0")
    if setting.minimum is not None and number < Fraction(setting.minimum):
        raise InvalidSetting(f"不能小于 {setting.minimum}")
    if setting.maximum is not None and number > Fraction(setting.maximum):
        raise InvalidSetting(f"不能大于 {setting.maximum}")


# --- declarations from YAML -------------------------------------------------------

_REQUIRED = {"key", "kind", "label"}
_OPTIONAL = {"unit", "rule", "example", "note", "confidence", "vocabulary", "positive"}
_OPTIONAL |= {"labels", "choices", "min", "max", "scope"}
Vocabularies = Callable[[str], Mapping[str, str]]


def settings_from_yaml(
    path: Path, *, app: str, vocabularies: Vocabularies | None = None
) -> list[Setting]:
    """The declarations of one YAML file: a list of mappings with at least key, kind and
    label (the shape of `assistance/policy/parameter_specs.yaml`). `vocabulary` or
    `labels` name a code list whose labels `vocabularies` gives."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise SettingError(f"{path}: 应为配置项列表")
    return [_from_entry(entry, path, app, vocabularies) for entry in entries]


def _from_entry(entry: object, path: Path, app: str, vocabularies: Vocabularies | None) -> Setting:
    if not isinstance(entry, dict) or not set(entry) >= _REQUIRED:
        raise SettingError(f"{path}: 每项须有 key、kind、label：{entry!r}")
    unknown = set(entry) - _REQUIRED - _OPTIONAL
    if unknown:
        raise SettingError(f"{path}: {entry['key']} 有未知字段 {sorted(unknown)}")
    choices: Mapping[str, str] = entry.get("choices") or {}
    names = [n for n in (entry.get("vocabulary"), entry.get("labels")) if n]
    for name in names:
        if vocabularies is None:
            raise SettingError(f"{path}: {entry['key']} 引用的代码表 {name} 无从查找")
        choices = {**vocabularies(str(name)), **choices}
    bounds = {n: Decimal(str(entry[n])) if n in entry else None for n in ("min", "max")}
    return declare(
        key=str(entry["key"]),
        kind=str(entry["kind"]),
        label=str(entry["label"]),
        app=app,
        unit=str(entry.get("unit", "")),
        rule=str(entry.get("rule", "")),
        example=str(entry.get("example", "")),
        note=str(entry.get("note", "")),
        choices=tuple((str(k), str(v)) for k, v in choices.items()),
        minimum=bounds["min"],
        maximum=bounds["max"],
        positive=entry.get("positive") is True,
        scope=str(entry.get("scope", "area")),
    )


def declare(**fields: Any) -> Setting:
    """A checked declaration (the kind's other spellings accepted)."""
    kind = ALIASES.get(fields["kind"], fields["kind"])
    setting = Setting(**{**fields, "kind": kind})
    if not _KEY.match(setting.key):
        raise SettingError(f"配置项名“{setting.key}”应为小写英文、以点分隔")
    if kind not in KINDS or setting.scope not in SCOPES:
        raise SettingError(f"{setting.key}: 未知类型 {kind} 或范围 {setting.scope}")
    if setting.example:
        try:
            parse(setting, setting.example)
        except InvalidSetting as bad:
            raise SettingError(f"{setting.key}: 示例值“{setting.example}”无效：{bad}") from None
    return setting


# --- the registry -----------------------------------------------------------------


class Registry:
    """Declarations by key. Providers run once, on first use, so that loading rule
    files or reading YAML never slows the start of a process that needs no setting."""

    def __init__(self) -> None:
        self._providers: list[Callable[[], Iterable[Setting]]] = []
        self._settings: dict[str, Setting] | None = None

    def add_provider(self, provider: Callable[[], Iterable[Setting]]) -> None:
        self._providers.append(provider)
        self._settings = None

    def all(self) -> dict[str, Setting]:
        if self._settings is None:
            merged: dict[str, Setting] = {}
            for provider in self._providers:
                for setting in provider():
                    merged[setting.key] = merge(merged.get(setting.key), setting)
            self._settings = merged
        return self._settings

    def get(self, key: str) -> Setting:
        try:
            return self.all()[key]
        except KeyError:
            raise KeyError(f"配置项“{key}”未声明") from None


def merge(first: Setting | None, later: Setting) -> Setting:
    """One key declared twice: the types and example values must agree."""
    if first is None:
        return later
    if first.kind != later.kind:
        raise SettingError(f"{later.key}: 重复声明的类型不同（{first.kind} / {later.kind}）")
    same = not (first.example and later.example) or (
        parse(first, first.example)[1] == parse(first, later.example)[1]
    )
    if not same:
        raise SettingError(
            f"{later.key}: 重复声明的示例值不同（{first.example} / {later.example}）"
        )
    rules = " ".join(dict.fromkeys([*first.rule.split(), *later.rule.split()]))
    return replace(
        first,
        rule=rules,
        example=first.example or later.example,
        choices=first.choices or later.choices,
        checks=first.checks + later.checks,
    )


REGISTRY = Registry()


def declared() -> dict[str, Setting]:
    """Every declared setting by key."""
    return REGISTRY.all()


def setting(key: str) -> Setting:
    return REGISTRY.get(key)


def register_provider(provider: Callable[[], Iterable[Setting]]) -> None:
    REGISTRY.add_provider(provider)


# --- discovery through the installed apps -------------------------------------------


def app_settings() -> list[Setting]:
    """The YAML declarations of every installed app: `settings.yaml` beside the app, or
    the files its config lists in `settings_files`. An app config may also offer
    `settings_vocabulary(name)` (labels of a code list its YAML names) and
    `settings_checks(key)` (its own parsers of a key's value)."""
    from django.apps import apps

    from minzheng.core.vocabulary import labels_of

    found = []
    for config in apps.get_app_configs():
        own = getattr(config, "settings_vocabulary", None)

        def vocabularies(name: str, own: Vocabularies | None = own) -> Mapping[str, str]:
            return (own and own(name)) or labels_of(name)

        checks = getattr(config, "settings_checks", lambda key: ())
        for name in getattr(config, "settings_files", ("settings.yaml",)):
            path = Path(config.path) / name
            if path.exists():
                found += [
                    replace(s, checks=tuple(checks(s.key)))
                    for s in settings_from_yaml(path, app=config.label, vocabularies=vocabularies)
                ]
    return found


def check_declarations(app_configs: object = None, **kwargs: object) -> list[Any]:
    """`minzheng check` (and every start) fails on a declaration that cannot be used: a
    bad field, an example that does not parse, a key declared twice differently."""
    from django.core import checks

    try:
        declared()
    except (SettingError, ValueError) as bad:
        return [checks.Error(f"配置项声明有误：{bad}", id="minzheng.E001")]
    return []
