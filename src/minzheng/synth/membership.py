"""When people joined their household, who has died, and who moved out on marriage.

Membership is effective-dated in the registry (HouseholdMembership): a row per
stay, closed when the person dies or leaves. The generator produces plausible
dates — the head registers the household as a young adult, children join at
birth, a daughter-in-law on marriage, a widowed parent late — so that a
household's composition on a past date can be reconstructed and tested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from minzheng.synth.ages import AS_OF_DAY, DAYS_PER_YEAR, EPOCH, years_to_days
from minzheng.synth.kinship import CHILD, CHILD_IN_LAW, GRANDCHILD, HEAD, SPOUSE

REASONS = ("", "立户", "结婚", "出生", "随迁", "投靠亲属", "死亡注销", "婚嫁迁出")
_FOUNDED, _MARRIED, _BORN, _MOVED_WITH, _JOINED_KIN, _DIED, _MARRIED_OUT = range(1, 8)

# The household register as it stands was rebuilt from 1958 (户口登记条例).
EARLIEST_DAY = (dt.date(1958, 1, 1) - EPOCH).days
# Probability of having died within the last three years, by age band (under 60,
# 60s, 70s, 80s, 90+): a registry keeps the dead, flagged, for the record.
_DEATH_AGES = np.array([60.0, 70.0, 80.0, 90.0])
_DEATH_P = np.array([0.001, 0.018, 0.05, 0.13, 0.28])
DEATH_WINDOW_DAYS = 3 * 365
MARRIED_OUT_SHARE = 0.08  # spouses and children-in-law whose earlier stay is recorded
_MIN_PARENT_GAP = int(18 * DAYS_PER_YEAR)
_MAX_PARENT_GAP = int(45 * DAYS_PER_YEAR)


@dataclass
class Stays:
    """Current memberships (one per person) and deaths, for one block."""

    founded: NDArray[np.int64]  # per household: day the household was registered
    valid_from: NDArray[np.int64]  # per person
    reason: NDArray[np.int8]  # per person, index into REASONS
    deceased: NDArray[np.bool_]
    death_day: NDArray[np.int64]  # per person, meaningful where deceased


@dataclass
class EarlierStays:
    """Closed memberships in a parent's household, ended by marriage."""

    person: NDArray[np.int64]  # local person index
    household: NDArray[np.int64]  # local household index
    valid_from: NDArray[np.int64]
    valid_to: NDArray[np.int64]


def _founded(
    rng: np.random.Generator, head_born: NDArray[np.int64], head_age: NDArray[np.float64]
) -> NDArray[np.int64]:
    """Registered 18–30 years after the head's birth (never in the future)."""
    years = 18.0 + rng.random(head_age.size) * np.clip(head_age - 18.0, 0.0, 12.0)
    return np.clip(head_born + years_to_days(years), EARLIEST_DAY, AS_OF_DAY - 1)


def stays(
    rng: np.random.Generator,
    household: NDArray[np.int64],
    start: NDArray[np.int64],
    relation: NDArray[np.int8],
    born: NDArray[np.int64],
    age: NDArray[np.float64],
) -> Stays:
    founded = _founded(rng, born[start], age[start])
    since = founded[household]
    n = born.size
    later = since + (rng.random(n) * (AS_OF_DAY - since)).astype(np.int64)
    marriage = born + years_to_days(22.0 + rng.random(n) * 6.0)
    descendant = (relation == CHILD) | (relation == GRANDCHILD)
    valid_from = np.select(
        [relation == HEAD, relation == SPOUSE, descendant, relation == CHILD_IN_LAW],
        [since, since, np.maximum(since, born), np.clip(marriage, since, AS_OF_DAY - 1)],
        default=later,
    )
    valid_from = np.clip(np.maximum(valid_from, born), None, AS_OF_DAY)
    reason = np.select(
        [
            relation == HEAD,
            relation == SPOUSE,
            descendant & (born >= since),
            descendant,
            relation == CHILD_IN_LAW,
        ],
        [_FOUNDED, _MARRIED, _BORN, _MOVED_WITH, _MARRIED],
        default=_JOINED_KIN,
    ).astype(np.int8)
    deceased, death_day = _deaths(rng, relation, age, valid_from)
    return Stays(founded, valid_from, reason, deceased, death_day)


def _deaths(
    rng: np.random.Generator,
    relation: NDArray[np.int8],
    age: NDArray[np.float64],
    valid_from: NDArray[np.int64],
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Deaths among members other than the head (a household whose head died is
    re-registered under a new head), within the last three years, after joining."""
    earliest = np.maximum(valid_from + 1, AS_OF_DAY - DEATH_WINDOW_DAYS)
    possible = (relation != HEAD) & (age >= 1.0) & (earliest <= AS_OF_DAY)
    p = _DEATH_P[np.searchsorted(_DEATH_AGES, age, "right")]
    deceased = possible & (rng.random(age.size) < p)
    span = np.maximum(AS_OF_DAY - earliest + 1, 1)
    death_day = earliest + (rng.random(age.size) * span).astype(np.int64)
    return deceased, np.where(deceased, death_day, 0)


def earlier_stays(
    rng: np.random.Generator,
    relation: NDArray[np.int8],
    household: NDArray[np.int64],
    surname: NDArray[np.int16],
    born: NDArray[np.int64],
    valid_from: NDArray[np.int64],
    founded: NDArray[np.int64],
    start: NDArray[np.int64],
) -> EarlierStays:
    """For some people who married in, their stay as a child in a parent's household.

    The parent's household is one in the same block whose head has the person's
    surname and is about 27 years older, found by binary search on
    (surname, birth day) — no quadratic matching.
    """
    married_in = (relation == SPOUSE) | (relation == CHILD_IN_LAW)
    person = np.flatnonzero(married_in & (rng.random(relation.size) < MARRIED_OUT_SHARE))
    if person.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return EarlierStays(empty, empty, empty, empty)
    span = 200_000  # more days than any birth-day range, so keys sort by surname first
    head_born = born[start] - born.min()
    head_keys = surname[start].astype(np.int64) * span + head_born
    order = np.argsort(head_keys, kind="stable")
    target = born[person] - born.min() - years_to_days(27.0 + rng.normal(0.0, 3.0, person.size))
    wanted = surname[person].astype(np.int64) * span + target
    found = order[np.clip(np.searchsorted(head_keys[order], wanted), 0, order.size - 1)]
    gap = born[person] - born[start][found]
    joined = np.maximum(founded[found], born[person])
    ok = (surname[start][found] == surname[person]) & (gap >= _MIN_PARENT_GAP)
    ok &= (gap <= _MAX_PARENT_GAP) & (found != household[person]) & (joined < valid_from[person])
    return EarlierStays(person[ok], found[ok], joined[ok], valid_from[person][ok])
