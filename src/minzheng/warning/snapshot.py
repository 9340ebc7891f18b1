"""A frozen snapshot of the registry as Parquet (areas, persons, households, and the
settings of areas below the city), in the schemas the analytic rules read
(`minzheng.analytics.schema`): streamed in chunks so that memory stays bounded at city
scale, written to a temp name and renamed at the end. `persons.person_key` is left
for the analytic store to fill in (`minzheng.analytics.keys.key_registry`)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import Count, OuterRef, Q, Subquery

from minzheng.analytics.params import ParameterError, ParamType, ParamValue, coerce
from minzheng.analytics.rulefile import config_types, load_rules
from minzheng.analytics.schema import AREA_SETTINGS, AREAS, HOUSEHOLDS, PERSONS
from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.core.extensions import snapshot_parts
from minzheng.core.models import (
    Area,
    AreaLevel,
    ConfigValue,
    Household,
    HouseholdMembership,
    Person,
)

CHUNK = 20_000


def _write(path: Path, schema: pa.Schema, batches: Iterator[list[dict[str, Any]]]) -> int:
    tmp = path.with_suffix(".parquet.tmp")
    rows = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            rows += len(batch)
    os.replace(tmp, path)
    return rows


def _chunked(items: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    yield batch


def _areas() -> Iterator[dict[str, Any]]:
    for a in Area.objects.order_by("code").iterator(chunk_size=CHUNK):
        yield {
            "area_code": a.code,
            "name": a.name,
            "level": a.level,
            "parent_code": a.parent_id,
            "urban_rural": a.urban_rural,
            "is_synthetic": a.is_synthetic,
        }


def _persons() -> Iterator[dict[str, Any]]:
    """People with their current household (a correlated lookup on the partial unique
    index, so nothing city-sized is held in memory)."""
    current = HouseholdMembership.objects.filter(person=OuterRef("pk"), valid_to__isnull=True)
    people = Person.objects.annotate(
        household_id=Subquery(current.values("household_id")[:1]),
        relation=Subquery(current.values("relation")[:1]),
    ).values(
        "id",
        "id_number",
        "name",
        "gender",
        "birth_date",
        "household_id",
        "relation",
        "area_id",
        "phone",
        "disability_type",
        "disability_grade",
        "life_status",
        "death_date",
    )
    for p in people.order_by("id").iterator(chunk_size=CHUNK):
        yield {
            **p,
            "person_id": p["id"],
            "person_key": None,  # given by the analytic store
            "area_code": p["area_id"],
            "relation": p["relation"] or "",
            "hukou_county_code": p["id_number"][:6],
            # Not in the registry yet: employment, schooling and income come from feeds.
            "employment": "",
            "school_stage": "",
            "monthly_income": None,
        }


def _households(on: dt.date) -> Iterator[dict[str, Any]]:
    programmes = dict(
        Enrolment.objects.exclude(status=EnrolmentStatus.ENDED).values_list(
            "household_id", "programme"
        )
    )
    rows = Household.objects.annotate(
        size=Count("memberships", filter=Q(memberships__valid_to__isnull=True))
    ).values("id", "number", "area_id", "area__urban_rural", "address", "head_id", "size")
    for h in rows.order_by("id").iterator(chunk_size=CHUNK):
        yield {
            "household_id": h["id"],
            "number": h["number"],
            "area_code": h["area_id"],
            "urban_rural": h["area__urban_rural"],
            "address": h["address"],
            "head_person_id": h["head_id"],
            "size": h["size"],
            "monthly_income": None,
            "per_capita_income": None,
            "programme": programmes.get(h["id"], ""),
            "owns_second_dwelling": False,
            "owns_vehicle": False,
            "deposits": Decimal("0.00"),
        }


# A county sets its own standards (D1.18); a township or community may too. The
# city-wide value reaches the rules as a parameter (`pipeline.configured_overrides`).
BELOW_CITY = (AreaLevel.COUNTY, AreaLevel.TOWNSHIP, AreaLevel.COMMUNITY)


def _area_settings(types: dict[str, ParamType]) -> Iterator[dict[str, Any]]:
    """Every version of every rule setting configured for an area below the city, its
    value checked against the rule parameter's type: a bad value stops the run here,
    naming the setting, rather than turning into a wrong threshold in SQL."""
    rows = (
        ConfigValue.objects.filter(key__in=types, area__level__in=BELOW_CITY)
        .order_by("key", "area_id", "effective_from")
        .values_list("area_id", "key", "value", "effective_from")
    )
    for area_code, key, value, effective in rows.iterator(chunk_size=CHUNK):
        try:
            typed = coerce(types[key], value)
        except ParameterError as exc:
            raise ValueError(
                f"配置项“{key}”（区划{area_code}，{effective:%Y-%m-%d}起）的值无效：{exc}"
            ) from None
        yield {"area_code": area_code, "key": key, "value": _text(typed), "effective": effective}


def _text(value: ParamValue) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(value)


def registry_snapshot(out_dir: Path, *, on: dt.date) -> dict[str, int]:
    """Write the four tables, then the tables the domains add (payments' ledger,
    `core.extensions.register_snapshot_part`); returns rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    types = config_types(load_rules(engines=("duckdb",)))
    rows = {
        "area_settings": _write(
            out_dir / "area_settings.parquet", AREA_SETTINGS, _chunked(_area_settings(types))
        ),
        "areas": _write(out_dir / "areas.parquet", AREAS, _chunked(_areas())),
        "persons": _write(out_dir / "persons.parquet", PERSONS, _chunked(_persons())),
        "households": _write(
            out_dir / "households.parquet", HOUSEHOLDS, _chunked(_households(on))
        ),
    }
    for part in snapshot_parts():
        rows.update(part(out_dir, on))
    return rows
