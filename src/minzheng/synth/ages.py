"""Ages and dates of the synthetic city: the age pyramid and epoch-day arithmetic.

Every date is an integer count of days since 1970-01-01 (Arrow's date32), so
that birth dates, membership dates and death dates vectorise as plain integer
arrays. The city is generated "as of" one fixed day so that the same seed gives
the same people whatever the day the generator runs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

AS_OF = dt.date(2025, 12, 31)
EPOCH = dt.date(1970, 1, 1)
AS_OF_DAY = (AS_OF - EPOCH).days
DAYS_PER_YEAR = 365.2425
MAX_AGE = 104

# Share of the population (%) by five-year age group, 0–4 … 95–99, 100+:
# China, 7th national census (2020), rounded. Shape only: the generator
# normalises it, and household composition shifts it a little (see
# docs/synthetic-city.md for the shares actually produced).
PYRAMID_2020 = (
    5.52, 6.40, 6.04, 5.16, 5.31, 6.51, 8.80, 7.02, 6.61, 8.10, 8.59,
    7.19, 5.20, 5.25, 3.52, 2.22, 1.45, 0.76, 0.25, 0.05, 0.01,
)  # fmt: skip


def single_year_weights() -> NDArray[np.float64]:
    """Weight of each completed age 0 … MAX_AGE, flat inside each five-year group."""
    per_year = np.repeat(np.asarray(PYRAMID_2020[:-1]) / 5.0, 5)
    oldest = np.full(MAX_AGE + 1 - per_year.size, PYRAMID_2020[-1] / 5.0)
    weights = np.concatenate([per_year, oldest])
    return weights / weights.sum()


_WEIGHTS = single_year_weights()


def draw_ages(rng: np.random.Generator, low: int, high: int, n: int) -> NDArray[np.float64]:
    """Exact ages (years, fractional) in [low, high], shaped like the pyramid.

    Heads of each household type are drawn from the pyramid truncated to the
    type's age range, which keeps the city's overall shape close to the census.
    """
    weights = _WEIGHTS[low : high + 1]
    years = rng.choice(np.arange(low, high + 1), size=n, p=weights / weights.sum())
    return years + rng.random(n)


def birth_days(ages: NDArray[np.float64]) -> NDArray[np.int64]:
    """Birth day of someone of the given exact age on AS_OF (rounded towards older, so
    that a person of exact age 20.0 has completed 20 years)."""
    clipped = np.clip(ages, 0.0, MAX_AGE + 0.99)
    return AS_OF_DAY - np.ceil(clipped * DAYS_PER_YEAR).astype(np.int64)


def years_to_days(years: NDArray[np.float64]) -> NDArray[np.int64]:
    return np.floor(years * DAYS_PER_YEAR).astype(np.int64)


def split_dates(days: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """(year, month, day) of each epoch day."""
    stamps = days.astype("datetime64[D]")
    years = stamps.astype("datetime64[Y]")
    months = stamps.astype("datetime64[M]")
    year = years.astype(np.int64) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (stamps - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def to_date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))
