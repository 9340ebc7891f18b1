"""Bounds shared by every API schema: ids, dates and `null` in partial updates.

Unbounded numbers reached the database or the calendar and came back as 500s
(issue 7 item 6); each bound here answers 422 naming the field instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from ninja import Path
from pydantic import AfterValidator, Field, field_validator
from pydantic_core import PydanticCustomError

# Above every primary key the tables will hold, below SQLite's and PostgreSQL's
# 64-bit integers (a larger id in a path or body was an OverflowError).
MAX_ID = 2**53

# Records of people: births from 1900, events no later than 2100 (the working-day
# calendar is only known for the years an administrator has entered, D11.3).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_range",
            "日期须在{first}至{last}之间",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


RecordDate = Annotated[dt.date, AfterValidator(_in_range)]


def not_null(*names: str) -> Any:
    """A validator for a partial update (PATCH): a field may be left out, but sent as
    `null` it would erase a value the record must have."""

    def refuse_null(cls: Any, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("not_null", "不能为空（null）；不修改时请不要发送该字段")
        return value

    decorate: Callable[[Any], Any] = field_validator(*names, mode="before")
    return decorate(refuse_null)


# A record's id in a path: a larger number cannot name a row (and overflowed SQLite).
PathId = Path[Annotated[int, Field(ge=1, le=MAX_ID)]]
