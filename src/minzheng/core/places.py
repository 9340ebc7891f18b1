"""Loading the division tree: Xuzhou's shipped reference data and official lists."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from minzheng.core import divisions
from minzheng.core.models import Area, AreaLevel, UrbanRural

PROVINCE = (divisions.PROVINCE_CODE, divisions.PROVINCE_NAME)
CITY = (divisions.CITY_CODE, divisions.CITY_NAME)
REFERENCE_SOURCE = "国家统计局统计用区划代码（2022），见 core/data/README.md"


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    level: AreaLevel
    parent_code: str | None
    urban_rural: UrbanRural
    is_synthetic: bool = False
    source: str = REFERENCE_SOURCE


def xuzhou_reference_rows() -> list[AreaRow]:
    """Province, city, the 11 county-level units and 186 townships/streets (D0.2), read
    by core's Django-free reader (`core.divisions`), which the synthetic city uses too."""
    rows = [
        AreaRow(PROVINCE[0], PROVINCE[1], AreaLevel.PROVINCE, None, UrbanRural.URBAN),
        AreaRow(CITY[0], CITY[1], AreaLevel.CITY, PROVINCE[0], UrbanRural.URBAN),
    ]
    rows += [
        AreaRow(c.code, c.name, AreaLevel.COUNTY, CITY[0], UrbanRural(c.urban_rural))
        for c in divisions.counties()
    ]
    rows += [
        AreaRow(t.code, t.name, AreaLevel.TOWNSHIP, t.county_code, UrbanRural(t.urban_rural))
        for t in divisions.townships()
    ]
    return rows


@transaction.atomic
def areas_upsert(rows: Iterable[AreaRow]) -> int:
    """Insert or update areas in one statement per batch. Returns how many rows were written."""
    levels = list(AreaLevel)
    objects = [
        Area(
            code=r.code,
            name=r.name,
            level=r.level,
            parent_id=r.parent_code,
            urban_rural=r.urban_rural,
            is_synthetic=r.is_synthetic,
            source=r.source,
        )
        for r in sorted(rows, key=lambda r: levels.index(r.level))
    ]
    Area.objects.bulk_create(
        objects,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent", "urban_rural", "is_synthetic", "source"],
    )
    return len(objects)


def load_xuzhou_reference() -> int:
    return areas_upsert(xuzhou_reference_rows())


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file, header = 1
    field: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.field}：{self.message}"


# NBS urban-rural class codes (城乡分类代码): 1xx urban, 2xx rural.
URBAN_RURAL_CODES = {"111", "112", "121", "122", "123", "210", "220"}


def _division_row(n: int, r: dict[str, str], known: set[str]) -> AreaRow | list[RowError]:
    errors: list[RowError] = []
    code, name = (r.get("code") or "").strip(), (r.get("name") or "").strip()
    klass = (r.get("urban_rural_code") or "").strip()
    level = {9: AreaLevel.TOWNSHIP, 12: AreaLevel.COMMUNITY}.get(len(code))
    if not code.isdigit() or level is None:
        errors.append(RowError(n, "code", f"区划代码“{code}”应为9位（乡镇）或12位（村/社区）数字"))
    if not name:
        errors.append(RowError(n, "name", "名称不能为空"))
    if klass not in URBAN_RURAL_CODES:
        errors.append(
            RowError(
                n,
                "urban_rural_code",
                f"城乡分类代码“{klass}”无效，应为{sorted(URBAN_RURAL_CODES)}之一",
            )
        )
    if errors or level is None:
        return errors
    parent = code[:6] if level == AreaLevel.TOWNSHIP else code[:9]
    if parent not in known:
        return [RowError(n, "code", f"上级区划{parent}不存在（须先导入上级）")]
    urban = UrbanRural.URBAN if klass.startswith("1") else UrbanRural.RURAL
    return AreaRow(code, name, level, parent, urban, source="官方区划名单导入")


def parse_division_csv(text: str) -> tuple[list[AreaRow], list[RowError]]:
    """Validate an official list (columns code,name,urban_rural_code) completely first.

    Every bad row is reported; nothing is written unless there are none.
    """
    reader = csv.DictReader(text.lstrip("\ufeff").splitlines())
    missing = {"code", "name", "urban_rural_code"} - set(reader.fieldnames or [])
    if missing:
        return [], [RowError(1, "表头", f"缺少列：{'、'.join(sorted(missing))}")]
    known = set(Area.objects.values_list("code", flat=True))
    rows: list[AreaRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for n, record in enumerate(reader, start=2):
        result = _division_row(n, record, known | seen)
        if isinstance(result, list):
            errors.extend(result)
        elif result.code in seen:
            errors.append(RowError(n, "code", f"区划代码{result.code}在文件中重复"))
        else:
            rows.append(result)
            seen.add(result.code)
    return rows, errors
