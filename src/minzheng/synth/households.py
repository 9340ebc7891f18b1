"""Household types and their shares: who lives with whom, and how many.

A household is drawn as one of a small set of types (single elderly person,
couple with one child, three generations, grandparents with a left-behind
grandchild, ...). The shares reproduce the household-size distribution of the
2020 census for Jiangsu (1: ~25 %, 2: ~30 %, 3: ~21 %, 4: ~13 %, 5+: ~11 %);
the head-age ranges keep the city's age pyramid close to the census shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from minzheng.synth.kinship import BUILDERS, Family

SIZE_SHARES = {1: 0.25, 2: 0.30, 3: 0.21, 4: 0.13, 5: 0.065, 6: 0.03, 7: 0.015}


@dataclass(frozen=True)
class HouseholdType:
    size_weight: float  # weight among the types of the same size
    head_ages: tuple[int, int]
    head_male: float
    members: tuple[str, ...]  # after the head; keys of kinship.BUILDERS

    @property
    def size(self) -> int:
        return 1 + sum(2 if m == "parent_couple" else 1 for m in self.members)


_T = HouseholdType
# The first type of each size also fills the last household of a block to the
# exact number of residents asked for.
TYPES: tuple[HouseholdType, ...] = (
    _T(0.27, (18, 39), 0.60, ()),
    _T(0.21, (40, 59), 0.55, ()),
    _T(0.52, (60, 100), 0.38, ()),
    _T(0.62, (22, 95), 0.85, ("spouse",)),
    _T(0.14, (28, 75), 0.30, ("child",)),
    _T(0.09, (30, 70), 0.55, ("parent",)),
    _T(0.07, (50, 80), 0.40, ("left_behind",)),
    _T(0.06, (18, 80), 0.55, ("sibling",)),
    _T(0.02, (20, 40), 0.60, ("grandparent",)),
    _T(0.74, (25, 56), 0.82, ("spouse", "child")),
    _T(0.09, (25, 65), 0.80, ("spouse", "parent")),
    _T(0.10, (45, 78), 0.80, ("spouse", "left_behind")),
    _T(0.07, (28, 60), 0.30, ("child", "child")),
    _T(0.60, (28, 52), 0.82, ("spouse", "child", "child")),
    _T(0.15, (26, 62), 0.82, ("spouse", "child", "parent")),
    _T(0.08, (45, 78), 0.80, ("spouse", "left_behind", "left_behind")),
    _T(0.10, (50, 75), 0.85, ("spouse", "married_child", "child_in_law")),
    _T(0.10, (24, 55), 0.85, ("spouse", "parent_couple")),
    _T(0.55, (50, 78), 0.85, ("spouse", "married_child", "child_in_law", "grandchild")),
    _T(0.25, (28, 60), 0.82, ("spouse", "child", "child", "parent")),
    _T(0.20, (32, 52), 0.82, ("spouse", "child", "child", "child")),
    _T(0.70, (50, 80), 0.85,
       ("spouse", "married_child", "child_in_law", "grandchild", "grandchild")),
    _T(0.30, (28, 55), 0.85, ("spouse", "child", "child", "parent_couple")),
    _T(0.50, (52, 80), 0.85,
       ("spouse", "married_child", "child_in_law", "grandchild", "grandchild", "grandchild")),
    _T(0.50, (50, 62), 0.85,
       ("spouse", "married_child", "child_in_law", "grandchild", "grandchild", "parent")),
)  # fmt: skip

TYPE_SIZES = np.array([t.size for t in TYPES])


def _type_shares() -> NDArray[np.float64]:
    shares = np.zeros(len(TYPES))
    for size, share in SIZE_SHARES.items():
        mine = size == TYPE_SIZES
        weights = np.array([t.size_weight for t in TYPES])[mine]
        shares[mine] = share * weights / weights.sum()
    return shares / shares.sum()


TYPE_SHARES = _type_shares()
MEAN_SIZE = float((TYPE_SHARES * TYPE_SIZES).sum())
FILLER_TYPE = {size: int(np.flatnonzero(size == TYPE_SIZES)[0]) for size in SIZE_SHARES}


@dataclass
class Households:
    """Households of one block; persons are stored household by household, head first."""

    kind: NDArray[np.int64]  # index into TYPES, per household
    start: NDArray[np.int64]  # index of the head, per household
    size: NDArray[np.int64]  # members, per household
    household: NDArray[np.int64]  # per person: local household index
    relation: NDArray[np.int8]
    age: NDArray[np.float64]
    male: NDArray[np.bool_]
    surname: NDArray[np.int16]

    @property
    def count(self) -> int:
        return int(self.kind.size)


def _draw_kinds(rng: np.random.Generator, residents: int) -> NDArray[np.int64]:
    """Household types whose sizes add up to exactly `residents`."""
    kinds = np.empty(0, dtype=np.int64)
    total = 0
    while total < residents:
        more = rng.choice(len(TYPES), size=int(residents / MEAN_SIZE) + 16, p=TYPE_SHARES)
        kinds = np.concatenate([kinds, more])
        total = int(TYPE_SIZES[kinds].sum())
    ends = np.cumsum(TYPE_SIZES[kinds])
    last = int(np.searchsorted(ends, residents))
    kinds = kinds[: last + 1].copy()
    overshoot = int(ends[last]) - residents
    if overshoot:
        kinds[last] = FILLER_TYPE[int(TYPE_SIZES[kinds[last]]) - overshoot]
    return kinds


def compose(rng: np.random.Generator, residents: int) -> Households:
    """Draw households of exactly `residents` people, with consistent relations and ages."""
    kinds = _draw_kinds(rng, residents)
    size = TYPE_SIZES[kinds]
    start = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    relation = np.empty(residents, dtype=np.int8)
    age = np.empty(residents)
    male = np.empty(residents, dtype=bool)
    surname = np.empty(residents, dtype=np.int16)
    for index, kind in enumerate(TYPES):
        chosen = np.flatnonzero(kinds == index)
        if chosen.size == 0:
            continue
        family = Family(rng, chosen.size, kind.head_ages, kind.head_male)
        for builder in kind.members:
            BUILDERS[builder](family)
        for position, member in enumerate(family.members):
            slots = start[chosen] + position
            relation[slots], age[slots] = member.relation, member.age
            male[slots], surname[slots] = member.male, member.surname
    household = np.repeat(np.arange(kinds.size, dtype=np.int64), size)
    return Households(kinds, start, size, household, relation, age, male, surname)
