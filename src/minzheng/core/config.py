"""Reading versioned configuration (see `models.config.ConfigValue`): one resolver,
`versions_in_force`, and typed wrappers over it. Which keys exist and what type each
has is declared in `settings_registry`; writes go through `settings_write`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from minzheng.core.models import Area, ConfigValue


class MissingSetting(LookupError):
    def __init__(self, key: str, area_code: str | None, on: dt.date) -> None:
        where = f"区划{area_code}" if area_code else "全市"
        super().__init__(f"配置项“{key}”在{on:%Y-%m-%d}对{where}没有生效的值，请先录入")
        self.key = key


def _area_chain(area: Area | None) -> list[str | None]:
    """Most specific first: the area, its ancestors, then the city-wide default (None)."""
    if area is None:
        return [None]
    return [area.code, *[a.code for a in reversed(area.ancestors())], None]


def versions_in_force(
    keys: Iterable[str], *, area: Area | None, on: dt.date
) -> dict[str, ConfigValue]:
    """The one resolver: for each key, the version in force on `on` for `area` — the most
    specific area that has a version (community → township → county → city default),
    and within it the latest version not after `on`. Keys without one are left out."""
    chain = _area_chain(area)
    codes = [c for c in chain if c is not None]
    rows = ConfigValue.objects.filter(key__in=set(keys), effective_from__lte=on).filter(
        Q(area__isnull=True) | Q(area_id__in=codes)
    )
    return _most_specific(rows, chain)


def values(keys: Iterable[str], *, area: Area | None, on: dt.date) -> dict[str, str]:
    """The stored text of each key in force on `on` for `area` (see `versions_in_force`)."""
    return {key: row.value for key, row in versions_in_force(keys, area=area, on=on).items()}


def config_raw(key: str, *, on: dt.date, area: Area | None = None) -> ConfigValue:
    row = versions_in_force([key], area=area, on=on).get(key)
    if row is None:
        raise MissingSetting(key, area.code if area else None, on)
    return row


def config_decimal(key: str, *, on: dt.date, area: Area | None = None) -> Decimal:
    row = config_raw(key, on=on, area=area)
    try:
        return Decimal(row.value)
    except InvalidOperation:
        raise ValueError(f"配置项“{key}”的值“{row.value}”不是数字") from None


def config_typed(key: str, *, on: dt.date, area: Area | None = None) -> object:
    """The value in force, parsed by its declaration (a ratio as a `Fraction`, a money
    amount as a `Decimal`, a code list as a list…; `settings_registry.parse`)."""
    from minzheng.core.settings_registry import parse, setting

    return parse(setting(key), config_raw(key, on=on, area=area).value)[1]


def config_int(key: str, *, on: dt.date, area: Area | None = None) -> int:
    return _integer(key, config_raw(key, on=on, area=area))


def _integer(key: str, row: ConfigValue) -> int:
    try:
        value = Decimal(row.value)
    except InvalidOperation:
        raise ValueError(f"配置项“{key}”的值“{row.value}”不是数字") from None
    if value != value.to_integral_value():
        raise ValueError(f"配置项“{key}”的值“{value}”不是整数")
    return int(value)


def versions_in_force_by_area(
    keys: Iterable[str], *, area_codes: Iterable[str], on: dt.date
) -> dict[str, dict[str, ConfigValue]]:
    """`versions_in_force` for many areas at once, in two queries whatever their number
    (bulk jobs such as lead ingestion); the same choice for each area."""
    rows = list(ConfigValue.objects.filter(key__in=set(keys), effective_from__lte=on))
    prefixes = {a.code: a.prefix for a in Area.objects.filter(code__in={r.area_id for r in rows})}
    return {code: _most_specific(rows, _chain(code, prefixes)) for code in set(area_codes)}


def _chain(code: str, prefixes: dict[str, str]) -> list[str | None]:
    """The areas (of those with a version) that hold `code`, most specific first."""
    holding = (c for c, prefix in prefixes.items() if code.startswith(prefix))
    return [*sorted(holding, key=lambda c: -len(prefixes[c])), None]


def _most_specific(rows: Iterable[ConfigValue], chain: list[str | None]) -> dict[str, ConfigValue]:
    rank = {code: i for i, code in enumerate(chain)}
    ranked = [r for r in rows if r.area_id in rank]
    found: dict[str, ConfigValue] = {}
    for row in sorted(ranked, key=lambda r: (rank[r.area_id], -r.effective_from.toordinal())):
        found.setdefault(row.key, row)
    return found


def config_int_by_area(key: str, *, on: dt.date, area_codes: Iterable[str]) -> dict[str, int]:
    """`config_int` for many areas at once (see `versions_in_force_by_area`)."""
    found = {}
    for code, rows in versions_in_force_by_area([key], area_codes=area_codes, on=on).items():
        if key not in rows:
            raise MissingSetting(key, code, on)
        found[code] = _integer(key, rows[key])
    return found


def config_int_on_dates(
    key: str, *, pairs: Iterable[tuple[str, dt.date]]
) -> dict[tuple[str, dt.date], int]:
    """`config_int` for many (area code, date) pairs at once, in two queries whatever
    their number: each pair resolved as `versions_in_force` would (bulk jobs whose rows
    each read the setting on a date of their own, such as the proof-of-life reminders)."""
    wanted = set(pairs)
    if not wanted:
        return {}
    latest = max(on for _, on in wanted)
    rows = list(ConfigValue.objects.filter(key=key, effective_from__lte=latest))
    prefixes = {a.code: a.prefix for a in Area.objects.filter(code__in={r.area_id for r in rows})}
    found = {}
    for code, on in wanted:
        row = _most_specific(
            [r for r in rows if r.effective_from <= on], _chain(code, prefixes)
        ).get(key)
        if row is None:
            raise MissingSetting(key, code, on)
        found[(code, on)] = _integer(key, row)
    return found


def config_history(key: str, *, area: Area | None = None) -> list[ConfigValue]:
    """Every version of a setting for one area, oldest first (e.g. the ten rises, D1.18)."""
    return list(ConfigValue.objects.filter(key=key, area=area).order_by("effective_from"))
