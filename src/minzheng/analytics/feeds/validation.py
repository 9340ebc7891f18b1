"""Row validation of a feed batch, generated as DuckDB SQL from the feed declaration.

A batch arrives as text columns named after the feed's fields plus `_row`
(the row number the sender sees). One query types every value and gives,
per field, NULL or the first failing check's Chinese reason; a second query
lists the failures. Doing it in SQL keeps a 10-million-row import to seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from minzheng.analytics.feeds import idcheck
from minzheng.analytics.feeds.catalog import Feed, Field, Kind

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S")
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%Y%m", "%Y-%m-%d", "%Y/%m/%d")
DECIMAL_PATTERNS = {Kind.MONEY: (10, "DECIMAL(12,2)"), Kind.AREA: (8, "DECIMAL(10,2)")}


@dataclass(frozen=True)
class Rejection:
    """One refused value: where it is, what it was, and why (in Chinese)."""

    row: int
    field: str
    value: str | None
    reason: str


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(f: Field) -> str:
    return f"NULLIF(trim({quote(f.name)}), '')"


def _parsed_date(src: str, formats: tuple[str, ...]) -> str:
    tries = ", ".join(f"try_strptime({src}, {literal(fmt)})" for fmt in formats)
    return f"CAST(coalesce({tries}) AS DATE)"


def _decimal_text(src: str) -> str:
    return f"replace(replace({src}, ',', ''), '，', '')"


def typed_sql(f: Field) -> str:
    """The typed value of a field, or NULL when the text cannot be read as that type."""
    src = _source(f)
    if f.kind is Kind.ID_NUMBER:
        return idcheck.normalized_sql(quote(f.name))
    if f.kind is Kind.CODE:
        whens = " ".join(
            f"WHEN {literal(code.lower())} THEN {literal(code)} "
            f"WHEN {literal(label.lower())} THEN {literal(code)}"
            for code, label in f.choices
        )
        return f"CASE lower({src}) {whens} END"
    if f.kind is Kind.DATE:
        return _parsed_date(src, DATE_FORMATS)
    if f.kind is Kind.MONTH:
        return _parsed_date(src, MONTH_FORMATS)
    if f.kind in DECIMAL_PATTERNS:
        digits, sql_type = DECIMAL_PATTERNS[f.kind]
        text = _decimal_text(src)
        pattern = literal(f"-?[0-9]{{1,{digits}}}(\\.[0-9]{{1,2}})?")
        return (
            f"CASE WHEN regexp_full_match({text}, {pattern}) THEN CAST({text} AS {sql_type}) END"
        )
    if f.kind is Kind.GRADE:
        text = f"replace({src}, '级', '')"
        is_number = f"regexp_full_match({text}, '[0-9]{{1,4}}')"
        return f"CASE WHEN {is_number} THEN CAST({text} AS SMALLINT) END"
    return src


def _format_reason(f: Field) -> str:
    if f.kind is Kind.CODE:
        allowed = "、".join(f"{code}（{label}）" for code, label in f.choices)
        return f"取值不在允许范围内，应为：{allowed}"
    return {
        Kind.DATE: "日期无法识别，应为YYYY-MM-DD",
        Kind.MONTH: "月份无法识别，应为YYYY-MM",
        Kind.MONEY: "金额格式错误，应为最多两位小数的数字",
        Kind.AREA: "面积格式错误，应为最多两位小数的数字",
        Kind.GRADE: "应为整数",
    }[f.kind]


def reason_sql(f: Field, *, raw: str, typed: str, today_sql: str) -> str:
    """NULL when the field is acceptable, else the Chinese reason it is refused.

    `raw` is the trimmed text (NULL when empty), `typed` the result of `typed_sql`.
    """
    src = raw
    missing = "'必填字段为空'" if f.required else "NULL"
    if f.kind is Kind.ID_NUMBER:
        id_checks = idcheck.reason_sql(typed, today_sql)
        return f"CASE WHEN {typed} IS NULL THEN {missing} ELSE {id_checks} END"
    checks = [f"WHEN {src} IS NULL THEN {missing}"]
    if f.kind is not Kind.TEXT:
        checks.append(f"WHEN {typed} IS NULL THEN {literal(_format_reason(f))}")
    if f.kind in DECIMAL_PATTERNS:
        checks.append(f"WHEN {typed} < 0 THEN '不得为负数'")
    if f.kind is Kind.MONTH:
        checks.append(f"WHEN day({typed}) <> 1 THEN '缴费月份应为某月1日或YYYY-MM'")
    if f.bounds is not None:
        low, high = f.bounds
        checks.append(f"WHEN {typed} NOT BETWEEN {low} AND {high} THEN '超出范围（{low}–{high}）'")
    return "CASE " + " ".join(checks) + " END"


def checked_sql(feed: Feed, table: str, today: dt.date) -> str:
    """One query: `_row`, the typed fields, their raw text and one reason column per field."""
    today_sql = f"DATE {literal(today.isoformat())}"
    typed = ", ".join(f"{typed_sql(f)} AS {quote(f.name)}" for f in feed.fields)
    raw = ", ".join(f"{_source(f)} AS {quote('_raw_' + f.name)}" for f in feed.fields)
    reasons = [
        reason_sql(f, raw=quote("_raw_" + f.name), typed=quote(f.name), today_sql=today_sql)
        + f" AS {quote('_why_' + f.name)}"
        for f in feed.fields
    ]
    for i, check in enumerate(feed.row_checks):
        reason = f"CASE WHEN {check.failing_sql} THEN {literal(check.reason_zh)} END"
        reasons.append(f"{reason} AS {quote(f'_check_{i}')}")
    return (
        f"WITH typed AS (SELECT _row, {typed}, {raw} FROM {table}) "
        f"SELECT *, {', '.join(reasons)} FROM typed"
    )


def rejections_sql(feed: Feed, checked: str) -> str:
    """All refused values of a checked batch, one row per (row, field), in row order."""
    parts = [
        f"SELECT _row, {literal(f.name)} AS field, {quote('_raw_' + f.name)} AS value, "
        f"{quote('_why_' + f.name)} AS reason FROM {checked} "
        f"WHERE {quote('_why_' + f.name)} IS NOT NULL"
        for f in feed.fields
    ]
    parts += [
        f"SELECT _row, {literal(c.field)}, CAST({quote('_raw_' + c.field)} AS VARCHAR), "
        f"{quote(f'_check_{i}')} FROM {checked} WHERE {quote(f'_check_{i}')} IS NOT NULL"
        for i, c in enumerate(feed.row_checks)
    ]
    return " UNION ALL ".join(parts) + " ORDER BY _row, field"


def validate_batch(
    con: duckdb.DuckDBPyConnection, feed: Feed, batch: pa.Table, today: dt.date
) -> tuple[pa.Table, list[Rejection]]:
    """Type one batch; returns the typed rows (feed schema) and every rejection in it."""
    con.register("raw_batch", batch)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE checked AS {checked_sql(feed, 'raw_batch', today)}"
        )
    finally:
        con.unregister("raw_batch")
    rows = con.execute(rejections_sql(feed, "checked")).fetchall()
    rejections = [Rejection(int(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]
    columns = ", ".join(quote(f.name) for f in feed.fields)
    typed = con.sql(f"SELECT {columns} FROM checked ORDER BY _row").to_arrow_table()
    return typed.cast(feed.schema), rejections
