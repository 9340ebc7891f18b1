"""Supervision runs' findings files, written by the tests with pyarrow in the published
schema (`analytics.schema.SUPERVISION_FINDINGS`), and findings stored directly."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.schema import SUPERVISION_FINDINGS
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Person
from minzheng.supervision.models import Finding


def key_of(rule: str, id_number: str, programme: str, first: str) -> str:
    return hashlib.sha256(f"{rule}|{id_number}|{programme}|{first}".encode()).hexdigest()


def row(
    id_number: str,
    area: str,
    *,
    rule: str = "S001",
    platform: str = "assistance",
    programme: str = "dibao",
    first: str = "2026-07",
    last: str = "2026-09",
    months: int = 3,
    amount: str = "2130.00",
    run: str = "2026-09-run1",
    evidence: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "run_id": run,
        "rule_id": rule,
        "period": "2026-09",
        "platform": platform,
        "finding_key": key_of(rule, id_number, programme, first),
        "id_number": id_number,
        "household_id": None,
        "area_code": area,
        "programme": programme,
        "first_month": first,
        "last_month": last,
        "months": months,
        "amount_at_risk": Decimal(amount),
        "evidence": json.dumps(evidence or {"死亡日期": "2026-06-12"}, ensure_ascii=False),
    }


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SUPERVISION_FINDINGS), path)
    return path


def stored(person: Person, **fields: Any) -> Finding:
    """A finding about `person` in their community, stored directly (status open)."""
    values: dict[str, Any] = {
        "finding_key": key_of("S001", person.id_number, "dibao", "2026-07"),
        "run_id": "r1",
        "rule_id": "S001",
        "period": "2026-09",
        "platform": "assistance",
        "id_number_masked": mask_id_number(person.id_number),
        "person": person,
        "programme": "dibao",
        "first_month": "2026-07",
        "last_month": "2026-09",
        "months": 3,
        "amount_at_risk": Decimal("2130.00"),
        "evidence": '{"死亡日期": "2026-06-12"}',
        "area_id": person.area_id,
        **fields,
    }
    return Finding.objects.create(**values)
