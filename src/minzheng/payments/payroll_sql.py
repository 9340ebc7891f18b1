"""A cycle's lines written by the database itself (D13.3, D1.14, D1.17, D13.2): one
`INSERT … SELECT` over the enrolments in force, and one for the months they claim.

Why: building a model instance per line and sending it back through `bulk_create`
cost about 2 ms a line on the shared machine — half an hour for a city of a million
beneficiaries (bench/bench_payroll.py). Here the database does it with hash joins: the
SQL is the portable subset both engines read alike (a window function, LEFT JOIN,
COALESCE, CASE, `||`; LPAD is Django's own function on SQLite), and it restates the
rules of `assistance.entitlements` and `payments.payees` — the computation tests run
through it on both engines, so the two cannot drift unnoticed:

- the amount in force is that of the latest amount-setting change effective by the
  month (else the enrolment's amount), and it is a gradual-exit amount when that
  change entered the gradual exit (D1.16, D1.17) — as `entitlements.amount_in`;
- the payee is the head for household programmes, the applicant otherwise (D13.1,
  D13.2) — as `payees.payee_of`; one line per payee (the lowest enrolment wins), and
  none for a payee whose month another batch already claimed, nor, for a household
  programme, for a household whose month was claimed (paid to a former head, D13.1);
- none from the stop month of the payee's enrolment (death, termination, breach:
  `PaymentStop.from_month`, D13.5, D6.4);
- a programme of `payees.INSTITUTIONAL_PROGRAMMES` (特困) whose payee is placed in an
  institution in the month is paid to the institution's account, in its name with its
  credit code (集中供养, D13.1; `institution_id` set);
- the account is the payee's (or the institution's) at this moment (frozen on the
  line); a line without one, or whose holder is not the payee (the institution), is
  held with the reason of `payees.held_reason`.

Arrears and recovery deductions concern few lines; they are added afterwards by the
Python rules of `payments.computation` (`patch_lines`)."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.payments.models import PayrollCycle
from minzheng.payments.models.payroll import LineStatus
from minzheng.payments.payees import (
    HOUSEHOLD_PROGRAMMES,
    INSTITUTIONAL_PROGRAMMES,
    NO_ACCOUNT,
    OTHERS_CARD,
)

# The enrolments paid this month (`entitlements.in_force_query` and `payees.payee_of`
# as a query): of the cycle's programme, households under the county, in force in the
# month, with a payee (and for a household programme a household) whose month no batch
# has claimed yet; numbered per payee, so that only the first (lowest) enrolment of a
# payee is paid.
IN_FORCE = """
SELECT e.id, e.household_id, e.monthly_amount, {payee} AS payee_id,
       ROW_NUMBER() OVER (PARTITION BY {payee} ORDER BY e.id) AS n
FROM assistance_enrolment e
JOIN core_household h ON h.id = e.household_id
JOIN assistance_application app ON app.id = e.application_id
WHERE e.programme = %(programme)s AND h.area_id LIKE %(prefix)s
  AND e.starts_on <= %(month)s AND (e.ends_on IS NULL OR e.ends_on > %(month)s)
  AND {payee} IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM payments_paymentstop s
      WHERE s.enrolment_id = e.id AND s.beneficiary_id = {payee}
        AND s.from_month <= %(month)s)
  AND NOT EXISTS (
      SELECT 1 FROM payments_coveredmonth cm
      WHERE cm.beneficiary_id = {payee} AND cm.programme = %(programme)s
        AND cm.month = %(month)s){household_claimed}
"""
# A household programme's month claimed for the household (`CoveredMonth.household_claim`,
# read through the partial unique index `a_household_month_is_paid_once`).
HOUSEHOLD_CLAIMED = """
  AND NOT EXISTS (
      SELECT 1 FROM payments_coveredmonth hm
      WHERE hm.household_id = e.household_id AND hm.programme = %(programme)s
        AND hm.month = %(month)s AND hm.household_claim)"""
# The latest amount-setting change effective by the month, per enrolment
# (`entitlements.change_in_force`: effective_on, then id).
LATEST = """
SELECT enrolment_id, kind, amount_after,
       ROW_NUMBER() OVER (PARTITION BY enrolment_id ORDER BY effective_on DESC, id DESC) AS r
FROM assistance_enrolmentchange
WHERE amount_after IS NOT NULL AND effective_on <= %(month)s
"""
# The institution a person lives in during the month (`Placement`: from its first
# month until the first of the month they leave); the latest placement wins. None for
# a programme paid to the person whatever they live (`%(institutional)s` false): an
# empty subquery the lines are hash-joined to (NO_NESTED_LOOPS).
PLACED = """
SELECT person_id, institution_id,
       ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY starts_on DESC, id DESC) AS k
FROM payments_placement
WHERE %(institutional)s AND starts_on <= %(month)s AND (ends_on IS NULL OR ends_on > %(month)s)
"""
LINES = """
INSERT INTO payments_payrollline (
    cycle_id, reference, beneficiary_id, household_id, enrolment_id, programme, month,
    payee_name, payee_id_number, bank, account_number, holder_name,
    base, arrears, gradual_exit, deductions, total, basis, arrears_months,
    status, held_reason, bank_reason, institution_id)
SELECT %(cycle)s, %(reference)s || LPAD(CAST(e.id AS TEXT), 10, '0'), p.id,
       e.household_id, e.id, %(programme)s, %(month)s,
       CASE WHEN i.id IS NULL THEN p.name ELSE i.name END,
       CASE WHEN i.id IS NULL THEN p.id_number ELSE i.credit_code END,
       CASE WHEN i.id IS NULL THEN COALESCE(a.bank, '') ELSE i.bank END,
       CASE WHEN i.id IS NULL THEN COALESCE(a.account_number, '') ELSE i.account_number END,
       CASE WHEN i.id IS NULL THEN COALESCE(a.holder_name, '') ELSE i.holder_name END,
       CASE WHEN c.kind = %(exit)s THEN 0 ELSE COALESCE(c.amount_after, e.monthly_amount) END,
       0,
       CASE WHEN c.kind = %(exit)s THEN COALESCE(c.amount_after, e.monthly_amount) ELSE 0 END,
       0,
       COALESCE(c.amount_after, e.monthly_amount),
       CASE WHEN i.id IS NOT NULL AND c.kind = %(exit)s THEN {json_exit_placed}
            WHEN i.id IS NOT NULL THEN {json_base_placed}
            WHEN c.kind = %(exit)s THEN {json_exit} ELSE {json_base} END,
       {json_none},
       CASE WHEN i.id IS NOT NULL THEN
                CASE WHEN TRIM(i.holder_name) = TRIM(i.name) THEN %(pending)s ELSE %(held)s END
            WHEN a.id IS NULL THEN %(held)s
            WHEN TRIM(a.holder_name) = TRIM(p.name) THEN %(pending)s ELSE %(held)s END,
       CASE WHEN i.id IS NOT NULL THEN
                CASE WHEN TRIM(i.holder_name) = TRIM(i.name) THEN '' ELSE %(others_card)s END
            WHEN a.id IS NULL THEN %(no_account)s
            WHEN TRIM(a.holder_name) = TRIM(p.name) THEN '' ELSE %(others_card)s END,
       '', i.id
FROM ({in_force}) e
JOIN core_person p ON p.id = e.payee_id
LEFT JOIN payments_payeeaccount a ON a.person_id = e.payee_id
LEFT JOIN ({latest}) c ON c.enrolment_id = e.id AND c.r = 1
LEFT JOIN ({placed}) pl ON pl.person_id = e.payee_id AND pl.k = 1
LEFT JOIN payments_institution i ON i.id = pl.institution_id
WHERE e.n = 1
ORDER BY e.id
"""
# The line's own month, with its amount (base or gradual exit; what a stop later
# recovers, D13.5), claimed for the household too in a household programme.
COVERED = """
INSERT INTO payments_coveredmonth
    (line_id, beneficiary_id, household_id, household_claim, programme, month, amount)
SELECT id, beneficiary_id, household_id, %(household_claim)s, programme, month,
       base + gradual_exit
FROM payments_payrollline WHERE cycle_id = %(cycle)s
"""


# NO_NESTED_LOOPS: PostgreSQL estimates the payees kept by `n = 1` at half a percent of
# the enrolments (the default selectivity of a window function's filter), and with so
# few rows it joined the placements by a nested loop — 50,000 特困 payees × 14,500
# placements, 725 M rows compared, 100 s for a 50,000-line cycle (bench/bench_payroll.py,
# 1 M households, 2026-12-03) — and the people and accounts by index lookups, one per
# line. So every cycle's lines are written with hash joins only. A hash join does not
# keep the enrolments' order, hence the `ORDER BY e.id`: the lines' ids (the order of
# the bank file and of every page) follow the enrolments whatever the plan.


# PLANNED: the settings of the lines' statement on PostgreSQL, for this transaction only
# (`set_config(…, true)` is `SET LOCAL`). Hash joins only (NO_NESTED_LOOPS); the
# memory to hash and sort a city in one pass — with the default 4 MB each hash of a
# million rows went to disk in 16 to 32 batches and the sorts too (EXPLAIN ANALYZE at
# 1 M, 2026-12-03); no JIT compilation (1.6 s of compiling for one run of the plan).
PLANNED = {"enable_nestloop": "off", "work_mem": "256MB", "jit": "off"}


def _plan(cursor: Any, on: bool) -> None:
    """Apply PLANNED for the rest of the transaction, or (`on` false) undo it."""
    if on:
        sets = ", ".join(["set_config(%s, %s, true)"] * len(PLANNED))
        cursor.execute(f"SELECT {sets}", [x for item in PLANNED.items() for x in item])
    else:
        for name in PLANNED:
            cursor.execute(f"SET LOCAL {name} TO DEFAULT")


def _json(value: object) -> str:
    """A JSON literal for the line's JSON columns (jsonb on PostgreSQL, text on SQLite)."""
    text = "'" + json.dumps(value, ensure_ascii=False).replace("'", "''") + "'"
    return f"CAST({text} AS jsonb)" if connection.vendor == "postgresql" else text


def insert_lines(cycle: PayrollCycle) -> int:
    """Write the cycle's lines (without arrears or deductions); returns their count."""
    household = cycle.programme in HOUSEHOLD_PROGRAMMES
    payee = "h.head_id" if household else "app.applicant_id"
    sql = LINES.format(
        in_force=IN_FORCE.format(
            payee=payee, household_claimed=HOUSEHOLD_CLAIMED if household else ""
        ),
        latest=LATEST,
        placed=PLACED,
        json_exit=_json({"gradual_exit": "D1.17"}),
        json_base=_json({"base": "D1.14"}),
        json_exit_placed=_json({"gradual_exit": "D1.17", "payee": "D13.1"}),
        json_base_placed=_json({"base": "D1.14", "payee": "D13.1"}),
        json_none=_json([]),
    )
    params: dict[str, Any] = {
        "cycle": cycle.pk,
        "reference": f"{cycle.pk:08d}",
        "programme": cycle.programme,
        "prefix": f"{cycle.area_id}%",
        "month": cycle.month,
        "exit": ChangeKind.GRADUAL_EXIT.value,
        "held": LineStatus.HELD.value,
        "pending": LineStatus.PENDING.value,
        "no_account": NO_ACCOUNT,
        "others_card": OTHERS_CARD,
        "institutional": cycle.programme in INSTITUTIONAL_PROGRAMMES,
    }
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:  # see NO_NESTED_LOOPS and PLANNED
            _plan(cursor, on=True)
        cursor.execute(sql, params)
        count = int(cursor.rowcount)
        if postgresql:  # (on failure the caller's savepoint rollback undoes the settings)
            _plan(cursor, on=False)
        return count


def insert_covered(cycle: PayrollCycle) -> int:
    """The month each line of the cycle pays for, claimed once (`a_month_is_paid_once`)."""
    with connection.cursor() as cursor:
        household = cycle.programme in HOUSEHOLD_PROGRAMMES
        cursor.execute(COVERED, {"cycle": cycle.pk, "household_claim": household})
        return int(cursor.rowcount)


# A recomputation's old lines and the months they claimed: two statements, where
# Django's `delete()` would read every line (a million model instances) to cascade to
# its months and check the protected references. Nothing else refers to a computed
# cycle's lines: ledger entries and re-issues refer to lines of sent cycles only (and
# the database's foreign keys would refuse the delete if they did).
DELETE_LINES = (
    """DELETE FROM payments_coveredmonth WHERE line_id IN
       (SELECT id FROM payments_payrollline WHERE cycle_id = %(cycle)s)""",
    "DELETE FROM payments_payrollline WHERE cycle_id = %(cycle)s",
)


def delete_lines(cycle: PayrollCycle) -> None:
    """The lines of a cycle being recomputed, and the months they claimed."""
    with connection.cursor() as cursor:
        for sql in DELETE_LINES:
            cursor.execute(sql, {"cycle": cycle.pk})
