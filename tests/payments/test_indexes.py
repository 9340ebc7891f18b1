"""Every index of the payroll tables earns its keep (issue 10, the benchmark): each
one written per line costs time on a city-sized payroll, so the tables carry exactly
the indexes below, and each is shown used by a query the application runs (the plan
with sequential scans disabled: the index fits the query's shape). A new index needs
its query here; a dropped one fails its query's line. PostgreSQL only (SQLite plans
differently and is not the production engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from minzheng.payments.models import CoveredMonth, LedgerEntry, PayrollLine

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]
M = dt.date(2026, 12, 1)

# Written by hand: table → index name prefix → the query that uses it (where it is run).
EXPECTED: dict[str, dict[str, Callable[[], QuerySet[Any]] | None]] = {
    "payments_payrollline": {
        "payments_payrollline_pkey": lambda: PayrollLine.objects.filter(pk=1),
        # a cycle's lines: computing, sending, the bank file, the cycle page
        "payments_payrollline_cycle_id": lambda: PayrollLine.objects.filter(cycle_id=1),
        # a person's payments: person page, API ?person=, the stops' paid months
        "payments_payrollline_beneficiary_id": lambda: PayrollLine.objects.filter(
            beneficiary_id=1
        ),
        # the household page's payments (payments.history)
        "payments_payrollline_household_id": lambda: PayrollLine.objects.filter(household_id=1),
        # a return file's reference, equality only (no pattern index)
        "a_reference_is_unique": lambda: PayrollLine.objects.filter(reference="0000000100001"),
        # no double payment (D13.3): kept for the constraint it enforces, proved by
        # tests/payments/test_no_double_payment.py (queries by person take the index above)
        "one_payable_line_per_beneficiary_programme_month": None,
        # re-issued once (reissue.reissuable, payroll_send's sources)
        "a_line_is_reissued_at_most_once": lambda: PayrollLine.objects.filter(reissue_of_id=1),
    },
    "payments_coveredmonth": {
        "payments_coveredmonth_pkey": lambda: CoveredMonth.objects.filter(pk=1),
        # a month paid once; payroll_sql.IN_FORCE and the arrears anti-join read it
        "a_month_is_paid_once": lambda: CoveredMonth.objects.filter(
            beneficiary_id=1, programme="dibao", month=M
        ),
        # a household month paid once (D13.1); IN_FORCE and the arrears anti-join read it
        "a_household_month_is_paid_once": lambda: CoveredMonth.objects.filter(
            household_id=1, programme="dibao", month=M, household_claim=True
        ),
        # a line's months (stops.paid_months; deleting a recomputed cycle's lines)
        "payments_coveredmonth_line_id": lambda: CoveredMonth.objects.filter(line_id__in=[1, 2]),
    },
    "payments_ledgerentry": {
        "payments_ledgerentry_pkey": lambda: LedgerEntry.objects.filter(pk=1),
        # totals and balances by area (LIKE 'prefix%')
        "ledger_by_area_prefix": lambda: LedgerEntry.objects.filter(
            area__code__startswith="320302"
        ),
        # the balance per batch (payments.ledger)
        "payments_ledgerentry_cycle_id": lambda: LedgerEntry.objects.filter(cycle_id=1),
        # a line's entries (and no line with entries is deleted)
        "payments_ledgerentry_line_id": lambda: LedgerEntry.objects.filter(line_id=1),
        # an institutional payable's entries (partial: the payroll's entries are not in it)
        "ledger_by_payable": lambda: LedgerEntry.objects.filter(payable_id=1),
    },
}


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def _named(found: set[str], prefix: str) -> str:
    """Django suffixes an index of a field with a hash: match by the name's start."""
    (name,) = [n for n in found if n == prefix or n.startswith(prefix + "_")]
    return name


@pytest.mark.parametrize("table", list(EXPECTED))
def test_the_table_has_exactly_its_indexes(table):
    found = _indexes(table)
    assert {_named(found, prefix) for prefix in EXPECTED[table]} == found


@pytest.mark.parametrize(
    ("table", "prefix"),
    [(t, p) for t, indexes in EXPECTED.items() for p, query in indexes.items() if query],
)
def test_each_index_serves_its_query(table, prefix):
    name = _named(_indexes(table), prefix)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = EXPECTED[table][prefix]
    assert query is not None
    plan = query().explain()
    assert name in plan, plan


def test_the_lines_leave_room_for_in_place_updates():
    """fillfactor 50: sending and answering a line rewrite it on its own page (HOT)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'payments_payrollline'")
        assert cursor.fetchone()[0] == ["fillfactor=50"]


def test_frozen_copies_have_no_database_keys_and_money_links_keep_theirs():
    """The line's person, household and enrolment are copies made at computation (no
    database key: one deferred check per line each), and so is its batch (written by
    `payroll_sql` for the cycle it holds locked: 7 s of server CPU at a million lines);
    its recovery order, source line and institution keep theirs, and the ledger keeps
    its line's."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname
               FROM pg_constraint c JOIN pg_attribute a
                 ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
               WHERE c.contype = 'f' AND c.conrelid::regclass::text IN
                 ('payments_payrollline', 'payments_coveredmonth', 'payments_ledgerentry')"""
        )
        keys = set(cursor.fetchall())
    assert keys == {
        ("payments_payrollline", "recovery_id"),
        ("payments_payrollline", "reissue_of_id"),
        ("payments_payrollline", "institution_id"),
        ("payments_coveredmonth", "line_id"),
        ("payments_ledgerentry", "line_id"),
        ("payments_ledgerentry", "recovery_id"),
        ("payments_ledgerentry", "payable_id"),  # money: an institutional payable's entry
    }
