"""The citizen ID number check of D0.1 as one DuckDB SQL expression.

Feeds carry millions of ID numbers; checking them row by row in Python
(`minzheng.core.idnumber.parse`) would dominate an import. The same checks,
in the same order and with the same Chinese messages, are written here as a
vectorised `CASE` that DuckDB evaluates over whole batches. A test compares
both implementations on valid and broken numbers.
"""

from __future__ import annotations

from minzheng.core.idnumber import CHECK_CHARS, WEIGHTS


def normalized_sql(column_sql: str) -> str:
    """Upper-case, spaces removed, empty as NULL (D0.1: a lower-case x is accepted)."""
    return f"NULLIF(upper(replace(trim({column_sql}), ' ', '')), '')"


def _digit(value_sql: str, position: int) -> str:
    # ascii() - 48 is the digit's value; only used once the 17 digits are known to be digits.
    return f"(ascii(substr({value_sql}, {position}, 1)) - 48)"


def check_character_sql(value_sql: str) -> str:
    """The expected 18th character: "10X98765432"[Σ dᵢ·wᵢ mod 11] (D0.1)."""
    total = " + ".join(
        f"{_digit(value_sql, i + 1)} * {weight}" for i, weight in enumerate(WEIGHTS)
    )
    return f"substr('{CHECK_CHARS}', (({total}) % 11) + 1, 1)"


def reason_sql(value_sql: str, today_sql: str) -> str:
    """NULL for a valid normalised number, else the first failing check's Chinese message.

    Mirrors `minzheng.core.idnumber.parse` check for check, so that a number
    refused at import is refused with the same words in the web application.
    """
    birth = f"try_strptime(substr({value_sql}, 7, 8), '%Y%m%d')"
    expected = check_character_sql(value_sql)
    return f"""CASE
        WHEN length({value_sql}) <> 18
            THEN '身份证号码应为18位，实际为' || CAST(length({value_sql}) AS VARCHAR) || '位'
        WHEN NOT regexp_full_match(substr({value_sql}, 1, 17), '[0-9]{{17}}')
            THEN '身份证号码前17位必须是数字'
        WHEN NOT regexp_full_match(substr({value_sql}, 18, 1), '[0-9X]')
            THEN '身份证号码第18位（校验码）必须是数字或X'
        WHEN {birth} IS NULL
            THEN '身份证号码中的出生日期' || substr({value_sql}, 7, 8) || '不存在'
        WHEN CAST({birth} AS DATE) > {today_sql}
            THEN '身份证号码中的出生日期' || substr({value_sql}, 7, 8) || '晚于今天'
        WHEN substr({value_sql}, 7, 4) < '1880'
            THEN '身份证号码中的出生日期' || substr({value_sql}, 7, 8) || '不合理'
        WHEN {expected} <> substr({value_sql}, 18, 1)
            THEN '身份证号码校验码错误：第18位应为' || {expected}
                || '，实际为' || substr({value_sql}, 18, 1)
    END"""
