"""The vectorised D0.1 check agrees with `minzheng.core.idnumber.parse`, message for message."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pytest

from minzheng.analytics.feeds import idcheck
from minzheng.core import idnumber

TODAY = dt.date(2024, 7, 1)
SAMPLES = [
    "11010519491231002X",  # D0.1 valid, female
    "440524188001010014",  # D0.1 valid, male
    "11010519491231002x",  # lower-case x accepted
    "110105194912310021",  # D0.1 invalid: wrong check character
    "110105202302300012",  # 30 February does not exist
    "110105202501010012",  # born after TODAY
    "110105187912310012",  # before 1880
    "1101051949123100",  # too short
    "11010519491231002XX",  # too long
    "11010519491231A02X",  # a letter among the first 17
    "11010519491231002Y",  # bad 18th character
]


def sql_reasons(numbers: list[str]) -> list[str | None]:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, raw VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(numbers)))
    value = idcheck.normalized_sql("raw")
    today = f"DATE '{TODAY.isoformat()}'"
    query = f"SELECT {idcheck.reason_sql(value, today)} FROM t ORDER BY i"
    return [row[0] for row in con.execute(query).fetchall()]


def python_reason(number: str) -> str | None:
    try:
        idnumber.parse(number, today=TODAY)
    except idnumber.InvalidIdNumber as exc:
        return str(exc)
    return None


def mutations(seed: int, count: int) -> list[str]:
    """Valid numbers with one character changed: most break the check character."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(30_000))
        number = list(idnumber.make("320302", birth, rng.randrange(1000)))
        if rng.random() < 0.8:
            number[rng.randrange(18)] = rng.choice("0123456789X")
        out.append("".join(number))
    return out


@pytest.mark.parametrize(
    "numbers", [SAMPLES, mutations(seed=4, count=300)], ids=["rules", "random"]
)
def test_sql_and_python_give_the_same_verdict_and_message(numbers: list[str]) -> None:
    assert sql_reasons(numbers) == [python_reason(n) for n in numbers]


def test_the_d01_examples_are_judged_as_the_rulebook_says() -> None:
    reasons = sql_reasons(SAMPLES[:4])
    assert reasons[:3] == [None, None, None]
    assert reasons[3] == "身份证号码校验码错误：第18位应为X，实际为1"
