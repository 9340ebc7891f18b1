"""The synthetic city, block by block: the one generator behind Parquet and the demo DB.

Residents are generated in fixed blocks of BLOCK_RESIDENTS, each with its own
random stream derived from (seed, block number). Chunks handed to callers are
runs of whole blocks, so the output is the same whatever the chunk size, and
the first N residents of a bigger city are the N residents of a smaller one.
State that must span blocks — ID sequence counters, household serials, the
next person and household id — lives in `City` and advances in block order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from minzheng.synth import assistance, economy, identity, membership, names
from minzheng.synth.addresses import addresses, community_prefixes, household_numbers
from minzheng.synth.ages import birth_days, split_dates
from minzheng.synth.communities import Community, areas_table, build_communities
from minzheng.synth.households import Households, compose
from minzheng.synth.tables import (
    CityChunk,
    Homes,
    Ids,
    Persons,
    concat,
    household_facts,
    households_table,
    memberships_table,
    persons_table,
)

__all__ = ["BLOCK_RESIDENTS", "City", "CityChunk", "block_sizes", "iter_city"]

BLOCK_RESIDENTS = 10_000


class _Layer:
    """The community layer as arrays, for vectorised lookups by community index."""

    def __init__(self, communities: tuple[Community, ...]) -> None:
        weights = np.array([c.weight for c in communities])
        self.p = weights / weights.sum()
        self.codes = np.array([c.code for c in communities])
        self.urban = np.array([c.urban_rural == "urban" for c in communities])
        self.village = np.array([c.is_village for c in communities])
        county_index = {code: i for i, code in enumerate(identity.COUNTY_CODES)}
        self.county = np.array([county_index[c.county_code] for c in communities])
        self.prefixes = community_prefixes(communities)


class City:
    """Generator state for one seed; call `chunks` once, in order."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.communities = build_communities(seed)
        self._layer = _Layer(self.communities)
        self._sequences = identity.SequenceAllocator(seed)
        self._serial = np.zeros(len(self.communities), dtype=np.int64)
        self._ids = Ids(person=1, household=1)
        self._used = False

    def areas(self) -> pa.Table:
        return areas_table(self.communities)

    def chunks(self, residents: int, chunk_size: int) -> Iterator[CityChunk]:
        """Lazily, runs of whole blocks of about `chunk_size` residents (at least one block).

        Once per City: the counters that keep ID numbers and serials unique run on
        from one block to the next, so a second pass would not repeat the first.
        """
        if self._used:
            raise RuntimeError("City.chunks 只能调用一次；请新建 City 重新生成")
        self._used = True
        per_chunk = max(1, chunk_size // BLOCK_RESIDENTS)
        pending: list[CityChunk] = []
        for index, size in enumerate(block_sizes(residents)):
            pending.append(self._block(index, size))
            if len(pending) == per_chunk:
                yield concat(pending)
                pending = []
        if pending:
            yield concat(pending)

    def _block(self, index: int, residents: int) -> CityChunk:
        """The next `residents` people, from the random stream of block `index`."""
        rng = np.random.default_rng([self.seed, 0xB10C, index])
        people = compose(rng, residents)
        community = rng.choice(self._layer.codes.size, size=people.count, p=self._layer.p)
        persons = self._persons(rng, people, community)
        homes = self._homes(rng, people, community, persons)
        earlier = membership.earlier_stays(
            rng,
            people.relation,
            people.household,
            people.surname,
            persons.born,
            persons.stays.valid_from,
            persons.stays.founded,
            people.start,
        )
        ids = self._ids
        chunk = CityChunk(
            persons=persons_table(people, persons, homes, self._layer.codes, ids),
            households=households_table(people, homes, self._layer.codes, ids),
            memberships=memberships_table(people, persons.stays, earlier, ids),
        )
        self._ids = Ids(ids.person + residents, ids.household + people.count)
        return chunk

    def _persons(
        self, rng: np.random.Generator, people: Households, community: NDArray[np.int64]
    ) -> Persons:
        """Dates, deaths, disability, school, work, income, ID number, name and phone."""
        born = birth_days(people.age)
        stays = membership.stays(
            rng, people.household, people.start, people.relation, born, people.age
        )
        urban = self._layer.urban[community][people.household]
        disability = economy.disabilities(rng, people.age)
        status, stage = economy.employment(rng, people.age, people.male, urban, disability)
        status[stays.deceased], stage[stays.deceased] = economy.NO_WORK, economy.NO_SCHOOL
        income = economy.incomes(rng, people.age, urban, status)
        income[stays.deceased] = 0
        home = self._layer.county[community][people.household]
        code = identity.birthplace_codes(rng, home, born)
        sequence = self._sequences.allocate(code, born, people.male)
        phone, no_phone = identity.phone_numbers(rng, people.age)
        return Persons(
            born=born,
            stays=stays,
            disability=disability,
            status=status,
            stage=stage,
            income=income,
            birth_code=code,
            id_number=identity.id_numbers(code, born, sequence),
            phone=phone,
            no_phone=no_phone,
            name=names.full_names(rng, people.surname, people.male, split_dates(born)[0]),
        )

    def _homes(
        self,
        rng: np.random.Generator,
        people: Households,
        community: NDArray[np.int64],
        persons: Persons,
    ) -> Homes:
        """Programme, income made consistent with it, property, number and address.

        Updates `persons.income` to the rescaled incomes.
        """
        urban = self._layer.urban[community]
        facts = household_facts(people, persons.stays, persons.disability, persons.income, urban)
        programme = assistance.select_programmes(rng, facts)
        target = assistance.target_income(rng, programme, facts)
        persons.income = assistance.rescale(
            persons.income, people.household, people.start, facts.income, target
        )
        return Homes(
            community=community,
            urban=urban,
            living=facts.living,
            income=np.add.reduceat(persons.income, people.start),
            programme=programme,
            property=assistance.property_of(rng, programme, facts),
            number=household_numbers(self._layer.codes[community], self._serials(community)),
            address=addresses(
                rng, self._layer.prefixes, self._layer.village[community], community
            ),
        )

    def _serials(self, community: NDArray[np.int64]) -> NDArray[np.int64]:
        """Next household serial within each household's community (city-wide counters)."""
        counts = np.bincount(community, minlength=self._serial.size)
        order = np.argsort(community, kind="stable")
        rank = np.empty(community.size, dtype=np.int64)
        rank[order] = np.arange(community.size) - np.repeat(np.cumsum(counts) - counts, counts)
        serial = self._serial[community] + rank + 1
        self._serial += counts
        return serial


def block_sizes(residents: int) -> Iterator[int]:
    if residents < 0:
        raise ValueError("居民人数不能为负数")
    full, rest = divmod(residents, BLOCK_RESIDENTS)
    yield from itertools.repeat(BLOCK_RESIDENTS, full)
    if rest:
        yield rest


def iter_city(*, seed: int, residents: int, chunk_size: int = 250_000) -> Iterator[CityChunk]:
    """The residents of the synthetic city in chunks, lazily; areas come from `City.areas`."""
    return City(seed).chunks(residents, chunk_size)
