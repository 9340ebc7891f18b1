"""The payments tables of the nightly snapshot (issue 10 item 7): enrolments, payee
accounts, payroll lines, the ledger, the months each line pays, stops, recovery orders,
institutions and placements, in the Parquet schemas analytics owns
(`minzheng.analytics.schema.PAYMENTS`), for the funds-supervision rules (D14).

Hooked into the registry snapshot (`core.extensions.register_snapshot_part`), so the
job that writes the registry for the warning run writes these beside it. Streamed in
chunks (memory bounded at city scale), each file written under a temporary name and
renamed when complete."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import F, QuerySet

from minzheng.analytics.schema import (
    COVERED_MONTHS,
    INSTITUTIONAL_PAYABLES,
    INSTITUTIONS,
    LEDGER,
    PAYEE_ACCOUNTS,
    PAYMENT_STOPS,
    PAYMENTS,
    PAYROLL_LINES,
    PLACEMENTS,
    RECOVERY_ORDERS,
)
from minzheng.analytics.schema import ENROLMENTS as ENROLMENT_SCHEMA
from minzheng.assistance.snapshot_rows import enrolment_rows
from minzheng.payments.models import (
    CoveredMonth,
    Institution,
    InstitutionalPayable,
    LedgerEntry,
    PayeeAccount,
    PaymentStop,
    PayrollLine,
    Placement,
    RecoveryOrder,
)

CHUNK = 20_000
Row = dict[str, Any]


def write_parquet(path: Path, schema: pa.Schema, rows: Iterator[Row]) -> int:
    """Every row of `rows` in `schema`, CHUNK rows per row group; the file appears whole."""
    tmp, count, batch = path.with_suffix(".parquet.tmp"), 0, []
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    os.replace(tmp, path)
    return count + len(batch)


def _stream(query: QuerySet[Any, Any], rename: dict[str, str]) -> Iterator[Row]:
    for row in query.iterator(chunk_size=CHUNK):
        yield {rename.get(k, k): v for k, v in row.items()}


def _accounts() -> Iterator[Row]:
    fields = [f for f in PAYEE_ACCOUNTS.names if f != "person_id"]
    query = PayeeAccount.objects.order_by("person_id").values("person_id", *fields)
    return _stream(query, {})


def _lines() -> Iterator[Row]:
    query = PayrollLine.objects.order_by("id").values(
        "id",
        "reference",
        "cycle_id",
        "cycle__kind",
        "cycle__status",
        "cycle__area_id",
        "programme",
        "month",
        "beneficiary_id",
        "household_id",
        "household__area_id",
        "enrolment_id",
        "payee_name",
        "bank",
        "account_number",
        "holder_name",
        "base",
        "arrears",
        "gradual_exit",
        "deductions",
        "total",
        "arrears_months",
        "status",
        "held_reason",
        "bank_reason",
        "reissue_of_id",
        "recovery_id",
        "institution_id",
        "answered_on",
    )
    rename = {
        "id": "line_id",
        "cycle__kind": "cycle_kind",
        "cycle__status": "cycle_status",
        "cycle__area_id": "county_code",
        "beneficiary_id": "person_id",
        "household__area_id": "area_code",
        "reissue_of_id": "reissue_of_line_id",
    }
    return _stream(query, rename)


def _ledger() -> Iterator[Row]:
    query = (
        LedgerEntry.objects.order_by("id")
        .annotate(
            person_line=F("line__beneficiary_id"),
            person_order=F("recovery__beneficiary_id"),
            line_month=F("line__month"),
            payable_month=F("payable__month"),
        )
        .values(
            "id",
            "kind",
            "amount",
            "programme",
            "area_id",
            "cycle_id",
            "line_id",
            "recovery_id",
            "person_line",
            "person_order",
            "line_month",
            "payable_month",
            "at",
            "note",
            "payable_id",
        )
    )
    for row in query.iterator(chunk_size=CHUNK):
        yield {
            "entry_id": row["id"],
            "kind": row["kind"],
            "amount": row["amount"],
            "programme": row["programme"],
            "county_code": row["area_id"],
            "cycle_id": row["cycle_id"],
            "line_id": row["line_id"],
            "recovery_id": row["recovery_id"],
            "person_id": row["person_line"] or row["person_order"],
            "month": row["line_month"] or row["payable_month"],
            "at": row["at"],
            "note": row["note"],
            "payable_id": row["payable_id"],
        }


def _covered() -> Iterator[Row]:
    query = (
        CoveredMonth.objects.order_by("line_id", "month")
        .annotate(own=F("line__month"))
        .values("line_id", "beneficiary_id", "programme", "month", "amount", "own")
    )
    for row in query.iterator(chunk_size=CHUNK):
        yield {
            "line_id": row["line_id"],
            "person_id": row["beneficiary_id"],
            "programme": row["programme"],
            "month": row["month"],
            "amount": row["amount"],
            "arrears": row["month"] != row["own"],
        }


def _stops() -> Iterator[Row]:
    query = PaymentStop.objects.order_by("id").values(
        "id",
        "enrolment_id",
        "beneficiary_id",
        "programme",
        "cause",
        "event_on",
        "from_month",
        "rule",
        "reason",
        "created_at",
    )
    rename = {"id": "stop_id", "beneficiary_id": "person_id", "created_at": "recorded_at"}
    return _stream(query, rename)


def _recoveries() -> Iterator[Row]:
    query = RecoveryOrder.objects.order_by("id").values(
        "id",
        "beneficiary_id",
        "programme",
        "area_id",
        "amount",
        "months",
        "reason",
        "rule",
        "instalment",
        "recovered",
        "status",
        "written_off_reason",
        "written_off_at",
        "stop_id",
        "breach_id",
        "created_at",
    )
    rename = {"id": "recovery_id", "beneficiary_id": "person_id", "area_id": "county_code"}
    return _stream(query, rename)


def _institutions() -> Iterator[Row]:
    query = Institution.objects.order_by("id").values(
        "id", "name", "credit_code", "area_id", "bank", "account_number", "holder_name"
    )
    return _stream(query, {"id": "institution_id", "area_id": "county_code"})


def _placements() -> Iterator[Row]:
    query = Placement.objects.order_by("id").values(
        "id", "person_id", "institution_id", "starts_on", "ends_on"
    )
    return _stream(query, {"id": "placement_id"})


def _payables() -> Iterator[Row]:
    query = InstitutionalPayable.objects.order_by("id").values(
        "id",
        "programme",
        "area_id",
        "month",
        "amount",
        "status",
        "source_kind",
        "source_id",
        "subject_kind",
        "subject_id",
        "payee_kind",
        "payee_ref",
        "payee_name",
        "payee_credit_code",
        "bank",
        "account_number",
        "holder_name",
        "bank_reason",
        "answered_on",
        "reissues",
        "created_at",
    )
    return _stream(query, {"id": "payable_id", "area_id": "county_code"})


TABLES: dict[str, tuple[pa.Schema, Callable[[], Iterator[Row]]]] = {
    "enrolments": (ENROLMENT_SCHEMA, enrolment_rows),
    "payee_accounts": (PAYEE_ACCOUNTS, _accounts),
    "payroll_lines": (PAYROLL_LINES, _lines),
    "ledger": (LEDGER, _ledger),
    "covered_months": (COVERED_MONTHS, _covered),
    "payment_stops": (PAYMENT_STOPS, _stops),
    "recovery_orders": (RECOVERY_ORDERS, _recoveries),
    "institutions": (INSTITUTIONS, _institutions),
    "placements": (PLACEMENTS, _placements),
    "institutional_payables": (INSTITUTIONAL_PAYABLES, _payables),
}
assert TABLES.keys() == PAYMENTS.keys()


def payments_snapshot(out_dir: Path, on: dt.date) -> dict[str, int]:
    """Write the payments tables (`analytics.schema.PAYMENTS`) into `out_dir`; returns
    rows per table. `on` is the snapshot's day (the tables hold everything recorded
    until now)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        name: write_parquet(out_dir / f"{name}.parquet", schema, rows())
        for name, (schema, rows) in TABLES.items()
    }
