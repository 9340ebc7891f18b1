"""The generator as a whole: determinism, schema, references between tables."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from minzheng.analytics import schema
from minzheng.synth.population import BLOCK_RESIDENTS, City, iter_city
from minzheng.synth.tables import MEMBERSHIPS

from .conftest import RESIDENTS, SEED, generate


def test_same_seed_and_size_give_identical_tables(city):
    again = generate(SEED, RESIDENTS)
    assert again.persons.equals(city.persons)
    assert again.households.equals(city.households)
    assert again.memberships.equals(city.memberships)
    assert again.areas.equals(city.areas)


def test_a_different_seed_gives_a_different_city(city):
    other = generate(SEED + 1, RESIDENTS)
    assert not other.persons.equals(city.persons)
    shared = set(other.persons["id_number"].to_pylist()) & set(
        city.persons["id_number"].to_pylist()
    )
    assert len(shared) < RESIDENTS * 0.05


def test_output_does_not_depend_on_the_chunk_size(city):
    small = generate(SEED, RESIDENTS, chunk_size=10_000)
    assert small.persons.equals(city.persons)
    assert small.households.equals(city.households)


def test_a_smaller_city_of_whole_blocks_is_the_start_of_a_bigger_one(city):
    size = 2 * BLOCK_RESIDENTS
    first = next(iter_city(seed=SEED, residents=size, chunk_size=size))
    assert first.persons.equals(city.persons.slice(0, size))


def test_tables_follow_the_schemas(city):
    assert city.persons.schema.equals(schema.PERSONS)
    assert city.households.schema.equals(schema.HOUSEHOLDS)
    assert city.memberships.schema.equals(MEMBERSHIPS)
    assert city.persons.num_rows == RESIDENTS


def test_ids_are_consecutive_and_references_resolve(city):
    persons, households = city.persons, city.households
    assert persons["person_id"].to_pylist() == list(range(1, RESIDENTS + 1))
    assert households["household_id"].to_pylist() == list(range(1, households.num_rows + 1))
    assert pc.all(pc.is_in(persons["household_id"], households["household_id"])).as_py()
    assert pc.all(pc.is_in(households["head_person_id"], persons["person_id"])).as_py()
    assert pc.all(pc.is_in(persons["area_code"], city.areas["area_code"])).as_py()
    assert pc.count_distinct(households["number"]).as_py() == households.num_rows


def test_household_and_member_places_agree(persons, households):
    by_id = {h["household_id"]: h for h in households}
    for p in persons:
        household = by_id[p["household_id"]]
        assert p["area_code"] == household["area_code"] and len(p["area_code"]) == 12
        assert household["number"].startswith(household["area_code"])
    for h in households:
        assert h["address"].startswith("徐州市")


def test_urban_rural_class_comes_from_the_township(city, households):
    township = {r["area_code"]: r for r in city.areas.to_pylist() if r["level"] == "township"}
    for h in households[:5_000]:
        name = township[h["area_code"][:9]]["name"]
        assert h["urban_rural"] == ("urban" if name.endswith("街道") else "rural")


def test_city_chunks_are_lazy():
    chunks = City(seed=1).chunks(residents=10**9, chunk_size=10_000)
    first = next(chunks)
    assert first.residents == 10_000


def test_a_city_generates_its_residents_only_once():
    city = City(seed=1)
    list(city.chunks(residents=100, chunk_size=100))
    with pytest.raises(RuntimeError):
        next(city.chunks(residents=100, chunk_size=100))
