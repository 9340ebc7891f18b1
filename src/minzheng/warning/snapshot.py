"""A frozen snapshot of the registry as Parquet (areas, persons, households), in the
schemas the analytic rules read (`minzheng.synth.schema`): streamed in chunks so that
memory stays bounded at city scale, written to a temp name and renamed at the end."""

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

from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.core.models import Area, Household, HouseholdMembership, Person
from minzheng.synth.schema import AREAS, HOUSEHOLDS, PERSONS

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


def registry_snapshot(out_dir: Path, *, on: dt.date) -> dict[str, int]:
    """Write the three tables; returns rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "areas": _write(out_dir / "areas.parquet", AREAS, _chunked(_areas())),
        "persons": _write(out_dir / "persons.parquet", PERSONS, _chunked(_persons())),
        "households": _write(
            out_dir / "households.parquet", HOUSEHOLDS, _chunked(_households(on))
        ),
    }
