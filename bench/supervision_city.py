"""The synthetic registry and payments ledger of the supervision benchmark
(bench/bench_supervision.py), written once as Parquet under bench/out/: N persons in
two-person households, M months of payroll lines with covered months and `issued` +
`paid` ledger entries, and the planted cases each rule must find (payments after death
or after an enrolment's end, duplicate lines in another county, old-age allowances of
the wrong band, one account receiving for many households, unreconciled answers)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics.feeds.validation import literal, quote
from minzheng.analytics.keys import key_registry
from minzheng.analytics.schema import PAYMENTS, REGISTRY
from minzheng.analytics.store import Store
from minzheng.core.idnumber import check_character

OUT = Path(__file__).resolve().parent / "out"
LAYOUT = "sup2"
FIRST_MONTH = "2024-01-01"


def period_of(months: int) -> str:
    year, month = 2024 + (months - 1) // 12, (months - 1) % 12 + 1
    return f"{year:04d}-{month:02d}"


# --- data ------------------------------------------------------------------------------

PERSONS_SQL = """
SELECT
    i AS person_id,
    CAST(NULL AS BIGINT) AS person_key,
    -- one sequence number per birth date: ID numbers are unique (GB 11643 order code)
    '320302' || strftime(birth, '%Y%m%d')
        || lpad(CAST(row_number() OVER (PARTITION BY birth ORDER BY i) AS VARCHAR), 3, '0')
        AS id17,
    '测试' AS name,
    CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS gender,
    birth AS birth_date,
    (i + 1) // 2 AS household_id,
    CASE WHEN i % 2 = 1 THEN 'head' ELSE 'spouse' END AS relation,
    '320302001' || lpad(CAST(((i + 1) // 2) % 500 AS VARCHAR), 3, '0') AS area_code,
    '320302' AS hukou_county_code,
    '' AS phone,
    CASE WHEN birth > DATE '1944-01-01' THEN 'physical' ELSE '' END AS disability_type,
    CAST(CASE WHEN birth > DATE '1944-01-01' THEN 2 END AS TINYINT) AS disability_grade,
    CASE WHEN i % 997 = 0 OR i % 991 = 0 THEN 'deceased' ELSE 'alive' END AS life_status,
    CASE WHEN i % 997 = 0 THEN DATE '2024-03-15' WHEN i % 991 = 0 THEN DATE '2024-05-20' END
        AS death_date,
    'none' AS employment,
    '' AS school_stage,
    CAST(0 AS DECIMAL(12, 2)) AS monthly_income
FROM (
    SELECT i, DATE '1925-01-01' + CAST(hash(i) % 30000 AS INTEGER) AS birth
    FROM range(1, {n} + 1) AS t(i)
)
"""

# One enrolment per person (personal programmes) or per fifth household (dibao, head).
ENROLMENTS_SQL = """
SELECT
    p.person_id AS enrolment_id,
    p.household_id,
    CASE
        WHEN p.household_id % 5 = 0 THEN 'dibao'
        WHEN p.birth_date <= DATE '1944-01-01' THEN 'old_age_allowance'
        ELSE 'disability_living_subsidy'
    END AS programme,
    p.person_id AS applicant_person_id,
    p.area_code,
    'active' AS status,
    DATE '2024-01-01' AS starts_on,
    CASE WHEN p.person_id % 1021 = 0 THEN DATE '2024-05-01' END AS ends_on,
    CAST(0 AS DECIMAL(14, 2)) AS monthly_amount,
    CAST(CASE WHEN p.household_id % 5 = 0 THEN 2 ELSE 1 END AS SMALLINT) AS covered_members,
    false AS from_roll
FROM persons AS p
WHERE p.household_id % 5 <> 0 OR p.relation = 'head'
"""

# Every enrolment paid every month (deaths are not known to the payroll: planted), the
# old-age allowance by the band in force (the month after the birthday), 1 in 1013 of them
# at the second band too early; duplicates for 1 in 1009 in another county in March.
LINES_SQL = """
WITH months AS (
    SELECT m, DATE '{first}' + INTERVAL (m) MONTH AS month FROM range(0, {months}) AS t(m)
),
due AS (
    SELECT
        e.*, p.birth_date, p.death_date, mo.month,
        year(mo.month) * 12 + month(mo.month) AS idx,
        year(p.birth_date) * 12 + month(p.birth_date) AS bidx
    FROM enrolments AS e
    JOIN persons AS p ON p.person_id = e.applicant_person_id
    CROSS JOIN months AS mo
),
priced AS (
    SELECT *,
        CAST(CASE
            WHEN programme = 'dibao' THEN 1560
            WHEN programme = 'disability_living_subsidy' THEN 234
            WHEN idx > bidx + 100 * 12 THEN 300
            WHEN idx > bidx + 90 * 12 THEN 100
            WHEN idx > bidx + 80 * 12 THEN 50
            ELSE 0
        END AS DECIMAL(14, 2)) AS fair
    FROM due
),
own AS (
    SELECT *,
        CASE WHEN programme = 'old_age_allowance' AND enrolment_id % 1013 = 0 AND fair = 50
             THEN CAST(100 AS DECIMAL(14, 2)) ELSE fair END AS amount,
        '320302' AS county
    FROM priced
    WHERE fair > 0
      -- the deaths of 1 in 991 were known to the payroll: paid up to the death month only
      AND NOT (applicant_person_id % 991 = 0
               AND idx > year(death_date) * 12 + month(death_date))
),
dup AS (
    SELECT * REPLACE ('320321' AS county) FROM own
    WHERE enrolment_id % 1009 = 0 AND month = DATE '{first}' + INTERVAL 2 MONTH
)
SELECT row_number() OVER (ORDER BY enrolment_id, month, county) AS line_id, *
FROM (SELECT * FROM own UNION ALL SELECT * FROM dup)
"""


def _copy_to(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    con.execute(f"COPY ({sql}) TO {literal(str(path))} (FORMAT parquet, COMPRESSION zstd)")


def prepare(persons: int, months: int) -> tuple[Path, Path, Path]:
    """Registry, ledger export and a store keyed for them; generated once per size."""
    base = OUT / f"supervision-{persons}x{months}-{LAYOUT}"
    registry, ledger, store = base / "registry", base / "ledger", base / "store"
    if (base / "done.json").exists():
        shutil.rmtree(store / "supervision", ignore_errors=True)
        return registry, ledger, store
    shutil.rmtree(base, ignore_errors=True)
    for d in (registry, ledger, store):
        d.mkdir(parents=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"CREATE TABLE raw AS {PERSONS_SQL.format(n=persons)}")
    # the check character of GB 11643 (D0.1), in Python once per person
    ids = con.execute("SELECT person_id, id17 FROM raw ORDER BY person_id").fetchall()
    checked = pa.table(
        {
            "person_id": [i for i, _ in ids],
            "id_number": [id17 + check_character(id17) for _, id17 in ids],
        }
    )
    con.register("checked", checked)
    names = ", ".join(
        "c.id_number" if f.name == "id_number" else f"r.{quote(f.name)}"
        for f in REGISTRY["persons"]
    )
    con.execute(
        f"CREATE TABLE persons AS SELECT {names} FROM raw AS r "
        "JOIN checked AS c ON c.person_id = r.person_id"
    )
    _copy_to(con, "SELECT * FROM persons ORDER BY person_id", registry / "persons.parquet")
    _copy_to(
        con,
        "SELECT household_id, 'H' || household_id AS number, any_value(area_code) AS area_code, "
        "'urban' AS urban_rural, '' AS address, min(person_id) AS head_person_id, "
        "CAST(count(*) AS SMALLINT) AS size, CAST(0 AS DECIMAL(12, 2)) AS monthly_income, "
        "CAST(0 AS DECIMAL(12, 2)) AS per_capita_income, "
        "CASE WHEN household_id % 5 = 0 THEN 'dibao' ELSE '' END AS programme, "
        "false AS owns_second_dwelling, false AS owns_vehicle, "
        "CAST(0 AS DECIMAL(12, 2)) AS deposits FROM persons GROUP BY household_id "
        "ORDER BY household_id",
        registry / "households.parquet",
    )
    pq.write_table(REGISTRY["areas"].empty_table(), registry / "areas.parquet")
    pq.write_table(REGISTRY["area_settings"].empty_table(), registry / "area_settings.parquet")
    con.execute(f"CREATE TABLE enrolments AS {ENROLMENTS_SQL}")
    con.execute(f"CREATE TABLE due_lines AS {LINES_SQL.format(first=FIRST_MONTH, months=months)}")
    _write_ledger(con, ledger)
    key_registry(Store(store), registry)
    summary = {
        table: pq.read_metadata(path).num_rows
        for table, path in sorted(
            {p.stem: p for d in (registry, ledger) for p in d.glob("*.parquet")}.items()
        )
    }
    summary["build_seconds"] = round(time.perf_counter() - started, 1)
    (base / "done.json").write_text(json.dumps(summary))
    return registry, ledger, store


def _write_ledger(con: duckdb.DuckDBPyConnection, ledger: Path) -> None:
    _copy_to(con, "SELECT * FROM enrolments ORDER BY enrolment_id", ledger / "enrolments.parquet")
    # accounts: one per person; 1 in 1019 persons' lines go to person 1's account
    _copy_to(
        con,
        "SELECT person_id, '农商银行' AS bank, '62' || lpad(CAST(person_id AS VARCHAR), 14, '0') "
        "AS account_number, name AS holder_name, true AS social_security_card, "
        "DATE '2023-12-01' AS verified_on FROM persons ORDER BY person_id",
        ledger / "payee_accounts.parquet",
    )
    columns = []
    for f in PAYMENTS["payroll_lines"]:
        columns.append(
            {
                "line_id": "line_id",
                "reference": "'R' || line_id",
                "cycle_id": "year(month) * 100 + month(month)",
                "cycle_kind": "'regular'",
                "cycle_status": "'completed'",
                "county_code": "county",
                "programme": "programme",
                "month": "CAST(month AS DATE)",
                "person_id": "applicant_person_id",
                "household_id": "household_id",
                "area_code": "area_code",
                "enrolment_id": "enrolment_id",
                "payee_name": "'测试'",
                "bank": "'农商银行'",
                "account_number": "'62' || lpad(CAST(CASE WHEN applicant_person_id % 1019 = 0 "
                "THEN 1 ELSE applicant_person_id END AS VARCHAR), 14, '0')",
                "holder_name": "'测试'",
                "base": "amount",
                "arrears": "CAST(0 AS DECIMAL(14, 2))",
                "gradual_exit": "CAST(0 AS DECIMAL(14, 2))",
                "deductions": "CAST(0 AS DECIMAL(14, 2))",
                "total": "amount",
                "arrears_months": "CAST([] AS VARCHAR[])",
                "status": "'paid'",
                "held_reason": "''",
                "bank_reason": "''",
                "reissue_of_line_id": "CAST(NULL AS BIGINT)",
                "recovery_id": "CAST(NULL AS BIGINT)",
                "institution_id": "CAST(NULL AS BIGINT)",
                "answered_on": "CAST(month AS DATE) + INTERVAL 19 DAY",
            }[f.name]
            + f" AS {quote(f.name)}"
        )
    con.execute(f"CREATE TABLE lines AS SELECT {', '.join(columns)} FROM due_lines")
    _copy_to(con, "SELECT * FROM lines ORDER BY line_id", ledger / "payroll_lines.parquet")
    _copy_to(
        con,
        "SELECT line_id, person_id, programme, month, total AS amount, false AS arrears "
        "FROM lines WHERE county_code = '320302' ORDER BY line_id",
        ledger / "covered_months.parquet",
    )
    # issued and paid per line; 1 in 1031 lines answered 10 yuan short
    _copy_to(
        con,
        "SELECT row_number() OVER (ORDER BY line_id, kind DESC) AS entry_id, * FROM ("
        "SELECT 'issued' AS kind, total AS amount, programme, county_code, cycle_id, line_id, "
        "CAST(NULL AS BIGINT) AS recovery_id, person_id, month, "
        "CAST(month AS TIMESTAMPTZ) AS at, '' AS note FROM lines UNION ALL "
        "SELECT 'paid', CASE WHEN line_id % 1031 = 0 THEN total - 10 ELSE total END, "
        "programme, county_code, cycle_id, line_id, NULL, person_id, month, "
        "CAST(answered_on AS TIMESTAMPTZ), '' FROM lines)",
        ledger / "ledger.parquet",
    )
    for table in ("payment_stops", "recovery_orders", "institutions", "placements"):
        pq.write_table(PAYMENTS[table].empty_table(), ledger / f"{table}.parquet")


# --- measurements ----------------------------------------------------------------------
