"""Members of a household, one relation at a time, with ages that make sense.

Each builder adds one member to n households of the same type at once
(vectorised), reading the members built before it: a spouse is of the other
sex and of similar age, a child is 20–40 years younger than the head, a
grandchild is the child of the household's married child, and so on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from minzheng.synth.ages import MAX_AGE, draw_ages
from minzheng.synth.names import draw_surnames

RELATIONS = (
    "head", "spouse", "child", "child_in_law", "parent", "parent_in_law",
    "grandparent", "grandchild", "sibling", "other",
)  # fmt: skip
HEAD, SPOUSE, CHILD, CHILD_IN_LAW, PARENT, PARENT_IN_LAW = range(6)
GRANDPARENT, GRANDCHILD, SIBLING, OTHER = range(6, 10)

# Legal marriage age (D9.2, 民法典 1047): 22 for men, 20 for women.
MARRIAGE_AGE_MALE = 22.0
MARRIAGE_AGE_FEMALE = 20.0
# Children take their father's surname in most families.
FATHERS_SURNAME_SHARE = 0.92
# Married children who still live with their parents have usually been married
# for some years (below this age they mostly have no child yet).
MARRIED_CHILD_MIN_AGE = 28.0

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass
class Member:
    age: Floats
    male: Bools
    surname: NDArray[np.int16]
    relation: NDArray[np.int8]


class Family:
    """n households of one type while their members are being added."""

    def __init__(
        self, rng: np.random.Generator, n: int, head_ages: tuple[int, int], head_male: float
    ) -> None:
        self.rng, self.n = rng, n
        age = draw_ages(rng, head_ages[0], head_ages[1], n)
        self.members: list[Member] = []
        self.head = self._add(age, rng.random(n) < head_male, draw_surnames(rng, n), HEAD)
        self.spouse: Member | None = None
        self.child: Member | None = None
        self.married_child: Member | None = None
        self.child_in_law: Member | None = None
        self.grandchild: Member | None = None

    def _add(
        self,
        age: Floats,
        male: Bools,
        surname: NDArray[np.int16],
        relation: int | NDArray[np.int8],
    ) -> Member:
        codes = np.broadcast_to(np.asarray(relation, dtype=np.int8), (self.n,)).copy()
        member = Member(np.clip(age, 0.0, MAX_AGE + 0.99), male, surname, codes)
        self.members.append(member)
        return member

    def normal(self, mean: float, sd: float) -> Floats:
        return self.rng.normal(mean, sd, self.n)

    def chance(self, p: float) -> Bools:
        return self.rng.random(self.n) < p

    def parents_age(self) -> Floats:
        """Age of the younger of head and spouse: children are spaced from the mother
        or father who is younger, so that neither had a child before 20."""
        if self.spouse is None:
            return self.head.age
        return np.minimum(self.head.age, self.spouse.age)

    def fathers_surname(self) -> NDArray[np.int16]:
        if self.spouse is None:
            return self.head.surname
        line = np.where(self.head.male, self.head.surname, self.spouse.surname)
        other = np.where(self.head.male, self.spouse.surname, self.head.surname)
        return np.where(self.chance(FATHERS_SURNAME_SHARE), line, other).astype(np.int16)


def _within(f: Family, value: Floats, low: Floats | float, high: Floats | float) -> Floats:
    """`value`, with draws outside [low, high] redrawn evenly inside it.

    Clipping would put every out-of-range draw on the same age, hence the same
    birth day, and exhaust the ID-number sequences of that day.
    """
    inside = low + f.rng.random(f.n) * (np.asarray(high) - low)
    return np.where((value < low) | (value > high), inside, value)


def _partner_age(f: Family, of: Member) -> tuple[Floats, Bools]:
    """A husband is on average 2.5 years older than his wife (within ±8 years), and
    both are of legal marriage age."""
    gap = np.clip(f.normal(2.5, 2.5), -8.0, 8.0)
    age = of.age + np.where(of.male, -gap, gap)
    male = ~of.male
    legal = np.where(male, MARRIAGE_AGE_MALE, MARRIAGE_AGE_FEMALE)
    return _within(f, age, legal, np.maximum(legal + 3.0, of.age + 8.0)), male


def spouse(f: Family) -> None:
    age, male = _partner_age(f, f.head)
    f.spouse = f._add(age, male, draw_surnames(f.rng, f.n), SPOUSE)


def _next_child_age(f: Family, previous: Member, parents: tuple[Floats, Floats]) -> Floats:
    """A sibling 1–6 years apart, born when both parents were 20–40.

    The sibling is younger unless that would fall before birth or past the
    40-year limit, in which case it is older: clipping instead would pile
    babies on age 0.
    """
    younger_parent, older_parent = parents
    lowest = np.maximum(older_parent - 40.0, 0.0)
    highest = np.maximum(younger_parent - 20.0, previous.age)
    step = f.rng.uniform(1.0, 6.0, f.n)
    age = previous.age - step
    return np.where(age < lowest, np.minimum(previous.age + step, highest), age)


def _gap(f: Family, mean: float, sd: float, upper: Floats) -> Floats:
    """Years between parent and child: normal around `mean`, at least 20, at most
    `upper`; draws beyond `upper` are spread evenly below it rather than piled on it,
    which would crowd the youngest ages."""
    gap = np.maximum(f.normal(mean, sd), 20.0)
    spread = 20.0 + f.rng.random(f.n) * (upper - 20.0)
    return np.where(gap > upper, spread, gap)


def _child_age(f: Family, min_age: float) -> Floats:
    """The head's first child: 20–40 years younger than both head and spouse."""
    parents = f.parents_age()
    upper = np.maximum(np.minimum(40.0 - (f.head.age - parents), parents - min_age), 20.0)
    return parents - _gap(f, 24.0, 3.5, upper)


def child(f: Family) -> None:
    if f.child is None:
        age = _child_age(f, 0.0)
    else:
        age = _next_child_age(f, f.child, (f.parents_age(), f.head.age))
    f.child = f._add(age, f.chance(0.52), f.fathers_surname(), CHILD)


def married_child(f: Family) -> None:
    """An adult child living on with the parents, mostly a son (patrilocal custom)."""
    age = _child_age(f, MARRIED_CHILD_MIN_AGE)
    f.married_child = f.child = f._add(age, f.chance(0.75), f.fathers_surname(), CHILD)


def child_in_law(f: Family) -> None:
    assert f.married_child is not None, "child_in_law follows married_child"
    age, male = _partner_age(f, f.married_child)
    f.child_in_law = f._add(age, male, draw_surnames(f.rng, f.n), CHILD_IN_LAW)


def grandchild(f: Family) -> None:
    """A child of the married child and the child-in-law."""
    assert f.married_child is not None and f.child_in_law is not None
    son, partner = f.married_child, f.child_in_law
    parents = np.minimum(son.age, partner.age)
    if f.grandchild is None:
        age = f.rng.random(f.n) * np.clip(parents - 20.0, 0.0, 17.0)
    else:
        age = _next_child_age(f, f.grandchild, (parents, np.maximum(son.age, partner.age)))
    line = np.where(son.male, son.surname, partner.surname)
    surname = np.where(f.chance(FATHERS_SURNAME_SHARE), line, draw_surnames(f.rng, f.n))
    f.grandchild = f._add(age, f.chance(0.52), surname.astype(np.int16), GRANDCHILD)


def left_behind_grandchild(f: Family) -> None:
    """A minor grandchild living with grandparents while the parents work elsewhere (留守)."""
    if f.grandchild is None:
        age = np.minimum(f.rng.uniform(0.0, 18.0, f.n), f.head.age - 42.0)
    else:
        absent_parents = f.head.age - 22.0  # keeps every grandchild 42+ years younger
        age = _next_child_age(f, f.grandchild, (absent_parents, absent_parents))
    surname = np.where(f.chance(0.7), f.fathers_surname(), draw_surnames(f.rng, f.n))
    f.grandchild = f._add(age, f.chance(0.52), surname.astype(np.int16), GRANDCHILD)


def _elder_age(f: Family, of: Floats, low: float, high: float) -> Floats:
    """Someone `low`–`high` years (centred near 27 for parents) older, capped at MAX_AGE."""
    upper = np.maximum(np.minimum(high, MAX_AGE - of), low)
    return of + _within(f, f.normal(low + 7.0, 4.5), low, upper)


def parent(f: Family) -> None:
    """A widowed parent who moved in: mostly a mother; a quarter are the spouse's."""
    in_law = np.zeros(f.n, dtype=bool)
    child_age, child_surname = f.head.age, f.head.surname
    if f.spouse is not None:
        in_law = f.chance(0.25)
        child_age = np.where(in_law, f.spouse.age, f.head.age)
        child_surname = np.where(in_law, f.spouse.surname, f.head.surname)
    male = f.chance(0.3)
    surname = np.where(male, child_surname, draw_surnames(f.rng, f.n)).astype(np.int16)
    relation = np.where(in_law, PARENT_IN_LAW, PARENT).astype(np.int8)
    f._add(_elder_age(f, child_age, 20.0, 40.0), male, surname, relation)


def parent_couple(f: Family) -> None:
    """Both of the head's parents: the father first, then the mother."""
    mother_age = _elder_age(f, f.head.age, 20.0, 40.0)
    older = mother_age + np.clip(f.normal(2.5, 2.5), -3.0, 8.0)
    father_age = _within(f, older, f.head.age + 20.0, np.maximum(MAX_AGE, f.head.age + 20.5))
    f._add(father_age, np.ones(f.n, dtype=bool), f.head.surname, PARENT)
    f._add(mother_age, np.zeros(f.n, dtype=bool), draw_surnames(f.rng, f.n), PARENT)


def grandparent(f: Family) -> None:
    male = f.chance(0.35)
    surname = np.where(male, f.head.surname, draw_surnames(f.rng, f.n)).astype(np.int16)
    f._add(_elder_age(f, f.head.age, 42.0, 70.0), male, surname, GRANDPARENT)


def sibling(f: Family) -> None:
    age = _within(
        f,
        f.head.age + f.normal(0.0, 5.0),
        np.maximum(f.head.age - 15.0, 0.0),
        np.minimum(f.head.age + 15.0, MAX_AGE),
    )
    f._add(age, f.chance(0.5), f.head.surname, SIBLING)


BUILDERS: dict[str, Callable[[Family], None]] = {
    "spouse": spouse,
    "child": child,
    "married_child": married_child,
    "child_in_law": child_in_law,
    "grandchild": grandchild,
    "left_behind": left_behind_grandchild,
    "parent": parent,
    "parent_couple": parent_couple,
    "grandparent": grandparent,
    "sibling": sibling,
}
