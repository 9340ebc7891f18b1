"""The 15-minute circle's arithmetic on a small hand-made map (D7.1): points placed in
metres, the expected coverage worked out by hand below (never by the code under test).

Map (metres): a station at (0, 0), a canteen at (5000, 0). Walking distance 1,000 m,
detour factor 1.25, so a home is covered when its straight-line distance is ≤ 800 m.

home point          community    60+ 80+ alone dis. assist. straight distance
A    (480, 640)     320302001001 2   1   0     1    0       800 (3-4-5): covered, at the limit
B    (0, 801)       320302001001 1   0   1     0    0       801, a 1,001.25 m walk: not
D    (5000, 799)    320302001002 3   2   0     0    0       799 to the canteen: covered
E    (900, 0)       320302002001 1   0   0     0    0       900, 1,125 m walk: out (in, no detour)
F    (10000, 10000) 320303001001 4   0   0     0    4       far from all
"""

from __future__ import annotations

import numpy as np
import pytest

from minzheng.analytics.elderly import circle
from minzheng.analytics.elderly.grid import GridIndex

HOMES = circle.Homes(
    xy=np.array([[480, 640], [0, 801], [5000, 799], [900, 0], [10000, 10000]], dtype=float),
    community=np.array(
        ["320302001001", "320302001001", "320302001002", "320302002001", "320303001001"]
    ),
    counts={
        "aged60": np.array([2, 1, 3, 1, 4]),
        "aged80": np.array([1, 0, 2, 0, 0]),
        "alone": np.array([0, 1, 0, 0, 0]),
        "disabled": np.array([1, 0, 0, 0, 0]),
        "assisted": np.array([0, 0, 0, 0, 4]),
    },
)
FACILITIES = circle.Facilities(
    xy=np.array([[0, 0], [5000, 0]], dtype=float), kind=np.array(["station", "canteen"])
)
RING = circle.Circle(walk_m=1000, detour=1.25)


def _figures(table, level, kind, group):
    rows = [
        r for r in table.to_pylist() if (r["level"], r["kind"], r["group"]) == (level, kind, group)
    ]
    return {r["area_code"]: (r["covered"], r["elderly"]) for r in rows}


def test_a_home_exactly_at_the_walking_distance_is_covered_one_metre_more_is_not():
    mask = circle.covered(HOMES.xy, FACILITIES.xy, RING)
    assert mask.tolist() == [True, False, True, False, False]


def test_the_detour_factor_shrinks_the_circle():
    no_detour = circle.Circle(walk_m=1000, detour=1.0)
    # E at 900 m straight is inside 1,000 m without detour; B (801 m) too
    assert circle.covered(HOMES.xy, FACILITIES.xy, no_detour).tolist() == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert RING.reach_m == 800


def test_coverage_by_kind_area_and_group():
    table = circle.coverage_table(HOMES, circle.covered_by_kind(HOMES, FACILITIES, RING))
    assert _figures(table, "community", "any", "aged60") == {
        "320302001001": (2, 3),
        "320302001002": (3, 3),
        "320302002001": (0, 1),
        "320303001001": (0, 4),
    }
    assert _figures(table, "township", "any", "aged60") == {
        "320302001": (5, 6),
        "320302002": (0, 1),
        "320303001": (0, 4),
    }
    assert _figures(table, "county", "any", "aged60") == {"320302": (5, 7), "320303": (0, 4)}
    assert _figures(table, "city", "any", "aged60") == {"": (5, 11)}
    assert _figures(table, "city", "station", "aged60") == {"": (2, 11)}  # A only
    assert _figures(table, "city", "canteen", "aged60") == {"": (3, 11)}  # D only
    assert _figures(table, "city", "any", "aged80") == {"": (3, 3)}  # A's 1 + D's 2
    assert _figures(table, "city", "any", "alone") == {"": (0, 1)}  # B lives alone, outside
    assert _figures(table, "city", "any", "disabled") == {"": (1, 1)}
    assert _figures(table, "city", "any", "assisted") == {"": (0, 4)}


def test_uncovered_places_ranked_by_people_outside_then_code():
    mask = circle.covered(HOMES.xy, FACILITIES.xy, RING)
    assert circle.uncovered_ranking(HOMES, mask) == [
        ("320303001001", 4, 4),
        ("320302001001", 1, 3),
        ("320302002001", 1, 1),
    ]


def test_greedy_next_stations_count_only_people_left_uncovered():
    mask = circle.covered(HOMES.xy, FACILITIES.xy, RING)
    candidates = np.array([[0, 1500], [10000, 10300], [450, 400]], dtype=float)
    # c1 reaches F (300 m): 4. c2 reaches B (602.7 m) and E (602.1 m): 2. c0 reaches B
    # (699 m) only, already taken by c2: no gain, so the greedy stops after two.
    picks = circle.next_stations(HOMES, mask, candidates, RING, picks=3)
    assert [(p.candidate, p.gain, p.cumulative) for p in picks] == [(1, 4, 4), (2, 2, 6)]


def test_no_facility_covers_nobody():
    empty = np.empty((0, 2))
    assert not circle.covered(HOMES.xy, empty, RING).any()


def test_a_walk_shorter_than_the_straight_line_is_refused():
    with pytest.raises(ValueError):
        circle.Circle(walk_m=1000, detour=0.9)


def test_the_grid_finds_what_a_brute_force_comparison_finds():
    """Across cell borders and in dense cells: the index against every pair."""
    rng = np.random.default_rng(7)
    points = rng.uniform(-3000, 3000, size=(400, 2))
    queries = rng.uniform(-3500, 3500, size=(2000, 2))
    radius = 250.0
    d2 = ((queries[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    index = GridIndex(points, radius)
    assert index.any_within(queries).tolist() == (d2 <= radius**2).any(axis=1).tolist()
    q, p = index.pairs_within(queries)
    expected = np.nonzero(d2 <= radius**2)
    found = sorted(zip(q.tolist(), p.tolist(), strict=True))
    assert found == sorted(zip(expected[0].tolist(), expected[1].tolist(), strict=True))
