"""Excel import and export of the facility register (issue 14 item 1). The import checks
every row first (the form's check, plus duplicate names inside the file) and writes
nothing unless all rows pass; every rejected row is reported with its row number,
column and a Chinese reason. The export has the same columns, so an exported file is an
import template (kinds, operator types and services in words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.spreadsheets.writer import table_xlsx
from minzheng.elderly.models import Facility
from minzheng.elderly.services.facilities import authorize_register, facility_build
from minzheng.elderly.sheets import read_table
from minzheng.elderly.validation import FacilityData, check_facility

COLUMNS = (
    ("name", "设施名称"),
    ("kind", "设施类型"),
    ("operator", "运营方名称"),
    ("operator_type", "运营方类型"),
    ("parent", "所属服务中心"),
    ("area", "所在村（社区）区划代码"),
    ("address", "地址"),
    ("longitude", "经度（国测局坐标）"),
    ("latitude", "纬度（国测局坐标）"),
    ("hours", "开放时间"),
    ("services", "服务项目"),
    ("capacity", "服务能力（床位或座位）"),
    ("opened_on", "开业日期"),
)
OPTIONAL = {"parent"}
HEADER_OF = dict(COLUMNS)
MAX_ROWS = 5000


def _in_file_duplicates(rows: list[tuple[int, dict[str, Any]]]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        name = str(raw.get("name") or "").strip()
        if name and name in seen:
            errors.append(RowError(number, HEADER_OF["name"], f"与第{seen[name]}行重复"))
        seen.setdefault(name, number)
    return errors


def facilities_import(
    *, actor: User, content: bytes, today: dt.date
) -> tuple[int, list[RowError]]:
    """(facilities created, every problem); nothing is written when any row fails.
    A satellite's hub must already be registered (import hubs first)."""
    authorize_register(actor)
    rows, errors = read_table(content, COLUMNS, OPTIONAL, MAX_ROWS)
    checked: list[FacilityData] = []
    for number, raw in rows:
        data, problems = check_facility(raw, reach=actor.scope_prefix, today=today)
        errors += [RowError(number, HEADER_OF.get(k, k), m) for k, m in problems.items()]
        if data is not None:
            checked.append(data)
    errors += _in_file_duplicates(rows)
    if errors:
        order = {h: i for i, (_, h) in enumerate(COLUMNS)}
        return 0, sorted(errors, key=lambda e: (e.row, order.get(e.field, -1)))
    with transaction.atomic():
        for data in checked:
            facility = facility_build(actor=actor, data=data)
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                obj=facility,
                summary=f"批量导入养老服务设施：{facility.name}",
            )
    return len(checked), []


def _export_row(f: Facility) -> list[Any]:
    return [
        f.name,
        f.get_kind_display(),
        f.operator.name,
        f.operator.get_operator_type_display(),
        f.parent.name if f.parent else "",
        f.area_id,
        f.address,
        f.longitude,
        f.latitude,
        f.hours,
        f.services_label,
        f.capacity,
        f.opened_on.isoformat(),
    ]


def facilities_xlsx(facilities: Iterable[Facility]) -> tuple[bytes, int]:
    return table_xlsx("养老服务设施", [h for _, h in COLUMNS], map(_export_row, facilities))
