"""Loading the synthetic city into the database, for the demo and for tests.

Demo only: production code never imports this module (nor `minzheng.synth`); a
bureau loads its divisions with `import_divisions` and its people with
`import_households`.

The rows come from the same generator, chunk for chunk, as the benchmark
Parquet files (`minzheng.synth.population`), so a demo database and a Parquet
city of the same seed and size hold the same people. Everything is marked
synthetic; the load refuses a database that already holds people, so it can
never mix invented residents with real ones.

Stored: areas, persons, households, memberships (current, closed by death,
and earlier stays ended by marriage). Not stored, for want of a model yet:
incomes, employment, school stage, programmes and property.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from tqdm import tqdm

from minzheng.core.audit import audit_record
from minzheng.core.models import (
    Area,
    AreaLevel,
    AuditAction,
    Household,
    HouseholdMembership,
    LifeStatus,
    Person,
    UrbanRural,
)
from minzheng.core.places import CITY, AreaRow, areas_upsert, load_xuzhou_reference
from minzheng.synth.communities import SOURCE_LABEL, Community
from minzheng.synth.metrics import peak_rss_mb
from minzheng.synth.population import City, CityChunk

CHUNK_RESIDENTS = 10_000
BATCH_SIZE = 2_000
# Second-generation disability certificate number: ID number + type digit + grade.
_CERTIFICATE_TYPE_DIGIT = {
    "visual": 1, "hearing": 2, "speech": 3, "physical": 4,
    "intellectual": 5, "mental": 6, "multiple": 7,
}  # fmt: skip


class DemoDataError(RuntimeError):
    """The synthetic city cannot be loaded here (the message says why, in Chinese)."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    persons: int
    households: int
    memberships: int
    communities: int
    seconds: float
    peak_rss_mb: float

    @property
    def residents_per_second(self) -> float:
        return self.persons / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        return (
            f"合成数据已导入（种子{self.seed}）：{self.persons}人，{self.households}户，"
            f"{self.memberships}条家庭成员记录，{self.communities}个合成村（社区）；"
            f"用时{self.seconds:.1f}秒（{self.residents_per_second:,.0f}人/秒），"
            f"内存峰值{self.peak_rss_mb:.0f} MB"
        )


def community_rows(communities: Iterable[Community]) -> list[AreaRow]:
    return [
        AreaRow(
            code=c.code,
            name=c.name,
            level=AreaLevel.COMMUNITY,
            parent_code=c.township.code,
            urban_rural=UrbanRural(c.urban_rural),
            is_synthetic=True,
            source=SOURCE_LABEL,
        )
        for c in communities
    ]


def load_demo_city(
    *, seed: int = 20260101, residents: int = 50_000, progress: bool = False
) -> DemoSummary:
    """Load the reference areas, the synthetic communities and `residents` synthetic
    people with their households, in one transaction, with one audit entry."""
    started = time.perf_counter()
    city = City(seed)
    with transaction.atomic():
        _refuse_unless_empty()
        load_xuzhou_reference()
        areas_upsert(community_rows(city.communities))
        persons, households, memberships = _load_people(city, residents, progress)
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="core.person",
            area_code=CITY[0],
            summary=f"合成数据导入：{persons}人，{households}户，种子{seed}",
        )
    return DemoSummary(
        seed=seed,
        persons=persons,
        households=households,
        memberships=memberships,
        communities=len(city.communities),
        seconds=time.perf_counter() - started,
        peak_rss_mb=peak_rss_mb(),
    )


def _refuse_unless_empty() -> None:
    """Synthetic people must never mix with real ones, nor overwrite official areas."""
    if Person.objects.exists():
        raise DemoDataError("数据库中已有人员数据，不能再导入合成数据；请在新建的空数据库上运行。")
    official = Area.objects.filter(level=AreaLevel.COMMUNITY, is_synthetic=False)
    if official.exists():
        raise DemoDataError("数据库中已有官方村（社区）区划，合成数据只能导入新建的空数据库。")


def _load_people(city: City, residents: int, progress: bool) -> tuple[int, int, int]:
    counts = [0, 0, 0]
    with tqdm(total=residents, unit="人", desc="导入合成数据", disable=not progress) as bar:
        for chunk in city.chunks(residents, CHUNK_RESIDENTS):
            for i, n in enumerate(_load_chunk(chunk)):
                counts[i] += n
            bar.update(chunk.residents)
    return counts[0], counts[1], counts[2]


def _load_chunk(chunk: CityChunk) -> tuple[int, int, int]:
    """Insert one chunk; ids in the chunk map to database keys through dicts."""
    persons = _persons(chunk)
    Person.objects.bulk_create(persons, batch_size=BATCH_SIZE)
    person_key = dict(
        zip(_column(chunk.persons, "person_id"), (p.pk for p in persons), strict=True)
    )
    households = _households(chunk, person_key)
    Household.objects.bulk_create(households, batch_size=BATCH_SIZE)
    household_key = dict(
        zip(_column(chunk.households, "household_id"), (h.pk for h in households), strict=True)
    )
    memberships = _memberships(chunk, person_key, household_key)
    HouseholdMembership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    return len(persons), len(households), len(memberships)


def _column(table: Any, name: str) -> list[Any]:
    return table.column(name).to_pylist()


def _rows(table: Any, names: tuple[str, ...]) -> Iterable[tuple[Any, ...]]:
    return zip(*(_column(table, n) for n in names), strict=True)


def _persons(chunk: CityChunk) -> list[Person]:
    address = dict(_rows(chunk.households, ("household_id", "address")))
    fields = (
        "id_number",
        "name",
        "household_id",
        "area_code",
        "phone",
        "disability_type",
        "disability_grade",
        "life_status",
        "death_date",
    )
    persons = []
    for number, name, household, area, phone, kind, grade, status, died in _rows(
        chunk.persons, fields
    ):
        person = Person(
            id_number=number,
            name=name,
            area_id=area,
            hukou_area_id=area,
            hukou_address=address[household],
            residence_address=address[household],
            phone=phone,
            disability_type=kind,
            disability_grade=grade,
            disability_certificate=_certificate(number, kind, grade),
            life_status=LifeStatus(status),
            death_date=died,
            is_synthetic=True,
        )
        person.derive_from_id_number()
        persons.append(person)
    return persons


def _certificate(id_number: str, kind: str, grade: int | None) -> str:
    if not kind:
        return ""
    return f"{id_number}{_CERTIFICATE_TYPE_DIGIT[kind]}{grade}"


def _households(chunk: CityChunk, person_key: dict[int, int]) -> list[Household]:
    fields = ("number", "area_code", "address", "head_person_id")
    return [
        Household(
            number=number,
            area_id=area,
            address=address,
            head_id=person_key[head],
            is_synthetic=True,
        )
        for number, area, address, head in _rows(chunk.households, fields)
    ]


def _memberships(
    chunk: CityChunk, person_key: dict[int, int], household_key: dict[int, int]
) -> list[HouseholdMembership]:
    fields = ("person_id", "household_id", "relation", "valid_from", "valid_to", "reason")
    return [
        HouseholdMembership(
            person_id=person_key[person],
            household_id=household_key[household],
            relation=relation,
            valid_from=start,
            valid_to=end,
            reason=reason,
        )
        for person, household, relation, start, end, reason in _rows(chunk.memberships, fields)
    ]
