"""The people already enrolled in the programmes whose eligibility the snapshot cannot
decide — 特困, orphans and de-facto unsupported children: supporters, care levels and
parents are not in the registry — re-priced under each scenario. Nobody enters or
leaves these programmes in a simulation; each enrolment's amount moves by what a
scenario changes in its standard, per covered person:

- 特困: the basic living standard, the configured one raised to min_ratio × the dibao
  standard of the household's class (D2.9; `extreme_poverty.basic_for`) — so a rise of
  the dibao standard reaches 特困 where the floor overtakes the configured standard; the
  care part does not depend on either and stays;
- orphans: the standard of their setting (D3.2), institutional when the enrolment pays
  the institutional standard per person, home-raised otherwise;
- de-facto unsupported children: the home-raised orphan standard × the ratio (D3.3).

Read from the snapshot's `enrolments` (`minzheng.analytics.schema.ENROLMENTS`) when it
has them; their amount is the one in force when the snapshot was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import duckdb

from minzheng.assistance.policy.children import unsupported_amount
from minzheng.assistance.policy.extreme_poverty import basic_for
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import AreaClass, Programme, SupportSetting
from minzheng.assistance.simulation.settings import Overrides, settings_area

REPRICED = (Programme.EXTREME_POVERTY, Programme.ORPHAN, Programme.UNSUPPORTED_CHILD)

# Enrolments in force in the month, grouped: enrolments of one community, programme,
# class, amount and size re-price alike.
_ENROLLED = """
SELECT e.area_code, e.programme, h.urban_rural, e.monthly_amount, e.covered_members,
       count(*) AS n
FROM read_parquet(?) e JOIN read_parquet(?) h USING (household_id)
WHERE starts_with(e.area_code, ?) AND e.programme IN ({programmes})
  AND e.status <> 'ended' AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on > ?)
GROUP BY ALL
ORDER BY ALL
"""

Sets = Mapping[str, Mapping[str, PolicyParameters]]  # settings area → scenario → parameters


def _orphan_setting(per_person: Decimal, base: PolicyParameters) -> SupportSetting:
    institutional = per_person == base.orphan.standard_institutional
    return SupportSetting.INSTITUTIONAL if institutional else SupportSetting.HOME


def _standard(
    programme: str, area_class: AreaClass, per_person: Decimal, base: PolicyParameters
) -> Callable[[PolicyParameters], Decimal]:
    """The per-person standard the enrolment's amount follows, as a function of the
    parameters (baseline or scenario)."""
    if programme == Programme.EXTREME_POVERTY:
        return lambda params: basic_for(area_class, params)
    if programme == Programme.ORPHAN:
        setting = _orphan_setting(per_person, base)
        return lambda params: params.orphan.standard(setting)
    return unsupported_amount


# scenario, community, programme, enrolments, people per enrolment, amount per enrolment
Repriced = tuple[str, str, str, int, int, Decimal]


def reprice(
    con: duckdb.DuckDBPyConnection,
    snapshot: Path,
    *,
    month: dt.date,
    prefix: str,
    sets: Sets,
    overrides: Overrides,
    baseline: str,
) -> Iterator[Repriced]:
    """Per group of enrolments and scenario: (scenario, community, programme, number of
    enrolments, people covered per enrolment, monthly amount per enrolment)."""
    enrolments = snapshot / "enrolments.parquet"
    if not enrolments.exists():
        return
    programmes = ", ".join(f"'{p.value}'" for p in REPRICED)
    rows = con.execute(
        _ENROLLED.format(programmes=programmes),
        [str(enrolments), str(snapshot / "households.parquet"), prefix, month, month],
    ).fetchall()
    for area, programme, klass, amount, covered, n in rows:
        by_scenario = sets[settings_area(area, overrides)]
        base = by_scenario[baseline]
        area_class = AreaClass.RURAL if klass == AreaClass.RURAL else AreaClass.URBAN
        people = max(int(covered), 1)
        standard = _standard(programme, area_class, Decimal(amount) / people, base)
        before = standard(base)
        for name, params in by_scenario.items():
            after = Decimal(amount) + people * (standard(params) - before)
            yield name, area, programme, int(n), people, max(after, Decimal("0.00"))
