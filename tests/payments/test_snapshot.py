"""The payments tables of the nightly snapshot (issue 10 item 7): a small ledger made by
hand is exported and read back with pyarrow, row for row against rows typed here;
the schema is pinned column by column, so a renamed column or a changed type fails."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.schema import PAYMENTS
from minzheng.core.workflow.engine import transition
from minzheng.payments.models import PayrollLine
from minzheng.payments.returns import return_file_apply
from minzheng.payments.services.payroll import payroll_send
from minzheng.payments.snapshot import payments_snapshot
from minzheng.warning.snapshot import registry_snapshot
from tests.factories import AREAS
from tests.payments.conftest import DEC, D, account_for, computed_cycle, enrol

M = "decimal128(14, 2)"
EXPECTED_SCHEMA = {
    "enrolments": [
        ("enrolment_id", "int64"),
        ("household_id", "int64"),
        ("programme", "string"),
        ("applicant_person_id", "int64"),
        ("area_code", "string"),
        ("status", "string"),
        ("starts_on", "date32[day]"),
        ("ends_on", "date32[day]"),
        ("monthly_amount", M),
        ("covered_members", "int16"),
        ("from_roll", "bool"),
    ],
    "payee_accounts": [
        ("person_id", "int64"),
        ("bank", "string"),
        ("account_number", "string"),
        ("holder_name", "string"),
        ("social_security_card", "bool"),
        ("verified_on", "date32[day]"),
    ],
    "payroll_lines": [
        ("line_id", "int64"),
        ("reference", "string"),
        ("cycle_id", "int64"),
        ("cycle_kind", "string"),
        ("cycle_status", "string"),
        ("county_code", "string"),
        ("programme", "string"),
        ("month", "date32[day]"),
        ("person_id", "int64"),
        ("household_id", "int64"),
        ("area_code", "string"),
        ("enrolment_id", "int64"),
        ("payee_name", "string"),
        ("bank", "string"),
        ("account_number", "string"),
        ("holder_name", "string"),
        ("base", M),
        ("arrears", M),
        ("gradual_exit", M),
        ("deductions", M),
        ("total", M),
        ("arrears_months", "list<item: string>"),
        ("status", "string"),
        ("held_reason", "string"),
        ("bank_reason", "string"),
        ("reissue_of_line_id", "int64"),
        ("recovery_id", "int64"),
        ("institution_id", "int64"),
        ("answered_on", "date32[day]"),
    ],
    "ledger": [
        ("entry_id", "int64"),
        ("kind", "string"),
        ("amount", M),
        ("programme", "string"),
        ("county_code", "string"),
        ("cycle_id", "int64"),
        ("line_id", "int64"),
        ("recovery_id", "int64"),
        ("person_id", "int64"),
        ("month", "date32[day]"),
        ("at", "timestamp[us, tz=Asia/Shanghai]"),
        ("note", "string"),
        ("payable_id", "int64"),
    ],
    "covered_months": [
        ("line_id", "int64"),
        ("person_id", "int64"),
        ("programme", "string"),
        ("month", "date32[day]"),
        ("amount", M),
        ("arrears", "bool"),
    ],
    "payment_stops": [
        ("stop_id", "int64"),
        ("enrolment_id", "int64"),
        ("person_id", "int64"),
        ("programme", "string"),
        ("cause", "string"),
        ("event_on", "date32[day]"),
        ("from_month", "date32[day]"),
        ("rule", "string"),
        ("reason", "string"),
        ("recorded_at", "timestamp[us, tz=Asia/Shanghai]"),
    ],
    "recovery_orders": [
        ("recovery_id", "int64"),
        ("person_id", "int64"),
        ("programme", "string"),
        ("county_code", "string"),
        ("amount", M),
        ("months", "list<item: string>"),
        ("reason", "string"),
        ("rule", "string"),
        ("instalment", M),
        ("recovered", M),
        ("status", "string"),
        ("written_off_reason", "string"),
        ("written_off_at", "timestamp[us, tz=Asia/Shanghai]"),
        ("stop_id", "int64"),
        ("breach_id", "int64"),
        ("created_at", "timestamp[us, tz=Asia/Shanghai]"),
    ],
    "institutions": [
        ("institution_id", "int64"),
        ("name", "string"),
        ("credit_code", "string"),
        ("county_code", "string"),
        ("bank", "string"),
        ("account_number", "string"),
        ("holder_name", "string"),
    ],
    "placements": [
        ("placement_id", "int64"),
        ("person_id", "int64"),
        ("institution_id", "int64"),
        ("starts_on", "date32[day]"),
        ("ends_on", "date32[day]"),
    ],
    "institutional_payables": [
        ("payable_id", "int64"),
        ("programme", "string"),
        ("county_code", "string"),
        ("month", "date32[day]"),
        ("amount", M),
        ("status", "string"),
        ("source_kind", "string"),
        ("source_id", "int64"),
        ("subject_kind", "string"),
        ("subject_id", "int64"),
        ("payee_kind", "string"),
        ("payee_ref", "int64"),
        ("payee_name", "string"),
        ("payee_credit_code", "string"),
        ("bank", "string"),
        ("account_number", "string"),
        ("holder_name", "string"),
        ("bank_reason", "string"),
        ("answered_on", "date32[day]"),
        ("reissues", "int16"),
        ("created_at", "timestamp[us, tz=Asia/Shanghai]"),
    ],
}


def test_the_payments_schema_is_the_documented_one():
    found = {name: [(f.name, str(f.type)) for f in schema] for name, schema in PAYMENTS.items()}
    assert found == EXPECTED_SCHEMA


@pytest.fixture
def reconciled(users, pay_settings):
    """Two dibao households, 500.00 and 700.00 for December 2026: the first paid, the
    second failed at the bank ("账户已冻结")."""
    first = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    second = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    for e in (first, second):
        account_for(users["county"], e.household)
    cycle = computed_cycle(users["county"], DEC)
    transition(cycle, "submit", users["county"])
    transition(cycle, "approve", users["county_2"])
    payroll_send(actor=users["county"], cycle=cycle)
    a, b = PayrollLine.objects.filter(cycle=cycle).order_by("id")
    answer = (
        "20261210|鼓楼区民政局|2|1200.00\r\n"
        f"{a.reference}|{a.payee_name}|500.00|{a.account_number}|0|\r\n"
        f"{b.reference}|{b.payee_name}|700.00|{b.account_number}|1|账户已冻结\r\n"
    ).encode()
    return_file_apply(
        actor=users["county"],
        cycle=cycle,
        data=answer,
        layout_code="pipe_batch",
        encoding="UTF-8",
        today=D(2026, 12, 10),  # the bank answered on 10 December
    )
    return cycle, first, second


def _read(path):
    table = pq.read_table(path)
    return table, table.to_pylist()


@pytest.mark.django_db
def test_a_hand_made_ledger_reads_back_as_written(reconciled, tmp_path):
    cycle, first, second = reconciled
    rows = payments_snapshot(tmp_path, D(2026, 12, 20))
    assert rows == {
        "enrolments": 2,
        "payee_accounts": 2,
        "payroll_lines": 2,
        "ledger": 4,
        "covered_months": 2,  # each line's own month
        "payment_stops": 0,
        "recovery_orders": 0,
        "institutions": 0,
        "placements": 0,
        "institutional_payables": 0,
    }
    head_a, head_b = first.household.head, second.household.head
    for name, schema in PAYMENTS.items():
        assert pq.read_schema(tmp_path / f"{name}.parquet").equals(schema), name

    _, ledger = _read(tmp_path / "ledger.parquet")
    a, b = PayrollLine.objects.filter(cycle=cycle).order_by("id")
    assert [
        (r["kind"], r["amount"], r["line_id"], r["person_id"], r["month"], r["note"])
        for r in ledger
    ] == [
        ("issued", Decimal("500.00"), a.pk, head_a.pk, DEC, ""),
        ("issued", Decimal("700.00"), b.pk, head_b.pk, DEC, ""),
        ("paid", Decimal("500.00"), a.pk, head_a.pk, DEC, ""),
        ("failed", Decimal("700.00"), b.pk, head_b.pk, DEC, "账户已冻结"),
    ]
    assert {r["county_code"] for r in ledger} == {AREAS["county_a"]}
    assert all(r["cycle_id"] == cycle.pk and r["recovery_id"] is None for r in ledger)
    assert all(r["at"].tzinfo is not None for r in ledger)

    _, lines = _read(tmp_path / "payroll_lines.parquet")
    picked = [
        (
            r["person_id"],
            r["month"],
            r["base"],
            r["total"],
            r["status"],
            r["bank_reason"],
            r["cycle_status"],
            r["county_code"],
            r["area_code"],
            r["payee_name"],
            r["account_number"],
        )
        for r in lines
    ]
    assert picked == [
        (head_a.pk, DEC, Decimal("500.00"), Decimal("500.00"), "paid", "",
         "reconciled", AREAS["county_a"], AREAS["community_a1"], head_a.name,
         f"62284800{head_a.pk:010d}"),
        (head_b.pk, DEC, Decimal("700.00"), Decimal("700.00"), "failed", "账户已冻结",
         "reconciled", AREAS["county_a"], AREAS["community_a1"], head_b.name,
         f"62284800{head_b.pk:010d}"),
    ]  # fmt: skip
    assert lines[0]["arrears_months"] == [] and lines[0]["reissue_of_line_id"] is None
    # Both paid to the people's own cards (no institution), answered on 10 December.
    assert [(r["institution_id"], r["answered_on"]) for r in lines] == [
        (None, D(2026, 12, 10)),
        (None, D(2026, 12, 10)),
    ]

    _, enrolments = _read(tmp_path / "enrolments.parquet")
    assert [
        (r["enrolment_id"], r["programme"], r["monthly_amount"], r["starts_on"], r["ends_on"])
        for r in enrolments
    ] == [
        (first.pk, "dibao", Decimal("500.00"), D(2025, 1, 1), None),
        (second.pk, "dibao", Decimal("700.00"), D(2025, 1, 1), None),
    ]
    assert [r["from_roll"] for r in enrolments] == [False, False]

    _, accounts = _read(tmp_path / "payee_accounts.parquet")
    assert [(r["person_id"], r["holder_name"], r["verified_on"]) for r in accounts] == sorted(
        [(head_a.pk, head_a.name, D(2026, 1, 5)), (head_b.pk, head_b.name, D(2026, 1, 5))]
    )


@pytest.mark.django_db
def test_the_nightly_registry_snapshot_writes_the_payments_tables_beside_it(reconciled, tmp_path):
    rows = registry_snapshot(tmp_path, on=dt.date(2026, 12, 20))
    assert rows["ledger"] == 4 and rows["payroll_lines"] == 2
    assert {p.name for p in tmp_path.iterdir()} >= {
        "persons.parquet",
        "ledger.parquet",
        "payroll_lines.parquet",
        "enrolments.parquet",
        "payee_accounts.parquet",
    }
    # People meet the registry by person_id, as the registry's own tables do.
    persons = pq.read_table(tmp_path / "persons.parquet", columns=["person_id"])
    ledger = pq.read_table(tmp_path / "ledger.parquet", columns=["person_id"])
    assert set(ledger.column(0).to_pylist()) <= set(persons.column(0).to_pylist())
    assert ledger.schema.field("person_id").type == pa.int64()
