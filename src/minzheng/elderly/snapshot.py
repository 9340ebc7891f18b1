"""The elderly-care funds tables of the nightly snapshot (issue 14 item 6), in the
schemas analytics owns (`minzheng.analytics.schema.ELDERLY_FUNDS`), for the supervision
platform's checks: a facility paid while closed (fund items and payables against the
dated facility events), a canteen claiming more meals than its capacity (meal records
per canteen and meal time against `capacity`), one person claimed at two canteens on
one day (meal records). Hooked into the registry snapshot
(`core.extensions.register_snapshot_part`), beside payments' tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db.models import OuterRef, Subquery

from minzheng.analytics.schema import (
    ELDERLY_FACILITY_EVENTS,
    ELDERLY_FACILITY_REGISTER,
    ELDERLY_FUND_ITEMS,
    ELDERLY_FUNDS,
    ELDERLY_MEAL_RECORDS,
)
from minzheng.elderly.models import (
    EventKind,
    Facility,
    FacilityEvent,
    FacilitySubsidy,
    MealRecord,
    Settlement,
)
from minzheng.payments.snapshot import CHUNK, write_parquet

Row = dict[str, Any]


def _register() -> Iterator[Row]:
    closed = FacilityEvent.objects.filter(facility=OuterRef("pk"), kind=EventKind.CLOSED)
    query = (
        Facility.objects.order_by("id")
        .annotate(closed_on=Subquery(closed.order_by("on").values("on")[:1]))
        .values(
            "id",
            "kind",
            "name",
            "area_id",
            "operator_id",
            "operator__credit_code",
            "capacity",
            "opened_on",
            "status",
            "closed_on",
        )
    )
    for r in query.iterator(chunk_size=CHUNK):
        yield {
            "facility_id": r["id"],
            "kind": r["kind"],
            "name": r["name"],
            "area_code": r["area_id"],
            "operator_id": r["operator_id"],
            "operator_credit_code": r["operator__credit_code"],
            "capacity": r["capacity"],
            "opened_on": r["opened_on"],
            "status": r["status"],
            "closed_on": r["closed_on"],
        }


def _events() -> Iterator[Row]:
    query = FacilityEvent.objects.order_by("facility_id", "on", "id").values(
        "facility_id", "kind", "on"
    )
    for r in query.iterator(chunk_size=CHUNK):
        yield {"facility_id": r["facility_id"], "event": r["kind"], "on": r["on"]}


def _meals() -> Iterator[Row]:
    query = MealRecord.objects.order_by("id").values(
        "id", "person_id", "canteen_id", "served_on", "meal", "category", "price", "subsidy"
    )
    for r in query.iterator(chunk_size=CHUNK):
        yield {
            "meal_id": r["id"],
            "person_id": r["person_id"],
            "canteen_id": r["canteen_id"],
            "served_on": r["served_on"],
            "meal": r["meal"],
            "category": r["category"],
            "price": r["price"],
            "subsidy": r["subsidy"],
        }


def _fund_items() -> Iterator[Row]:
    for r in Settlement.objects.order_by("id").values(
        "id", "canteen_id", "month", "meals", "amount", "status", "payable_id"
    ):
        yield {
            "source_kind": "elderly.settlement",
            "source_id": r["id"],
            "facility_id": r["canteen_id"],
            "purpose": "meal_settlement",
            "month": r["month"],
            "meals": r["meals"],
            "amount": r["amount"],
            "status": r["status"],
            "payable_id": r["payable_id"],
        }
    for g in FacilitySubsidy.objects.order_by("id").values(
        "id", "facility_id", "kind", "month", "amount", "status", "payable_id"
    ):
        yield {
            "source_kind": "elderly.subsidy",
            "source_id": g["id"],
            "facility_id": g["facility_id"],
            "purpose": g["kind"],
            "month": g["month"],
            "meals": None,
            "amount": g["amount"],
            "status": g["status"],
            "payable_id": g["payable_id"],
        }


TABLES: dict[str, tuple[pa.Schema, Callable[[], Iterator[Row]]]] = {
    "elderly_facility_register": (ELDERLY_FACILITY_REGISTER, _register),
    "elderly_facility_events": (ELDERLY_FACILITY_EVENTS, _events),
    "elderly_meal_records": (ELDERLY_MEAL_RECORDS, _meals),
    "elderly_fund_items": (ELDERLY_FUND_ITEMS, _fund_items),
}
assert TABLES.keys() == ELDERLY_FUNDS.keys()


def elderly_snapshot(out_dir: Path, on: dt.date) -> dict[str, int]:
    """Write the elderly-care funds tables into `out_dir`; rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        name: write_parquet(out_dir / f"{name}.parquet", schema, rows())
        for name, (schema, rows) in TABLES.items()
    }
