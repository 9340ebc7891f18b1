"""What makes a facility's data acceptable: one check shared by the form, the change
form and the Excel import, so that an import row is refused for the same reason, in the
same Chinese words, as the form (issue 14 item 1, D7.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from minzheng.analytics.elderly.outline import outline_rings, points_in_rings
from minzheng.core import config, divisions
from minzheng.core.models import Area
from minzheng.core.text import text_problem
from minzheng.elderly.models import Facility, FacilityKind, OperatorType, Service

TEXTS = {  # field -> (label, max length, required)
    "name": ("设施名称", 100, True),
    "operator": ("运营方名称", 100, True),
    "address": ("地址", 200, True),
    "hours": ("开放时间", 100, True),
}
MAX_CAPACITY = 100_000


@dataclass
class FacilityData:
    name: str
    kind: str
    operator: str
    operator_type: str
    parent: Facility | None
    area: Area
    address: str
    longitude: Decimal
    latitude: Decimal
    hours: str
    services: list[str]
    capacity: int
    opened_on: dt.date


def _choice(value: Any, choices: Any, label: str, errors: dict, key: str) -> str:
    """A code or its Chinese label."""
    text = str(value or "").strip()
    by_label = {str(lab): code for code, lab in choices.choices}
    if text in choices.values:
        return text
    if text in by_label:
        return by_label[text]
    errors[key] = f"请选择{label}" if not text else f"{label}“{text[:20]}”不在可选范围内"
    return ""


def _services(value: Any, errors: dict) -> list[str]:
    if isinstance(value, list | tuple):
        parts = [str(v).strip() for v in value]
    else:
        parts = [
            p.strip() for p in str(value or "").replace("，", "、").replace(",", "、").split("、")
        ]
    by_label = {str(lab): code for code, lab in Service.choices}
    found = []
    for part in filter(None, parts):
        code = part if part in Service.values else by_label.get(part)
        if code is None:
            errors["services"] = f"服务项目“{part[:20]}”不在可选范围内"
            return []
        if code not in found:
            found.append(code)
    if not found:
        errors["services"] = "请填写至少一项服务项目"
    return found


def _number(value: Any, label: str, key: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[key] = f"请填写{label}（数字）"
        return None
    if not number.is_finite():
        errors[key] = f"请填写{label}（数字）"
        return None
    return number.quantize(Decimal("0.000001"))


def _date(value: Any, errors: dict, today: dt.date) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            errors["opened_on"] = "请填写开业日期（如2026-03-01）"
            return None
    if value > today:
        errors["opened_on"] = "开业日期不能晚于今天"
    return value


def _capacity(value: Any, errors: dict) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors["capacity"] = "请填写服务能力（整数）"
        return 0
    if not 1 <= number <= MAX_CAPACITY:
        errors["capacity"] = f"服务能力应在1至{MAX_CAPACITY}之间"
    return number


def in_county_outline(county: str, lon: Decimal, lat: Decimal) -> bool:
    """Inside the county's outline (the development zone: inside 云龙区 or 铜山区)."""
    codes = ("320303", "320312") if county == "320371" else (county,)
    for feature in divisions.county_shapes()["features"]:
        if feature["properties"]["code"] in codes:
            rings = outline_rings(feature["geometry"])
            if points_in_rings(np.array([float(lon)]), np.array([float(lat)]), rings)[0]:
                return True
    return False


def _area(value: Any, reach: str, errors: dict) -> Area | None:
    code = str(value or "").strip()
    area = Area.objects.filter(code=code, level="community").first() if code.isdigit() else None
    if area is None or not code.startswith(reach):
        errors["area"] = "请填写您管辖区域内的村（社区）区划代码"
        return None
    return area


def _parent(
    name: str, kind: str, area: Area | None, today: dt.date, errors: dict
) -> Facility | None:
    """The hub of the facility's network, by name, in the same county; the kinds that
    may be hubs and satellites are settings (D7.2: the 1+3 / 1+N models)."""
    if not name:
        return None
    if area is None:
        return None
    hub = Facility.objects.filter(name=name, area__code__startswith=area.code[:6]).first()
    if hub is None:
        errors["parent"] = f"本县（区）没有名为“{name[:40]}”的设施"
        return None
    hubs = config.config_typed("elderly.network.hub_kinds", on=today)
    satellites = config.config_typed("elderly.network.satellite_kinds", on=today)
    if hub.kind not in hubs:  # type: ignore[operator]
        errors["parent"] = f"“{hub.name}”的类型（{hub.get_kind_display()}）不能作为服务网络中心"
    elif kind not in satellites:  # type: ignore[operator]
        errors["parent"] = "该类型的设施不隶属服务中心，请留空所属服务中心"
    elif hub.status == "closed":
        errors["parent"] = f"“{hub.name}”已关闭"
    return hub


def check_facility(
    raw: dict[str, Any], *, reach: str, today: dt.date, exclude: int | None = None
) -> tuple[FacilityData | None, dict[str, str]]:
    """(data, errors by field); data is None when any field is wrong."""
    errors: dict[str, str] = {}
    texts = {}
    for key, (label, limit, required) in TEXTS.items():
        value = str(raw.get(key) or "").strip()
        problem = text_problem(value, max_length=limit)
        if required and not value:
            errors[key] = f"请填写{label}"
        elif problem:
            errors[key] = f"{label}{problem}"
        texts[key] = value
    same_name = Facility.objects.filter(name=texts["name"])
    if exclude is not None:
        same_name = same_name.exclude(pk=exclude)
    if texts["name"] and same_name.exists():
        errors["name"] = "已有同名的设施"
    kind = _choice(raw.get("kind"), FacilityKind, "设施类型", errors, "kind")
    operator_type = _choice(
        raw.get("operator_type"), OperatorType, "运营方类型", errors, "operator_type"
    )
    area = _area(raw.get("area"), reach, errors)
    lon = _number(raw.get("longitude"), "经度", "longitude", errors)
    lat = _number(raw.get("latitude"), "纬度", "latitude", errors)
    located = area is not None and lon is not None and lat is not None
    if located and not in_county_outline(area.code[:6], lon, lat):  # type: ignore[union-attr, arg-type]
        errors["longitude"] = (
            "坐标不在该村（社区）所在县（区）的范围内，请核对经纬度（国测局坐标）"
        )
    parent_name = str(raw.get("parent") or "").strip()
    parent = _parent(parent_name, kind, area, today, errors)
    if parent is not None and exclude is not None and parent.pk == exclude:
        errors["parent"] = "设施不能隶属于自身"
    data = FacilityData(
        name=texts["name"],
        kind=kind,
        operator=texts["operator"],
        operator_type=operator_type,
        parent=parent,
        area=area,  # type: ignore[arg-type]
        address=texts["address"],
        longitude=lon or Decimal(0),
        latitude=lat or Decimal(0),
        hours=texts["hours"],
        services=_services(raw.get("services"), errors),
        capacity=_capacity(raw.get("capacity"), errors),
        opened_on=_date(raw.get("opened_on"), errors, today) or today,
    )
    return (None, errors) if errors else (data, errors)
