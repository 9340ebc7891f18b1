"""Disability, schooling, work and counted income of each person.

Money is integer cents (int64) throughout; the Parquet writer turns it into
decimal128(12, 2) without passing through float. Incomes are drawn from
log-normal distributions with a Pareto tail, at levels assumed from Xuzhou's
published per-capita disposable income (docs/synthetic-city.md); they are
synthetic and say nothing about real people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DISABILITY_TYPES = (
    "", "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple",
)  # fmt: skip
# Shares among disabled adults, from the second national sample survey on
# disability (2006); children's shares are an assumption (more intellectual).
_ADULT_TYPE_P = np.array([0, 14.86, 24.16, 1.53, 29.07, 6.68, 7.40, 16.30])
_CHILD_TYPE_P = np.array([0, 7.0, 15.0, 8.0, 25.0, 25.0, 5.0, 15.0])
_GRADE_P = np.array([0.13, 0.20, 0.27, 0.40])  # grades 1 (most severe) … 4, assumption
# Prevalence by age (under 15, 15–44, 45–59, 60–74, 75+): about 6 % overall.
_PREVALENCE_AGES = np.array([15.0, 45.0, 60.0, 75.0])
_PREVALENCE = np.array([0.012, 0.03, 0.06, 0.13, 0.25])

EMPLOYMENT = ("employed", "unemployed", "retired", "student", "none")
EMPLOYED, UNEMPLOYED, RETIRED, STUDENT, NO_WORK = range(5)
SCHOOL_STAGES = ("", "primary", "junior", "senior", "vocational", "college")
NO_SCHOOL, PRIMARY, JUNIOR, SENIOR, VOCATIONAL, COLLEGE = range(6)

# Monthly amounts in yuan: medians of the log-normal draws (assumptions).
WAGE_MEDIAN = {True: 5_200, False: 3_200}  # urban, rural
PENSION_MEDIAN = {True: 3_100, False: 1_800}
TOP_EARNER_SHARE = 0.015  # get a Pareto multiplier: the long tail
MAX_MONTHLY_YUAN = 2_000_000


@dataclass
class Disability:
    kind: NDArray[np.int8]  # index into DISABILITY_TYPES, 0 = none
    grade: NDArray[np.int8]  # 1–4, 0 = none

    @property
    def severe(self) -> NDArray[np.bool_]:
        """Grade 1–2, or grade 3 intellectual/mental (D1.15, D2.2)."""
        mind = (self.kind == 5) | (self.kind == 6)
        return (self.grade > 0) & ((self.grade <= 2) | (mind & (self.grade == 3)))


def disabilities(rng: np.random.Generator, age: NDArray[np.float64]) -> Disability:
    n = age.size
    disabled = rng.random(n) < _PREVALENCE[np.searchsorted(_PREVALENCE_AGES, age, "right")]
    child = age < 18
    kind = np.where(
        child,
        rng.choice(8, size=n, p=_CHILD_TYPE_P / _CHILD_TYPE_P.sum()),
        rng.choice(8, size=n, p=_ADULT_TYPE_P / _ADULT_TYPE_P.sum()),
    )
    grade = rng.choice(4, size=n, p=_GRADE_P) + 1
    return Disability(
        np.where(disabled, kind, 0).astype(np.int8), np.where(disabled, grade, 0).astype(np.int8)
    )


def _school(
    rng: np.random.Generator, age: NDArray[np.float64], urban: NDArray[np.bool_]
) -> NDArray[np.int8]:
    """School stage by age; upper secondary splits academic/vocational, and a larger
    share of urban than rural 18–22-year-olds is at college."""
    n = age.size
    upper = np.where(rng.random(n) < 0.58, SENIOR, VOCATIONAL)
    upper = np.where(rng.random(n) < 0.05, NO_SCHOOL, upper)
    college = rng.random(n) < np.where(urban, 0.55, 0.38)
    stage = np.select(
        [age < 6, age < 12, age < 15, age < 18, age < 22],
        [NO_SCHOOL, PRIMARY, JUNIOR, upper, np.where(college, COLLEGE, NO_SCHOOL)],
        default=NO_SCHOOL,
    )
    return stage.astype(np.int8)


def _retired(
    rng: np.random.Generator,
    age: NDArray[np.float64],
    male: NDArray[np.bool_],
    urban: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Urban employees retire at 60 (men) or 50–55 (women) with a pension; most rural
    elderly have none and count as not working."""
    retirement_age = np.where(male, 60.0, np.where(rng.random(age.size) < 0.5, 50.0, 55.0))
    pensioned = rng.random(age.size) < np.where(urban, 0.85, 0.15)
    return (age >= retirement_age) & pensioned


def employment(
    rng: np.random.Generator,
    age: NDArray[np.float64],
    male: NDArray[np.bool_],
    urban: NDArray[np.bool_],
    disability: Disability,
) -> tuple[NDArray[np.int8], NDArray[np.int8]]:
    """(employment, school stage) of each person."""
    n = age.size
    stage = _school(rng, age, urban)
    able = ~disability.severe | (rng.random(n) < 0.15)
    working_age = (age >= 16) & (age < np.where(male, 60.0, 55.0))
    rural_elderly_farming = ~urban & (age >= 55) & (age < 70) & (rng.random(n) < 0.45)
    draw = rng.random(n)
    adult_status = np.where(draw < 0.84, EMPLOYED, np.where(draw < 0.90, UNEMPLOYED, NO_WORK))
    status = np.select(
        [
            stage != NO_SCHOOL,
            _retired(rng, age, male, urban),
            working_age & able,
            rural_elderly_farming & able,
        ],
        [STUDENT, RETIRED, adult_status, EMPLOYED],
        default=NO_WORK,
    )
    return status.astype(np.int8), stage


def _lognormal_yuan(
    rng: np.random.Generator, median: NDArray[np.float64], sigma: float
) -> NDArray[np.float64]:
    return median * np.exp(rng.normal(0.0, sigma, median.size))


def incomes(
    rng: np.random.Generator,
    age: NDArray[np.float64],
    urban: NDArray[np.bool_],
    status: NDArray[np.int8],
) -> NDArray[np.int64]:
    """Counted monthly income (D1.11) in cents: wages, pensions, farm and odd-job income."""
    n = age.size
    wage = _lognormal_yuan(rng, np.where(urban, WAGE_MEDIAN[True], WAGE_MEDIAN[False]), 0.5)
    top = rng.random(n) < TOP_EARNER_SHARE
    wage = np.where(top, wage * (1.0 + np.minimum(rng.pareto(1.5, n), 40.0)), wage)
    wage = np.where(age < 18, wage * 0.6, wage)
    pension = _lognormal_yuan(
        rng, np.where(urban, PENSION_MEDIAN[True], PENSION_MEDIAN[False]), 0.3
    )
    odd_jobs = np.where(rng.random(n) < 0.3, rng.uniform(300, 1_500, n), 0.0)
    farming = np.where(~urban & (age >= 55) & (rng.random(n) < 0.6), rng.uniform(100, 900, n), 0.0)
    yuan = np.select(
        [status == EMPLOYED, status == RETIRED, status == UNEMPLOYED, status == NO_WORK],
        [wage, pension, odd_jobs, farming],
        default=0.0,
    )
    return np.rint(np.minimum(yuan, MAX_MONTHLY_YUAN)).astype(np.int64) * 100
