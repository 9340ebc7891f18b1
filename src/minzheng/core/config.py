"""Reading versioned configuration (see `models.config.ConfigValue`)."""

from __future__ import annotations

import datetime as dt
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
    value = config_decimal(key, on=on, area=area)
    if value != value.to_integral_value():
        raise ValueError(f"配置项“{key}”的值“{value}”不是整数")
    return int(value)


def config_history(key: str, *, area: Area | None = None) -> list[ConfigValue]:
    """Every version of a setting for one area, oldest first (e.g. the ten rises, D1.18)."""
    return list(ConfigValue.objects.filter(key=key, area=area).order_by("effective_from"))
