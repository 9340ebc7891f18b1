"""Coverage of the 15-minute elderly-service circle (D7.1).

A home is *covered* by a kind of service when a facility of that kind lies within the
walking distance: straight-line distance × detour factor ≤ walking distance (both are
settings, `elderly.circle.walk_distance_m` and `elderly.circle.detour_factor`; the
caller passes their values). A distance exactly at the limit is within it. Residents
are counted at their home's point; the groups are the elderly (60+) and the subgroups
the bureau watches (80+, living alone, disabled, on assistance), all aged 60+.

Everything is vectorised over homes through `grid.GridIndex`; nothing loops over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from minzheng.analytics.elderly.grid import Floats, GridIndex

GROUPS = ("aged60", "aged80", "alone", "disabled", "assisted")
ANY = "any"  # any facility at all: the circle itself
LEVELS = (("community", 12), ("township", 9), ("county", 6))

COVERAGE = pa.schema(
    [
        ("level", pa.string()),  # community / township / county / city
        ("area_code", pa.string()),
        ("kind", pa.string()),  # a facility kind, or "any"
        ("group", pa.string()),  # one of GROUPS
        ("elderly", pa.int64()),
        ("covered", pa.int64()),
    ]
)


@dataclass(frozen=True)
class Circle:
    walk_m: float
    detour: float

    def __post_init__(self) -> None:
        if self.walk_m <= 0 or self.detour < 1:
            raise ValueError("walking distance must be positive and the detour factor ≥ 1")

    @property
    def reach_m(self) -> float:
        """The straight-line distance that walks to `walk_m` along the streets."""
        return self.walk_m / self.detour


@dataclass(frozen=True)
class Homes:
    xy: Floats  # n × 2, metres (grid.project)
    community: NDArray[np.str_]  # 12-digit code of each home's community
    counts: dict[str, NDArray[np.int64]]  # per group, people of the group in each home


@dataclass(frozen=True)
class Facilities:
    xy: Floats
    kind: NDArray[np.str_]


def covered(homes_xy: Floats, facilities_xy: Floats, circle: Circle) -> NDArray[np.bool_]:
    """Per home: is a facility within the circle's walking distance?"""
    if len(facilities_xy) == 0:
        return np.zeros(len(homes_xy), dtype=bool)
    return GridIndex(facilities_xy, circle.reach_m).any_within(homes_xy)


def covered_by_kind(
    homes: Homes, facilities: Facilities, circle: Circle
) -> dict[str, NDArray[np.bool_]]:
    """The covered mask of each facility kind present, and of any facility (`ANY`)."""
    masks = {
        str(kind): covered(homes.xy, facilities.xy[facilities.kind == kind], circle)
        for kind in np.unique(facilities.kind)
    }
    masks[ANY] = covered(homes.xy, facilities.xy, circle)
    return masks


def coverage_table(homes: Homes, masks: dict[str, NDArray[np.bool_]]) -> pa.Table:
    """Elderly and covered people per area (community, township, county, city), kind
    and group."""
    codes, inverse = np.unique(homes.community, return_inverse=True)
    columns: dict[str, list] = {f.name: [] for f in COVERAGE}
    for kind, mask in masks.items():
        for group in GROUPS:
            people = homes.counts[group].astype(np.float64)
            total = np.bincount(inverse, weights=people, minlength=codes.size)
            inside = np.bincount(inverse, weights=people * mask, minlength=codes.size)
            for level, width in LEVELS:
                _add(columns, level, codes, width, kind, group, total, inside)
            _add_row(columns, "city", "", kind, group, total.sum(), inside.sum())
    return pa.table(columns, schema=COVERAGE)


def _add(
    columns: dict[str, list],
    level: str,
    codes: NDArray[np.str_],
    width: int,
    kind: str,
    group: str,
    total: NDArray[Any],
    inside: NDArray[Any],
) -> None:
    parents, inverse = np.unique(np.array([c[:width] for c in codes]), return_inverse=True)
    t = np.bincount(inverse, weights=total, minlength=parents.size)
    c = np.bincount(inverse, weights=inside, minlength=parents.size)
    for code, elderly, cov in zip(parents, t, c, strict=True):
        _add_row(columns, level, str(code), kind, group, elderly, cov)


def _add_row(
    columns: dict[str, list], level: str, code: str, kind: str, group: str, t: float, c: float
) -> None:
    for name, value in (
        ("level", level),
        ("area_code", code),
        ("kind", kind),
        ("group", group),
        ("elderly", round(t)),
        ("covered", round(c)),
    ):
        columns[name].append(value)


def uncovered_ranking(
    homes: Homes, mask: NDArray[np.bool_], group: str = "aged60", limit: int = 50
) -> list[tuple[str, int, int]]:
    """Communities by the number of people of `group` left outside the circle, most
    first: (community code, uncovered, people of the group)."""
    codes, inverse = np.unique(homes.community, return_inverse=True)
    people = homes.counts[group]
    total = np.bincount(inverse, weights=people, minlength=codes.size)
    outside = np.bincount(inverse, weights=people * ~mask, minlength=codes.size)
    order = np.lexsort((codes, -outside))
    rows = [(str(codes[i]), int(outside[i]), int(total[i])) for i in order if outside[i] > 0]
    return rows[:limit]


@dataclass(frozen=True)
class Suggestion:
    candidate: int  # index into the candidates
    gain: int  # people of the group newly covered by this pick
    cumulative: int


def next_stations(
    homes: Homes,
    mask: NDArray[np.bool_],
    candidates_xy: Floats,
    circle: Circle,
    picks: int,
    group: str = "aged60",
) -> list[Suggestion]:
    """Greedy maximum coverage: where `picks` new facilities would bring the most
    uncovered people of `group` into the circle, one after the other (each pick counts
    only people the earlier picks left uncovered). Candidates with no gain are not
    suggested; ties go to the lower candidate index."""
    weight = np.where(mask, 0, homes.counts[group]).astype(np.float64)
    open_homes = np.flatnonzero(weight > 0)
    if not open_homes.size or not len(candidates_xy):
        return []
    index = GridIndex(candidates_xy, circle.reach_m)
    home_of_pair, candidate_of_pair = index.pairs_within(homes.xy[open_homes])
    home_of_pair = open_homes[home_of_pair]
    remaining = weight.copy()
    chosen: list[Suggestion] = []
    total = 0
    for _ in range(picks):
        gains = np.bincount(
            candidate_of_pair, weights=remaining[home_of_pair], minlength=len(candidates_xy)
        )
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        total += round(gains[best])
        chosen.append(Suggestion(best, round(gains[best]), total))
        remaining[home_of_pair[candidate_of_pair == best]] = 0
    return chosen
