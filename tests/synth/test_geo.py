"""Coordinates of the synthetic city (issue 14 item 2): inside the county outlines,
denser in the central districts, deterministic by seed, additive to the snapshot."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.elderly.outline import points_in_rings
from minzheng.core import divisions
from minzheng.synth.communities import build_communities
from minzheng.synth.facilities import facilities_table
from minzheng.synth.geo import community_points, home_points, in_county
from minzheng.synth.geo_parquet import write_geo
from minzheng.synth.parquet import FILES, write_city

SEED = 20260101
SQUARE_WITH_HOLE = (
    np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float),
    np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], dtype=float),
)


def test_point_in_polygon_respects_holes_and_outside():
    lon = np.array([1.0, 5.0, 11.0, 9.9, 4.5])
    lat = np.array([1.0, 5.0, 1.0, 9.9, 3.9])
    assert points_in_rings(lon, lat, SQUARE_WITH_HOLE).tolist() == [True, False, False, True, True]


@pytest.fixture(scope="module")
def layer():
    communities = build_communities(SEED)
    return communities, community_points(SEED, communities)


def test_every_community_lies_inside_its_county(layer):
    communities, places = layer
    for county in {c.county_code for c in communities}:
        mine = np.array([c.county_code == county for c in communities])
        assert in_county(county, places.lon[mine], places.lat[mine]).all(), county


def test_the_same_seed_gives_the_same_points_another_seed_others(layer):
    communities, places = layer
    again = community_points(SEED, communities)
    assert np.array_equal(again.lon, places.lon) and np.array_equal(again.lat, places.lat)
    other = community_points(SEED + 1, communities)
    assert not np.array_equal(other.lon, places.lon)


def test_a_homes_point_depends_on_its_household_not_on_its_batch(layer):
    _, places = layer
    ids = np.arange(1, 101, dtype=np.int64)
    where = np.arange(100, dtype=np.int64) % len(places.codes)
    lon, lat = home_points(SEED, ids, where, places)
    lon_tail, lat_tail = home_points(SEED, ids[60:], where[60:], places)
    assert np.array_equal(lon[60:], lon_tail) and np.array_equal(lat[60:], lat_tail)
    # homes lie near their community: within ~2.5 km (five spreads of 450 m)
    assert (np.abs(lat - places.lat[where]) < 0.025).all()


def test_1952_facilities_hub_per_township_denser_in_the_centre(layer):
    communities, places = layer
    table = facilities_table(SEED, communities, places).to_pylist()
    assert len(table) == 1952  # D12
    hubs = {f["facility_id"]: f for f in table if f["kind"] == "service_centre"}
    ordinary = [t for t in divisions.townships() if t.is_ordinary]
    assert len(hubs) == len(ordinary)
    for f in table:
        if f["parent_id"] is not None:
            assert f["kind"] in {"station", "canteen", "day_care"}
            assert hubs[f["parent_id"]]["area_code"][:9] == f["area_code"][:9]
        county = f["area_code"][:6]
        assert in_county(county, np.array([f["longitude"]]), np.array([f["latitude"]]))[0]
    central = sum(f["area_code"][:6] in {"320302", "320303", "320311"} for f in table)
    assert central / len(table) > 0.10  # 18 % of residents on a small share of the land


def test_write_geo_adds_files_and_leaves_the_snapshot_alone(tmp_path):
    write_city(tmp_path, seed=SEED, residents=20_000, progress=False)
    before = {name: (tmp_path / name).read_bytes() for name in FILES}
    rows = write_geo(tmp_path, seed=SEED, facilities=300)
    assert {name: (tmp_path / name).read_bytes() for name in FILES} == before
    households = pq.read_table(tmp_path / "households.parquet")
    homes = pq.read_table(tmp_path / "home_points.parquet")
    assert rows["home_points"] == households.num_rows == homes.num_rows
    assert (
        homes.column("household_id").to_pylist() == households.column("household_id").to_pylist()
    )
    assert rows["facilities"] == 300
