"""Run the policy engine over the snapshot's households under the settings in force and
under each scenario, and add up who is eligible, how many people, at what cost, by
county and programme, and who enters or leaves.

Only households that could be eligible under some parameter set are assessed: dibao
needs per-capita income strictly below the standard (D1.13), single-person dibao a
household below the near-dibao ratio of it (D1.15), so a household at or above
max(1, ratio) × the highest standard of every set is eligible under none. DuckDB
reads the snapshot and picks those; the engine (`assistance.policy.assess`, the same
code as the calculator and the case workflow) decides each, in `workers` processes.
特困 and the child programmes are not decided but re-priced: their enrolled people at
each scenario's standards (`enrolled`), when the snapshot holds the enrolments.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from minzheng.assistance.policy import assess, build_parameters
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import AreaClass, Programme
from minzheng.assistance.simulation import enrolled, facts
from minzheng.assistance.simulation.settings import in_force, resolved, settings_area

# The programmes the snapshot's facts decide (特困 and child support need supporters,
# care and parents, which the snapshot does not hold: their enrolled people are re-priced
# instead, `enrolled`; docs/dashboards.md).
PROGRAMMES = (Programme.DIBAO, Programme.DIBAO_SINGLE_PERSON)
BASELINE = "baseline"
MONTHS_IN_YEAR = 12
CHUNK = 2_000


@dataclass(frozen=True)
class Scenario:
    """One change: setting `key` takes `value` (as the settings page writes it)."""

    name: str  # e.g. "A"
    key: str
    value: str


@dataclass
class Totals:
    households: int = 0
    people: int = 0
    monthly: Decimal = Decimal(0)

    def add(self, people: int, amount: Decimal, count: int = 1) -> None:
        """`count` households of `people` each, at `amount` each."""
        self.households += count
        self.people += people * count
        self.monthly += amount * count

    @property
    def yearly(self) -> Decimal:
        """Twelve months at the simulated month's amount (annualised)."""
        return self.monthly * MONTHS_IN_YEAR


Outcome = dict[str, tuple[int, Decimal]]  # programme → (people covered, monthly amount)


@dataclass(frozen=True)
class Change:
    household_id: int
    area_code: str
    scenario: str
    programme: str
    direction: str  # "enter" / "leave"
    amount_before: Decimal
    amount_after: Decimal


@dataclass
class SimulationResult:
    month: dt.date
    scenarios: list[str]  # BASELINE first
    assessed: int = 0  # households run through the engine
    skipped: int = 0  # households whose rows the engine cannot read (no single head)
    households: int = 0  # households in the area of the run
    # (scenario, county, programme) → totals
    totals: dict[tuple[str, str, str], Totals] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    # Programmes whose totals are enrolled people re-priced (`enrolled.REPRICED`)
    repriced: set[str] = field(default_factory=set)

    def total(self, scenario: str, county: str = "", programme: str = "") -> Totals:
        """Summed over counties and/or programmes when they are left empty."""
        out = Totals()
        for (s, c, p), t in self.totals.items():
            if s == scenario and county in ("", c) and programme in ("", p):
                out.households += t.households
                out.people += t.people
                out.monthly += t.monthly
        return out

    def counties(self) -> list[str]:
        return sorted({c for (_, c, _) in self.totals})

    def moves(self, scenario: str, direction: str, county: str = "") -> int:
        return sum(
            1
            for c in self.changes
            if c.scenario == scenario
            and c.direction == direction
            and county in ("", c.area_code[:6])
        )


def _parameter_sets(
    con: duckdb.DuckDBPyConnection,
    snapshot: Path,
    month: dt.date,
    city: Mapping[str, str],
    scenarios: Sequence[Scenario],
) -> tuple[dict[str, dict[str, PolicyParameters]], dict[str, dict[str, str]]]:
    rows = con.execute(
        "SELECT area_code, key, value, effective FROM read_parquet(?)",
        [str(snapshot / "area_settings.parquet")],
    ).fetchall()
    overrides = in_force(rows, month)
    sets: dict[str, dict[str, PolicyParameters]] = {}
    for area in ["", *overrides]:
        base = resolved(area, city, overrides)
        sets[area] = {BASELINE: build_parameters(base)}
        for s in scenarios:
            sets[area][s.name] = build_parameters({**base, s.key: s.value})
    return sets, overrides


def _bound(sets: Mapping[str, Mapping[str, PolicyParameters]]) -> Decimal:
    """Per-capita income at or above which no parameter set finds a household eligible."""
    bound = Decimal(0)
    for params in itertools.chain.from_iterable(s.values() for s in sets.values()):
        ratio = max(
            Decimal(1),
            Decimal(params.near_dibao.income_ratio.numerator)
            / Decimal(params.near_dibao.income_ratio.denominator),
        )
        top = max(params.dibao.standard(AreaClass.URBAN), params.dibao.standard(AreaClass.RURAL))
        bound = max(bound, ratio * top)
    return bound


_CANDIDATES = """
SELECT h.household_id, h.area_code, h.urban_rural, h.owns_second_dwelling, h.owns_vehicle,
       h.deposits
FROM read_parquet(?) h
WHERE starts_with(h.area_code, ?) AND h.per_capita_income IS NOT NULL
  AND h.per_capita_income < ?
ORDER BY h.household_id
"""
_PEOPLE = """
SELECT p.household_id, p.person_id, p.relation, p.birth_date, p.disability_type,
       p.disability_grade, p.employment, p.school_stage, p.monthly_income
FROM read_parquet(?) p JOIN candidates c USING (household_id)
WHERE p.life_status = 'alive'
ORDER BY p.household_id, p.person_id
"""

Task = tuple[int, str, str, tuple[object, ...], list[facts.PersonRow]]
Decided = tuple[int, str, dict[str, Outcome] | None]  # household, community, outcomes


def _tasks(
    con: duckdb.DuckDBPyConnection, snapshot: Path, prefix: str, bound: Decimal
) -> Iterator[Task]:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE candidates AS " + _CANDIDATES,
        [str(snapshot / "households.parquet"), prefix, bound],
    )
    homes = {row[0]: row[1:] for row in con.execute("SELECT * FROM candidates").fetchall()}
    cursor = con.execute(_PEOPLE, [str(snapshot / "persons.parquet")])
    for hid, rows in itertools.groupby(_rows(cursor), key=lambda r: r[0]):
        area, urban_rural, second, vehicle, deposits = homes[hid]
        people = [r[1:] for r in rows]
        yield hid, area, urban_rural, (second, vehicle, deposits), people  # type: ignore[misc]


def _rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple[object, ...]]:
    while batch := cursor.fetchmany(20_000):
        yield from batch


# Each worker process holds the parameter sets once (set by the pool's initializer).
_SETS: dict[str, dict[str, PolicyParameters]] = {}
_OVERRIDES: dict[str, dict[str, str]] = {}


def _init(
    sets: dict[str, dict[str, PolicyParameters]], overrides: dict[str, dict[str, str]]
) -> None:
    _SETS.clear()
    _SETS.update(sets)
    _OVERRIDES.clear()
    _OVERRIDES.update(overrides)


def _decide(month: dt.date, chunk: list[Task]) -> list[Decided]:
    out: list[Decided] = []
    for hid, area, urban_rural, flags, people in chunk:
        household = facts.household(month, urban_rural, people, flags)
        if household is None:
            out.append((hid, area, None))
            continue
        per_scenario: dict[str, Outcome] = {}
        for name, params in _SETS[settings_area(area, _OVERRIDES)].items():
            assessment = assess(household, params)
            per_scenario[name] = {
                str(p): (len(d.covered_members), d.amount)
                for p in PROGRAMMES
                if (d := assessment[p]).eligible
            }
        out.append((hid, area, per_scenario))
    return out


def _chunks(tasks: Iterator[Task]) -> Iterator[list[Task]]:
    while chunk := list(itertools.islice(tasks, CHUNK)):
        yield chunk


def simulate(
    snapshot: Path,
    *,
    month: dt.date,
    city: Mapping[str, str],
    scenarios: Sequence[Scenario],
    prefix: str = "",
    workers: int = 1,
) -> SimulationResult:
    """`city`: every policy setting's city-wide value in force on `month` (as strings);
    `prefix`: the area of the run (a county approver's county, D0.3)."""
    con = duckdb.connect()
    con.execute(f"SET threads = {max(1, workers)}")
    sets, overrides = _parameter_sets(con, snapshot, month, city, scenarios)
    result = SimulationResult(month, [BASELINE, *(s.name for s in scenarios)])
    result.households = con.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE starts_with(area_code, ?)",
        [str(snapshot / "households.parquet"), prefix],
    ).fetchone()[0]  # type: ignore[index]
    chunks = _chunks(_tasks(con, snapshot, prefix, _bound(sets)))
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=(sets, overrides)) as pool:
            # A few chunks in flight per worker: the city is never all in memory at once.
            pending: deque[Future[list[Decided]]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(_decide, month, chunk))
                if len(pending) >= 4 * workers:
                    _add(result, pending.popleft().result())
            while pending:
                _add(result, pending.popleft().result())
    else:
        _init(sets, overrides)
        for chunk in chunks:
            _add(result, _decide(month, chunk))
    repriced = enrolled.reprice(
        con, snapshot, month=month, prefix=prefix, sets=sets, overrides=overrides,
        baseline=BASELINE,
    )  # fmt: skip
    for name, area, programme, count, people, amount in repriced:
        result.totals.setdefault((name, area[:6], programme), Totals()).add(people, amount, count)
        result.repriced.add(programme)
    return result


def _add(result: SimulationResult, decided: list[Decided]) -> None:
    for hid, area, per_scenario in decided:
        if per_scenario is None:
            result.skipped += 1
            continue
        result.assessed += 1
        county = area[:6]
        for name, outcome in per_scenario.items():
            for programme, (people, amount) in outcome.items():
                key = (name, county, programme)
                result.totals.setdefault(key, Totals()).add(people, amount)
        base = per_scenario[BASELINE]
        for name in result.scenarios[1:]:
            after = per_scenario[name]
            for programme in {*base, *after}:
                before_amount = base.get(programme, (0, Decimal(0)))[1]
                after_amount = after.get(programme, (0, Decimal(0)))[1]
                if (programme in base) != (programme in after):
                    direction = "enter" if programme in after else "leave"
                    result.changes.append(
                        Change(hid, area, name, programme, direction, before_amount, after_amount)
                    )
