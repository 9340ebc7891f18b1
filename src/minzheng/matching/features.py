"""Records → the columns the model compares (one row per record, Arrow in and out).

The input is any table of people with `record_id` and, as far as the source has
them, `id_number`, `name`, `birth_date`, `gender`, `address`, `phone` (`RECORDS`).
ID numbers in the stored form (18 ASCII characters) are read column-wise; any other
form (15 digits, full-width, spaces) and every name, address and phone is read once
per distinct value (the column is dictionary-encoded, the distinct values normalised,
and the results taken back by index), so a million records cost seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from minzheng.core.idnumber import CHECK_CHARS, WEIGHTS
from minzheng.matching import normalize

RECORDS = pa.schema(
    [
        ("record_id", pa.int64()),
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.string()),  # YYYY-MM-DD, or null: the ID number's is taken
        ("gender", pa.string()),  # M / F, or null: the ID number's is taken
        ("address", pa.string()),
        ("phone", pa.string()),
    ]
)

NAME_COLUMNS = (
    "name_s",  # simplified
    "surname",
    "given",
    "given_sorted",  # given-name characters in code-point order
    "surname_py",
    "given_py",
    "name_py",
    "given_py_sorted",
)
ADDRESS_COLUMNS = ("county", "township", "community", "road", "house")

FEATURES = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("id18", pa.string()),
        ("id_valid", pa.bool_()),
        ("id_was15", pa.bool_()),
        ("id_head", pa.string()),  # place + birth date: the first 14 characters
        ("id_tail", pa.string()),  # birth date + sequence + check: characters 7–18
        ("birth", pa.string()),
        ("sex", pa.string()),
        ("typed", pa.bool_()),  # birth date and sex typed, not read from the ID number
        *[(n, pa.string()) for n in NAME_COLUMNS],
        *[(n, pa.string()) for n in ADDRESS_COLUMNS],
        ("phone", pa.string()),
    ]
)


def _column(table: pa.Table, name: str) -> pa.Array:
    if name in table.column_names:
        return pc.cast(table.column(name), pa.string()).combine_chunks()
    return pa.nulls(table.num_rows, pa.string())


def _per_distinct(
    column: pa.Array, fn: Callable[[Any], tuple[str | None, ...]], width: int
) -> list[pa.Array]:
    """`fn` (returning `width` values) applied once per distinct value, per row."""
    encoded = pc.dictionary_encode(column)
    results = [fn(v) for v in encoded.dictionary.to_pylist()]
    parts = list(zip(*results, strict=True)) if results else [()] * width
    return [pc.take(pa.array(list(p), pa.string()), encoded.indices) for p in parts]


def _name_parts(raw: str | None) -> tuple[str | None, ...]:
    name = normalize.simplify(raw) if raw else ""
    if not name:
        return (None,) * len(NAME_COLUMNS)
    surname, given = normalize.split_name(name)
    surname_py = normalize.pinyin(surname)
    given_py = normalize.pinyin(given)
    return (
        name,
        surname,
        given or None,
        "".join(sorted(given)) or None,
        surname_py,
        given_py or None,
        f"{surname_py} {given_py}".strip(),
        " ".join(sorted(given_py.split())) or None,
    )


def _address_parts(raw: str | None) -> tuple[str | None, ...]:
    a = normalize.parse_address(raw)
    return (a.county, a.township, a.community, a.road, a.number)


def _id_other_forms(raw: str | None) -> tuple[str | None, ...]:
    f = normalize.read_id(raw)
    return (f.id18, "1" if f.valid else "", "1" if f.was15 else "")


_STORED = r"^[0-9]{17}[0-9X]$"
_CHECK = np.frombuffer(CHECK_CHARS.encode(), dtype=np.uint8)
_WEIGHTS = np.array(WEIGHTS, dtype=np.int64)


def _ids(raw: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(id18, check character right, was 15 digits) for every row."""
    upper = pc.utf8_upper(raw)
    stored = pc.fill_null(pc.match_substring_regex(upper, _STORED), False)
    # the rest (15 digits, full-width, spaces, garbage), one call per distinct value
    others = pc.if_else(stored, pa.scalar(None, pa.string()), raw)
    other_id, _, other_15 = _per_distinct(others, _id_other_forms, 3)
    id18 = pc.if_else(stored, upper, other_id)
    filled = pc.fill_null(id18, "000000000000000000").to_numpy(zero_copy_only=False)
    codes = np.frombuffer("".join(filled).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    total = ((codes[:, :17] - ord("0")).astype(np.int64) * _WEIGHTS).sum(axis=1)
    valid = pa.array((_CHECK[total % 11] == codes[:, 17]) & pc.is_valid(id18).to_numpy(False))
    was15 = pc.fill_null(pc.equal(other_15, "1"), False)
    return id18, valid, was15


def _phones(raw: pa.Array) -> pa.Array:
    """Eleven digits of a mobile number (+86, spaces and dashes dropped), else null
    (column-wise `normalize.phone`)."""
    digits = pc.replace_substring_regex(pc.utf8_normalize(raw, "NFKC"), r"\D", "")
    digits = pc.if_else(
        pc.and_(pc.starts_with(digits, "86"), pc.equal(pc.utf8_length(digits), 13)),
        pc.utf8_slice_codeunits(digits, 2),
        digits,
    )
    return pc.if_else(pc.equal(pc.utf8_length(digits), 11), digits, pa.scalar(None, pa.string()))


def features(records: pa.Table) -> pa.Table:
    """The compared columns of `records` (schema `RECORDS`, missing columns allowed)."""
    id18, valid, was15 = _ids(_column(records, "id_number"))
    digits = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(id18, 6, 10),
        pc.utf8_slice_codeunits(id18, 10, 12),
        pc.utf8_slice_codeunits(id18, 12, 14),
        "-",
    )
    parsed = pc.strptime(digits, format="%Y-%m-%d", unit="s", error_is_null=True)
    id_birth = pc.cast(pc.cast(parsed, pa.date32()), pa.string())
    odd = pc.equal(
        pc.bit_wise_and(pc.cast(pc.utf8_slice_codeunits(id18, 16, 17), pa.int8()), 1), 1
    )
    id_sex = pc.if_else(odd, "M", "F")
    typed_birth = _column(records, "birth_date")
    birth = pc.coalesce(typed_birth, id_birth)
    sex = pc.coalesce(_column(records, "gender"), id_sex)
    typed = pc.is_valid(typed_birth)
    names = _per_distinct(_column(records, "name"), _name_parts, len(NAME_COLUMNS))
    places = _per_distinct(_column(records, "address"), _address_parts, len(ADDRESS_COLUMNS))
    phones = _phones(_column(records, "phone"))
    columns = [
        pc.cast(records.column("record_id"), pa.int64()).combine_chunks(),
        id18,
        valid,
        was15,
        pc.utf8_slice_codeunits(id18, 0, 14),
        pc.utf8_slice_codeunits(id18, 6, 18),
        birth,
        sex,
        typed,
        *names,
        *places,
        phones,
    ]
    return pa.Table.from_arrays(columns, schema=FEATURES)
