"""Reading versioned configuration (see `models.config.ConfigValue`)."""

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


def config_raw(key: str, *, on: dt.date, area: Area | None = None) -> ConfigValue:
    chain = _area_chain(area)
    codes = [c for c in chain if c is not None]
    rows = list(
        ConfigValue.objects.filter(key=key, effective_from__lte=on)
        .filter(Q(area__isnull=True) | Q(area_id__in=codes))
        .order_by("-effective_from")
    )
    for code in chain:
        for row in rows:  # already newest first
            if row.area_id == code:
                return row
    raise MissingSetting(key, area.code if area else None, on)


def config_decimal(key: str, *, on: dt.date, area: Area | None = None) -> Decimal:
    row = config_raw(key, on=on, area=area)
    try:
        return Decimal(row.value)
    except InvalidOperation:
        raise ValueError(f"配置项“{key}”的值“{row.value}”不是数字") from None


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


def config_int_by_area(key: str, *, on: dt.date, area_codes: Iterable[str]) -> dict[str, int]:
    """`config_int` for many areas at once, in two queries whatever their number
    (bulk jobs such as lead ingestion): the most specific version in force wins."""
    rows = list(
        ConfigValue.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from")
    )
    prefixes = {a.code: a.prefix for a in Area.objects.filter(code__in={r.area_id for r in rows})}
    # Most specific area first (longest prefix), then the city-wide default; newest first.
    ranked = sorted(rows, key=lambda r: -len(prefixes[r.area_id]) if r.area_id else 1)
    found: dict[str, int] = {}
    for code in set(area_codes):
        row = next(
            (r for r in ranked if r.area_id is None or code.startswith(prefixes[r.area_id])),
            None,
        )
        if row is None:
            raise MissingSetting(key, code, on)
        found[code] = _integer(key, row)
    return found


def config_history(key: str, *, area: Area | None = None) -> list[ConfigValue]:
    """Every version of a setting for one area, oldest first (e.g. the ten rises, D1.18)."""
    return list(ConfigValue.objects.filter(key=key, area=area).order_by("effective_from"))
