"""Which households receive assistance, and the income and property that go with it.

The shares (about 2.5 % of households on dibao, 0.4 % extreme-poverty support,
1 % near-dibao) are chosen among the households in greatest hardship, and
their counted income is then made consistent with the programme: per-capita
income strictly below the dibao standard for dibao and 特困 (D1.13, D2.3),
between 1 and 1.5 standards for near-dibao (D3.5). A small share of poor
households is left unenrolled, as the monitoring rules expect to find some.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

PROGRAMMES = ("", "dibao", "extreme_poverty", "near_dibao")
NONE, DIBAO, EXTREME_POVERTY, NEAR_DIBAO = range(4)

# Dibao standard in cents per month, urban/rural: the demo defaults of D3.4
# (an assumption, not Xuzhou's figure); the application reads its own settings.
DIBAO_STANDARD_CENTS = {True: 78_000, False: 75_500}
NEAR_DIBAO_FACTOR = 1.5
SHARES = {EXTREME_POVERTY: 0.004, DIBAO: 0.025, NEAR_DIBAO: 0.01}
UNENROLLED_POOR_SHARE = 0.15  # poor households not (yet) found by the bureau
DEPOSIT_MONTHS_LIMIT = 6  # property rule assumed for enrolled households


@dataclass
class HouseholdFacts:
    """What selection needs to know of each household (all arrays per household)."""

    urban: NDArray[np.bool_]
    living: NDArray[np.int64]  # living members
    income: NDArray[np.int64]  # cents per month, total of living members
    single_needy: NDArray[np.bool_]  # lives alone, aged 60+ or severely disabled
    has_disabled: NDArray[np.bool_]
    oldest_age: NDArray[np.float64]


def standard(urban: NDArray[np.bool_]) -> NDArray[np.int64]:
    return np.where(urban, DIBAO_STANDARD_CENTS[True], DIBAO_STANDARD_CENTS[False])


def select_programmes(rng: np.random.Generator, facts: HouseholdFacts) -> NDArray[np.int8]:
    """Programme of each household, by hardship rank within the block."""
    n = facts.urban.size
    per_capita = facts.income / np.maximum(facts.living, 1)
    hardship = (per_capita + 1.0) * rng.lognormal(0.0, 0.3, n)
    hardship *= np.where(facts.has_disabled, 0.6, 1.0) * np.where(facts.oldest_age >= 70, 0.7, 1)
    hardship *= np.where(facts.urban, 1.0, 0.85)
    programme = np.zeros(n, dtype=np.int8)
    for kind in (EXTREME_POVERTY, DIBAO, NEAR_DIBAO):
        open_ = programme == NONE
        if kind == EXTREME_POVERTY:
            open_ &= facts.single_needy
        candidates = np.flatnonzero(open_)
        wanted = min(round(SHARES[kind] * n), candidates.size)
        order = np.argsort(hardship[candidates], kind="stable")
        programme[candidates[order[:wanted]]] = kind
    return programme


def target_income(
    rng: np.random.Generator, programme: NDArray[np.int8], facts: HouseholdFacts
) -> NDArray[np.int64]:
    """Household income (cents) each household should end up with; -1 = keep as is."""
    n = programme.size
    line = standard(facts.urban)
    per_capita = facts.income // np.maximum(facts.living, 1)
    factor = np.select(
        [programme == EXTREME_POVERTY, programme == DIBAO, programme == NEAR_DIBAO],
        [rng.uniform(0.0, 0.8, n), rng.uniform(0.1, 0.95, n), rng.uniform(1.02, 1.45, n)],
        default=rng.uniform(1.5, 3.0, n),
    )
    target = (factor * line).astype(np.int64) * facts.living
    poor = per_capita < NEAR_DIBAO_FACTOR * line
    lifted = (programme == NONE) & poor & (rng.random(n) >= UNENROLLED_POOR_SHARE)
    lower = ((programme == DIBAO) | (programme == EXTREME_POVERTY)) & (facts.income > target)
    keep = ~(lifted | lower | (programme == NEAR_DIBAO))
    return np.where(keep, -1, target)


def rescale(
    person_income: NDArray[np.int64],
    household: NDArray[np.int64],
    head: NDArray[np.int64],
    current: NDArray[np.int64],
    target: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Scale members' incomes so each household's total becomes (at most) its target.

    Integer arithmetic: each member gets floor(income × target / total), so the
    sum never exceeds the target; a household without income gets it all on
    the head. `target` −1 leaves the household as it is.
    """
    change = target[household] >= 0
    total = np.maximum(current[household], 1)
    scaled = person_income * np.maximum(target[household], 0) // total
    result = np.where(change, scaled, person_income)
    empty = (target >= 0) & (current == 0)
    result[head[empty]] = target[empty]
    return result


@dataclass
class Property:
    second_dwelling: NDArray[np.bool_]
    vehicle: NDArray[np.bool_]
    deposits: NDArray[np.int64]  # cents


def property_of(
    rng: np.random.Generator, programme: NDArray[np.int8], facts: HouseholdFacts
) -> Property:
    """Dwellings, vehicles and deposits: richer households own more; enrolled households
    stay within the (assumed) property rules."""
    n = programme.size
    enrolled = programme != NONE
    per_capita = facts.income // np.maximum(facts.living, 1)
    wealth = np.clip(per_capita / 350_000.0, 0.3, 2.0)
    vehicle = rng.random(n) < np.minimum(np.where(facts.urban, 0.45, 0.32) * wealth, 0.9)
    dwelling = rng.random(n) < np.minimum(np.where(facts.urban, 0.15, 0.05) * wealth, 0.6)
    months_saved = rng.lognormal(np.log(10.0), 1.0, n)
    deposits = (facts.income * months_saved).astype(np.int64) + (
        rng.lognormal(np.log(5_000.0), 1.0, n) * 100
    ).astype(np.int64)
    limit = DEPOSIT_MONTHS_LIMIT * standard(facts.urban) * np.maximum(facts.living, 1)
    enrolled_deposits = (rng.random(n) * 0.8 * limit).astype(np.int64)
    deposits = np.where(enrolled, enrolled_deposits, deposits)
    near_vehicle = (programme == NEAR_DIBAO) & (rng.random(n) < 0.03)
    return Property(
        second_dwelling=dwelling & ~enrolled,
        vehicle=(vehicle & ~enrolled) | near_vehicle,
        deposits=(deposits // 100) * 100,
    )
