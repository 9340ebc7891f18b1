"""One small synthetic city shared by the generator tests (generated once per session)."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pytest

from minzheng.synth.population import City

SEED = 11
RESIDENTS = 60_000


@dataclass(frozen=True)
class Tables:
    areas: pa.Table
    persons: pa.Table
    households: pa.Table
    memberships: pa.Table


def generate(seed: int, residents: int, chunk_size: int = 20_000) -> Tables:
    city = City(seed)
    chunks = list(city.chunks(residents, chunk_size))
    return Tables(
        areas=city.areas(),
        persons=pa.concat_tables([c.persons for c in chunks]),
        households=pa.concat_tables([c.households for c in chunks]),
        memberships=pa.concat_tables([c.memberships for c in chunks]),
    )


@pytest.fixture(scope="session")
def city() -> Tables:
    return generate(SEED, RESIDENTS)


@pytest.fixture(scope="session")
def persons(city: Tables) -> list[dict]:
    return city.persons.to_pylist()


@pytest.fixture(scope="session")
def households(city: Tables) -> list[dict]:
    return city.households.to_pylist()
