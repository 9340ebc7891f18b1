"""One block's numpy columns assembled into the Arrow tables of the registry snapshot
(`minzheng.analytics.schema`), and of the memberships the demo database loads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from minzheng.analytics import schema
from minzheng.synth import columns
from minzheng.synth.assistance import PROGRAMMES, HouseholdFacts, Property
from minzheng.synth.economy import DISABILITY_TYPES, EMPLOYMENT, SCHOOL_STAGES, Disability
from minzheng.synth.households import Households
from minzheng.synth.identity import BIRTH_CODES
from minzheng.synth.kinship import CHILD, RELATIONS
from minzheng.synth.membership import REASONS, EarlierStays, Stays

_DIED = REASONS.index("死亡注销")

# Not a Parquet file of the snapshot contract: the effective-dated memberships behind
# `persons.household_id`, which the demo database loader stores as
# HouseholdMembership rows (current stays, stays closed by death, and earlier
# stays in a parent's household ended by marriage).
MEMBERSHIPS = pa.schema(
    [
        ("person_id", pa.int64()),
        ("household_id", pa.int64()),
        ("relation", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),  # null while current; exclusive end
        ("reason", pa.string()),
    ]
)
_MARRIED_OUT = REASONS.index("婚嫁迁出")


@dataclass(frozen=True)
class CityChunk:
    """Consecutive residents with their households and memberships, as Arrow tables."""

    persons: pa.Table  # schema.PERSONS
    households: pa.Table  # schema.HOUSEHOLDS
    memberships: pa.Table  # MEMBERSHIPS

    @property
    def residents(self) -> int:
        return self.persons.num_rows


@dataclass
class Persons:
    """Per-person columns of a block (besides those in `Households`)."""

    born: NDArray[np.int64]
    stays: Stays
    disability: Disability
    status: NDArray[np.int8]
    stage: NDArray[np.int8]
    income: NDArray[np.int64]  # cents
    birth_code: NDArray[np.int64]
    id_number: NDArray[np.uint8]  # n × 18 ASCII
    phone: NDArray[np.uint8]  # n × 11 ASCII
    no_phone: NDArray[np.bool_]
    name: NDArray[np.str_]


@dataclass
class Homes:
    """Per-household columns of a block."""

    community: NDArray[np.int64]
    urban: NDArray[np.bool_]
    living: NDArray[np.int64]
    income: NDArray[np.int64]  # cents, total of living members
    programme: NDArray[np.int8]
    property: Property
    number: NDArray[np.str_]
    address: NDArray[np.str_]


@dataclass(frozen=True)
class Ids:
    """Where the block's person and household ids start."""

    person: int
    household: int


def household_facts(
    people: Households,
    stays: Stays,
    disability: Disability,
    income: NDArray[np.int64],
    urban: NDArray[np.bool_],
) -> HouseholdFacts:
    """Per-household sums over living members, for programme selection."""
    alive = ~stays.deceased
    living = np.add.reduceat(alive.astype(np.int64), people.start)
    needy = (people.age >= 60) | disability.severe
    return HouseholdFacts(
        urban=urban,
        living=living,
        income=np.add.reduceat(np.where(alive, income, 0), people.start),
        single_needy=(living == 1) & needy[people.start],
        has_disabled=np.add.reduceat((disability.kind > 0) & alive, people.start) > 0,
        oldest_age=np.maximum.reduceat(np.where(alive, people.age, 0.0), people.start),
    )


def persons_table(
    people: Households, p: Persons, homes: Homes, codes: NDArray[np.str_], ids: Ids
) -> pa.Table:
    n = people.age.size
    grade = p.disability.grade
    phone = pc.if_else(pa.array(p.no_phone), "", columns.ascii_rows(p.phone))
    deceased = p.stays.deceased
    arrays = [
        pa.array(ids.person + np.arange(n, dtype=np.int64)),
        pa.nulls(n, pa.int64()),  # person_key: given by the analytic store (keys.key_registry)
        columns.ascii_rows(p.id_number),
        columns.texts(p.name),
        columns.labels(np.where(people.male, 0, 1), ("M", "F")),
        columns.dates(p.born),
        pa.array(ids.household + people.household),
        columns.labels(people.relation, RELATIONS),
        columns.labels(homes.community[people.household], list(codes)),
        columns.labels(p.birth_code, BIRTH_CODES),
        phone,
        columns.labels(p.disability.kind, DISABILITY_TYPES),
        pa.array(grade, type=pa.int8(), mask=grade == 0),
        columns.labels(deceased.astype(np.int8), ("alive", "deceased")),
        columns.dates(p.stays.death_day, missing=~deceased),
        columns.labels(p.status, EMPLOYMENT),
        columns.labels(p.stage, SCHOOL_STAGES),
        columns.money(p.income),
    ]
    return pa.Table.from_arrays(arrays, schema=schema.PERSONS)


def households_table(
    people: Households, homes: Homes, codes: NDArray[np.str_], ids: Ids
) -> pa.Table:
    count = people.count
    per_capita = homes.income // np.maximum(homes.living, 1)
    arrays = [
        pa.array(ids.household + np.arange(count, dtype=np.int64)),
        columns.texts(homes.number),
        columns.labels(homes.community, list(codes)),
        columns.labels(np.where(homes.urban, 0, 1), ("urban", "rural")),
        columns.texts(homes.address),
        pa.array(ids.person + people.start),
        pa.array(homes.living.astype(np.int16)),
        columns.money(homes.income),
        columns.money(per_capita),
        columns.labels(homes.programme, PROGRAMMES),
        pa.array(homes.property.second_dwelling),
        pa.array(homes.property.vehicle),
        columns.money(homes.property.deposits),
    ]
    return pa.Table.from_arrays(arrays, schema=schema.HOUSEHOLDS)


def memberships_table(
    people: Households, stays: Stays, earlier: EarlierStays, ids: Ids
) -> pa.Table:
    """Current stays (closed at death) followed by earlier stays ended by marriage."""
    n = people.age.size
    person = np.concatenate([np.arange(n, dtype=np.int64), earlier.person])
    household = np.concatenate([people.household, earlier.household])
    relation = np.concatenate([people.relation, np.full(earlier.person.size, CHILD, np.int8)])
    valid_from = np.concatenate([stays.valid_from, earlier.valid_from])
    valid_to = np.concatenate([stays.death_day, earlier.valid_to])
    closed = np.concatenate([stays.deceased, np.ones(earlier.person.size, dtype=bool)])
    reason = np.concatenate(
        [np.where(stays.deceased, _DIED, stays.reason), np.full(earlier.person.size, _MARRIED_OUT)]
    )
    arrays = [
        pa.array(ids.person + person),
        pa.array(ids.household + household),
        columns.labels(relation, RELATIONS),
        columns.dates(valid_from),
        columns.dates(valid_to, missing=~closed),
        columns.labels(reason, REASONS),
    ]
    return pa.Table.from_arrays(arrays, schema=MEMBERSHIPS)


def concat(chunks: list[CityChunk]) -> CityChunk:
    if len(chunks) == 1:
        return chunks[0]
    return CityChunk(
        persons=pa.concat_tables([c.persons for c in chunks]),
        households=pa.concat_tables([c.households for c in chunks]),
        memberships=pa.concat_tables([c.memberships for c in chunks]),
    )
