"""The synthetic county of the payroll benchmark (bench/bench_payroll.py), generated in
SQL inside the database, on SQLite and on PostgreSQL: one household per beneficiary,
10 % with an amount adjusted by a review, 1 % in gradual exit, 0.1 % without an
account, 0.1 % with a card in another's name, 1,000 open recovery orders; N/20 特困
people, 30 % of them in one of ten institutions; and the statements the benchmark runs
between its cycles (November answered paid, the late enrolments, the deaths)."""

from __future__ import annotations

import os
import tempfile
import time
from typing import Any

COUNTY, TOWNSHIP, COMMUNITIES = "320302", "320302001", 10
MONTH = "2026-12-01"

SERIES = {
    "sqlite": "WITH RECURSIVE s(i) AS "
    "(SELECT {start} UNION ALL SELECT i + 1 FROM s WHERE i < {end})",
    "postgresql": "WITH s(i) AS (SELECT generate_series({start}, {end}))",
}
PAD = {"sqlite": "printf('%012d', i)", "postgresql": "lpad(i::text, 12, '0')"}
AREA = f"'{TOWNSHIP}' || substr('00' || (1 + i % {COMMUNITIES}), -3, 3)"
AREA_PG = f"'{TOWNSHIP}' || lpad((1 + i % {COMMUNITIES})::text, 3, '0')"
AMOUNT = "(300.00 + (i % 50) * 10 + CASE WHEN i % 4 = 0 THEN 0.50 ELSE 0 END)"

# People, their households and accounts (0.1 % without an account, 0.1 % with a card in
# another's name).
PEOPLE = [
    """INSERT INTO core_person (id, id_number, id_number_reversed, name, gender, birth_date,
        hukou_address, residence_address, disability_type, disability_grade,
        disability_certificate, life_status, death_date, is_synthetic, created_at,
        updated_at, area_id, hukou_area_id, phone)
     {series} SELECT i, '320302' || {pad}, '', '受益人' || i, 'M', '1970-01-01', '', '', '',
        NULL, '', 'alive', NULL, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, {area}, NULL, ''
     FROM s""",
    """INSERT INTO core_household (id, number, address, is_synthetic, created_at, updated_at,
        head_id, area_id)
     {series} SELECT i, 'B' || {pad}, '', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, i, {area}
     FROM s""",
    """INSERT INTO core_householdmembership (id, relation, valid_from, valid_to, reason,
        household_id, person_id)
     {series} SELECT i, 'head', '2020-01-01', NULL, '', i, i FROM s""",
    """INSERT INTO payments_payeeaccount (id, bank, account_number, holder_name,
        social_security_card, verified_on, updated_at, person_id)
     {series} SELECT i, '中国农业银行徐州分行', '6228480' || {pad},
        CASE WHEN i % 1000 = 3 THEN '他人' ELSE '受益人' || i END, TRUE, '2026-01-05',
        CURRENT_TIMESTAMP, i FROM s WHERE i % 1000 <> 5""",
]
# Their enrolments in `programme` (those of `only`), from January 2025: a review adjusted
# one in ten amounts from June; one in a hundred entered the gradual exit in October
# (D1.16, D1.17).
ENROL = [
    """INSERT INTO assistance_application (id, status, created_at, number, track, programme,
        channel, delegate_name, applied_on, extension_reason, missing_documents, facts,
        assessment, refusal_reasons, applicant_id, area_id, created_by_id, household_id,
        urgency_reason)
     {series} SELECT i, 'approved', CURRENT_TIMESTAMP, 'BA' || {pad}, 'roll', '{programme}',
        'committee', '', '2024-12-01', '', '[]', '{{}}', '{{}}', '', i, {area}, {user}, i, ''
     FROM s WHERE {only}""",
    """INSERT INTO assistance_enrolment (id, programme, starts_on, ends_on, monthly_amount,
        covered_members, review_class, next_review_on, status, application_id, household_id)
     {series} SELECT i, '{programme}', '2025-01-01', NULL, {amount}, 1, 'A', '2027-01-01',
        CASE WHEN i % 100 = 7 THEN 'gradual_exit' ELSE 'active' END, i, i FROM s
     WHERE {only}""",
    """INSERT INTO assistance_enrolmentchange (id, kind, effective_on, amount_before,
        amount_after, reasons, decided_at, decided_by_id, enrolment_id)
     {series} SELECT i, 'start', '2025-01-01', NULL, {amount}, '[]', CURRENT_TIMESTAMP,
        {user}, i FROM s WHERE {only}""",
    """INSERT INTO assistance_enrolmentchange (id, kind, effective_on, amount_before,
        amount_after, reasons, decided_at, decided_by_id, enrolment_id)
     {series} SELECT {changes} + i, CASE WHEN i % 100 = 7 THEN 'gradual_exit' ELSE 'adjust' END,
        {d1}CASE WHEN i % 100 = 7 THEN '2026-10-01' ELSE '2026-06-01' END{d2}, {amount},
        {amount} + 25, '[]', CURRENT_TIMESTAMP, {user}, i FROM s WHERE i % 10 = 7 AND {only}""",
]
# 1,000 open recovery orders of dibao, deducted from December's lines (D13.5).
ORDERS = """INSERT INTO payments_recoveryorder (beneficiary_id, programme, area_id, amount,
        months, reason, rule, instalment, recovered, status, written_off_reason,
        created_by_id, created_at)
     {series} SELECT i, 'dibao', '{county}', 600.00, '[]', '多发（基准测试）', 'D13.5',
        100.00, 0, 'open', '', {user}, CURRENT_TIMESTAMP FROM s WHERE i % 1000 = 11"""
# Ten institutions of the county; 30 % of the 特困 people live in one since June, one in
# a hundred of them left in December (paid to their own card again, D13.1).
INSTITUTIONS = """INSERT INTO payments_institution (id, name, credit_code, area_id, bank,
        account_number, holder_name, updated_at)
     {series} SELECT i, '基准供养中心' || i, '12320302MB' || {pad8}, '{county}',
        '中国工商银行徐州分行', '11060203090' || {pad8}, '基准供养中心' || i, CURRENT_TIMESTAMP
     FROM s"""
PLACEMENTS = """INSERT INTO payments_placement (person_id, institution_id, starts_on, ends_on,
        created_by_id)
     {series} SELECT i, 1 + (i / 10) % 10, '2026-06-01',
        {d1}CASE WHEN i % 100 = 1 THEN '2026-12-01' END{d2}, {user} FROM s WHERE i % 10 < 3"""
# Died on 20 October (0.1 %; the registry learns it after November's payroll): stopped
# from November, November's payment recovered (D13.5).
DEATHS = """UPDATE core_person SET life_status = 'deceased', death_date = '2026-10-20'
     WHERE id % 1000 = 23 AND id <= {n}"""
# November's bank answer, simulated in SQL (not timed): every line sent was paid.
NOVEMBER_PAID = [
    """INSERT INTO payments_ledgerentry (kind, amount, programme, area_id, cycle_id, line_id,
        at, actor_id, note)
     SELECT 'paid', total, programme, '{county}', cycle_id, id, CURRENT_TIMESTAMP, {user}, ''
     FROM payments_payrollline WHERE cycle_id = {cycle} AND status = 'sent'""",
    """UPDATE payments_payrollline SET status = 'paid', answered_on = '2026-11-10'
     WHERE cycle_id = {cycle} AND status = 'sent'""",
    """UPDATE payments_payrollcycle SET status = 'reconciled' WHERE id = {cycle}""",
]
SEQUENCED = (
    "core_person",
    "core_household",
    "core_householdmembership",
    "assistance_application",
    "assistance_enrolment",
    "assistance_enrolmentchange",
    "payments_payeeaccount",
    "payments_institution",
)
LATE = "i % 1000 = 17"  # enrolled after November's payroll: paid November as arrears


def setup(engine: str, url: str) -> None:
    work = tempfile.mkdtemp(prefix="minzheng-bench-payroll-")
    os.environ.update(
        MINZHENG_DEMO="1",
        MINZHENG_VAR_DIR=work,
        MINZHENG_DATABASE_URL=url if engine == "postgresql" else "",
        DJANGO_SETTINGS_MODULE="minzheng.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_sql(engine: str, statements: list[str], start: int, end: int, **extra: Any) -> None:
    from django.db import connection, transaction

    values = {
        "series": SERIES[engine].format(start=start, end=end),
        "pad": PAD[engine],
        "pad8": PAD[engine].replace("12", "08"),
        "area": AREA_PG if engine == "postgresql" else AREA,
        "amount": AMOUNT,
        "county": COUNTY,
        # PostgreSQL types the CASE as text; SQLite's CAST AS DATE would make it a number
        "d1": "CAST(" if engine == "postgresql" else "",
        "d2": " AS DATE)" if engine == "postgresql" else "",
        **extra,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.format(**values))


def analyze(engine: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "postgresql":
            for table in SEQUENCED:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")


def populate(engine: str, n: int, m: int) -> dict[str, Any]:
    """`n` dibao households (but the late ones) and `m` 特困 people after them."""
    from minzheng.core.models import Area, User
    from minzheng.core.places import load_xuzhou_reference
    from minzheng.payments.settings_specs import seed_example_settings

    load_xuzhou_reference()
    for k in range(1, COMMUNITIES + 1):
        code = f"{TOWNSHIP}{k:03d}"
        Area.objects.get_or_create(
            code=code,
            defaults={"name": f"基准社区{k}", "level": "community", "parent_id": TOWNSHIP},
        )
    clerk = User.objects.create(username="bench", role="county_approver", area_id=COUNTY)
    second = User.objects.create(username="bench2", role="county_approver", area_id=COUNTY)
    seed_example_settings()
    started = time.perf_counter()
    common = {"user": clerk.pk, "changes": n + m}
    run_sql(engine, PEOPLE, 1, n + m, **common)
    run_sql(engine, ENROL, 1, n, programme="dibao", only=f"NOT ({LATE})", **common)
    run_sql(engine, ENROL, n + 1, n + m, programme="extreme_poverty", only="1 = 1", **common)
    run_sql(engine, [ORDERS], 1, n, **common)
    run_sql(engine, [INSTITUTIONS], 1, 10, **common)
    run_sql(engine, [PLACEMENTS], n + 1, n + m, **common)
    analyze(engine)
    return {"clerk": clerk, "second": second, "seconds": time.perf_counter() - started}
