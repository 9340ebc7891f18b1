"""The tables a rule may read: the registry snapshot and the feeds, with their schemas.

Rules name these tables directly (`FROM persons`, `JOIN deaths`). Their
schemas come from two declarations — `minzheng.analytics.schema` for the
registry snapshot and the feed catalogue — so a rule that names a column that
does not exist is refused when it is loaded, not at 2 a.m. in the nightly run.
Feeds and derived tables carry the store's `person_key` (`keys`) beside the ID
number: rules join and group on it.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from minzheng.analytics.feeds.catalog import FEEDS
from minzheng.analytics.schema import ELDERLY_FUNDS, PAYMENTS, REGISTRY

PERSON_KEY = pa.field("person_key", pa.int64())
REGISTRY_TABLES: dict[str, pa.Schema] = dict(REGISTRY)
# As stored: the sender's fields, then the key the importer adds.
FEED_TABLES: dict[str, pa.Schema] = {
    name: spec.schema.append(PERSON_KEY) for name, spec in FEEDS.items()
}
# Summaries of a feed, built when the feed is imported (`feeds.derived`) and read by
# rules like any table: one row per person and month of social-insurance wages, the
# wage being the month's total over every employer.
DERIVED_TABLES: dict[str, pa.Schema] = {
    "wage_months": pa.schema(
        [
            PERSON_KEY,
            pa.field("month", pa.date32()),
            pa.field("wage", pa.decimal128(12, 2)),
        ]
    ),
}
DERIVED_FROM: dict[str, str] = {"wage_months": "social_insurance_wages"}
# The payments ledger export (issue 10, D13): written beside the registry snapshot by
# the nightly snapshot, or into a directory of its own (`run --ledger DIR`); read by the
# funds-supervision rules (D14).
PAYMENT_TABLES: dict[str, pa.Schema] = dict(PAYMENTS)
# The elderly-care funds (issue 14 item 6, `elderly/snapshot.py`): a part of the same
# nightly snapshot, read by S014–S016. Looked for in the ledger directory, then in the
# registry directory (`elderly_files`).
ELDERLY_FUND_TABLES: dict[str, pa.Schema] = dict(ELDERLY_FUNDS)
INPUT_TABLES: dict[str, pa.Schema] = {
    **REGISTRY_TABLES,
    **FEED_TABLES,
    **DERIVED_TABLES,
    **PAYMENT_TABLES,
    **ELDERLY_FUND_TABLES,
}
# Tables an export may lack altogether (written only since issue 14): a missing one is
# read as an empty table, so the rules that need it stay silent instead of failing.
OPTIONAL_TABLES = frozenset({*ELDERLY_FUND_TABLES, "institutional_payables"})


# Optional in a registry snapshot (`person_aliases.parquet`): feed keys whose ID number
# the registry does not hold, matched with confidence to a registry person by identity
# resolution (a mistyped digit, docs/identity.md). The runner then reads every feed and
# derived table with such a key as the registry person's key, so the rules find the
# person; the match weight travels with the lead.
PERSON_ALIASES = pa.schema(
    [
        pa.field("feed_key", pa.int64()),  # the key of the ID number as the feed sent it
        pa.field("person_key", pa.int64()),  # the matched registry person's key
        pa.field("feed_id_number", pa.string()),
        pa.field("id_number", pa.string()),  # the registry person's
        pa.field("match_weight", pa.float64()),
        pa.field("match_probability", pa.float64()),
        pa.field("feeds", pa.list_(pa.string())),  # the feeds (code names) that sent it
    ]
)
ALIASES_FILE = "person_aliases.parquet"


class MissingInput(FileNotFoundError):
    """A registry table the run needs is not in the registry directory."""


def sql_type(arrow_type: pa.DataType) -> str:
    """The SQL type name sqlglot needs to type-check rule columns."""
    if pa.types.is_decimal(arrow_type):
        return f"DECIMAL({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    if pa.types.is_list(arrow_type):
        return f"ARRAY<{sql_type(arrow_type.value_type)}>"
    mapping = {
        pa.string(): "VARCHAR",
        pa.date32(): "DATE",
        pa.bool_(): "BOOLEAN",
        pa.int8(): "TINYINT",
        pa.int16(): "SMALLINT",
        pa.int32(): "INT",
        pa.int64(): "BIGINT",
    }
    return mapping[arrow_type]


def sqlglot_schema() -> dict[str, dict[str, str]]:
    return {
        table: {f.name: sql_type(f.type) for f in schema} for table, schema in INPUT_TABLES.items()
    }


def export_files(directories: list[Path], table: str) -> list[Path]:
    """The table's files in the first directory that has it; none when it is optional
    (`OPTIONAL_TABLES`) and no directory has it (read as an empty table)."""
    for directory in directories:
        try:
            return registry_files(directory, table)
        except MissingInput:
            continue
    if table in OPTIONAL_TABLES:
        return []
    return registry_files(directories[0], table)  # raises, naming the first directory


def registry_files(registry: Path, table: str) -> list[Path]:
    """`<table>.parquet`, or every Parquet file in a `<table>/` directory (a chunked write)."""
    single = registry / f"{table}.parquet"
    if single.is_file():
        return [single]
    files = sorted((registry / table).glob("**/*.parquet"))
    if not files:
        raise MissingInput(f"登记库快照中缺少 {table}（{single} 或 {registry / table}/*.parquet）")
    return files
