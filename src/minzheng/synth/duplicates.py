"""A labelled duplicate set for identity resolution (docs/identity.md, issue 16).

The registry of the synthetic city (one record per resident, in the form the
register writes it) plus, for a share of the residents, a second record of the same
person as a departmental feed or an old roll would carry it, with the errors such
records have. Every record keeps the `person_id` it describes (the label), so a
benchmark can count right and wrong links. The rates are the assumptions below,
documented in docs/identity.md; they are chosen for realism, not measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from minzheng.core import divisions, idnumber
from minzheng.synth.population import City

LABELLED = pa.schema(
    [
        ("record_id", pa.int64()),
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.string()),
        ("gender", pa.string()),
        ("address", pa.string()),
        ("phone", pa.string()),
        ("person_id", pa.int64()),  # the label: the resident the record describes
    ]
)


@dataclass(frozen=True)
class ErrorRates:
    """Shares of the second records that carry each error (independent draws, except
    that an ID number gets at most one of its errors)."""

    duplicate_share: float = 0.08  # residents who get a second record
    id_digit_valid_check: float = 0.05  # one digit wrong, check character still right
    id_digit_invalid_check: float = 0.04  # one digit wrong, check character now wrong
    id_transposed: float = 0.03  # two neighbouring digits swapped
    id_old_15: float = 0.08  # the old 15-digit number (people born before 2000)
    id_missing: float = 0.02
    lower_case_x: float = 0.5  # of numbers ending in X
    traditional: float = 0.08  # the name in traditional or variant characters
    homophone: float = 0.08  # one given-name character replaced by a homophone
    swapped_given: float = 0.04  # two-character given name written the other way round
    moved: float = 0.10  # another address in the same county (moved house)
    phone_missing: float = 0.30
    phone_changed: float = 0.10
    birth_typed: float = 0.5  # a birth date typed beside the ID number
    birth_typo: float = 0.04  # of typed birth dates: one digit wrong


RATES = ErrorRates()


@cache
def _homophones() -> dict[str, list[str]]:
    """Common characters (GB 2312 level 1) by toneless pinyin."""
    from pypinyin import lazy_pinyin

    groups: dict[str, list[str]] = {}
    for first in range(0xB0, 0xD8):
        for second in range(0xA1, 0xFF):
            try:
                char = bytes((first, second)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            groups.setdefault(lazy_pinyin(char)[0], []).append(char)
    return groups


@cache
def _opencc_s2t() -> Any:
    from opencc_purepy import OpenCC

    return OpenCC("s2t")


_VARIANT_OF = {"峰": "峯", "哲": "喆", "坤": "堃", "升": "昇"}


def homophone(rng: np.random.Generator, char: str) -> str:
    from pypinyin import lazy_pinyin

    others = [c for c in _homophones().get(lazy_pinyin(char)[0], []) if c != char]
    return str(others[rng.integers(len(others))]) if others else char


def traditional(name: str) -> str:
    text = str(_opencc_s2t().convert(name))
    return "".join(_VARIANT_OF.get(c, c) for c in text)


@cache
def _county_names() -> dict[str, str]:
    return {c.code: c.name for c in divisions.counties()}


def address_forms(full: str, rng: np.random.Generator) -> str:
    """The register's address written one of three ways: in full; without city and
    county; with the county's short name and the flat as 12号3-2-301."""
    way = rng.integers(3)
    if way == 0:
        return full
    rest = full.replace(divisions.CITY_NAME, "", 1)
    for name in _county_names().values():
        if rest.startswith(name):
            rest = rest[len(name) :]
            short = name[:-1] if len(name) > 2 else name
            break
    else:
        short = ""
    if way == 1:
        return rest
    import re

    flat = re.sub(r"(\d+)号(\d+)栋(\d+)单元(\d+)室$", r"\1号\2-\3-\4", rest)
    return short + flat


def _mistype_id(number: str, rng: np.random.Generator, rates: ErrorRates) -> str:
    draw = rng.random()
    edges = np.cumsum(
        [
            rates.id_digit_valid_check,
            rates.id_digit_invalid_check,
            rates.id_transposed,
            rates.id_old_15,
            rates.id_missing,
        ]
    )
    if draw < edges[0] or draw < edges[1]:
        pos = int(rng.integers(17))
        digit = str((int(number[pos]) + int(rng.integers(1, 10))) % 10)
        body = number[:pos] + digit + number[pos + 1 : 17]
        if draw < edges[0]:
            return body + idnumber.check_character(body)
        return body + number[17]
    if draw < edges[2]:
        pos = int(rng.integers(16))
        if number[pos] != number[pos + 1]:
            return number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
        return number
    if draw < edges[3] and number[6:8] == "19":
        return number[:6] + number[8:17]
    if draw < edges[4] and draw >= edges[3]:
        return ""
    if number.endswith("X") and rng.random() < rates.lower_case_x:
        return number[:-1] + "x"
    return number


def _rename(name: str, rng: np.random.Generator, rates: ErrorRates) -> str:
    surname, given = name[:1], name[1:]
    if given and rng.random() < rates.homophone:
        i = int(rng.integers(len(given)))
        given = given[:i] + homophone(rng, given[i]) + given[i + 1 :]
    if len(given) == 2 and rng.random() < rates.swapped_given:
        given = given[::-1]
    name = surname + given
    if rng.random() < rates.traditional:
        name = traditional(name)
    return name


def labelled_chunks(
    *, seed: int, residents: int, chunk_size: int = 250_000, rates: ErrorRates = RATES
) -> Iterator[pa.Table]:
    """The registry records (record_id = person_id) and the second records (record_id
    above every person id), chunk by chunk, in the schema `LABELLED`."""
    rng = np.random.default_rng([seed, 16])
    next_id = 10 * max(residents, 1) + 1
    for chunk in City(seed).chunks(residents, chunk_size):
        persons = chunk.persons
        addresses = dict(
            zip(
                chunk.households.column("household_id").to_pylist(),
                chunk.households.column("address").to_pylist(),
                strict=True,
            )
        )
        address = [addresses.get(h, "") for h in persons.column("household_id").to_pylist()]
        ids = persons.column("person_id")
        registry = pa.table(
            {
                "record_id": ids,
                "id_number": persons.column("id_number"),
                "name": persons.column("name"),
                "birth_date": pa.nulls(persons.num_rows, pa.string()),
                "gender": pa.nulls(persons.num_rows, pa.string()),
                "address": pa.array(address, pa.string()),
                "phone": persons.column("phone"),
                "person_id": ids,
            },
            schema=LABELLED,
        )
        yield registry
        chosen = np.flatnonzero(rng.random(persons.num_rows) < rates.duplicate_share)
        all_addresses = np.array(address)
        rows = pc.take(persons, pa.array(chosen)).to_pylist()
        out: dict[str, list[object]] = {name: [] for name in LABELLED.names}
        for row, index in zip(rows, chosen, strict=True):
            number = _mistype_id(row["id_number"], rng, rates)
            birth = None
            if rng.random() < rates.birth_typed:
                birth = row["birth_date"].isoformat()
                if rng.random() < rates.birth_typo:
                    pos = int(rng.choice([2, 3, 6, 9]))
                    birth = birth[:pos] + str(int(rng.integers(10))) + birth[pos + 1 :]
            home = all_addresses[index]
            if rng.random() < rates.moved:
                home = all_addresses[rng.integers(all_addresses.size)]
            phone = row["phone"] or ""
            if rng.random() < rates.phone_missing:
                phone = ""
            elif rng.random() < rates.phone_changed:
                phone = "1" + "".join(str(d) for d in rng.integers(0, 10, 10))
            out["record_id"].append(next_id)
            next_id += 1
            out["id_number"].append(number or None)
            out["name"].append(_rename(row["name"], rng, rates))
            out["birth_date"].append(birth)
            out["gender"].append(row["gender"] if birth else None)
            out["address"].append(address_forms(str(home), rng))
            out["phone"].append(phone or None)
            out["person_id"].append(row["person_id"])
        yield pa.table(out, schema=LABELLED)


def labelled_set(*, seed: int, residents: int, rates: ErrorRates = RATES) -> pa.Table:
    """The whole labelled set as one table (registry records first)."""
    return pa.concat_tables(list(labelled_chunks(seed=seed, residents=residents, rates=rates)))
