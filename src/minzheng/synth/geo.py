"""Coordinates in the synthetic city: communities, homes and elderly-service facilities
placed inside Xuzhou's real county outlines (`core.divisions.county_shapes()`).

Additive to the city (issue 14 item 2): nothing here changes the registry snapshot's
files; `write_geo` adds `community_points`, `home_points` and `facilities` Parquet files
beside them. Coordinates are longitude/latitude in degrees in the coordinate system of
the outlines (ECharts' China maps, GCJ-02-like; core/data/README.md). They are
*plausible*, not real: township centres are drawn inside their county (streets close to
the county's label point, the urban core), communities around their township centre,
homes around their community — so density follows the population, highest in the
three central districts. Deterministic by seed; a home's point depends only on the seed,
its household id and its community, never on the chunking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from minzheng.analytics.elderly.outline import outline_rings, points_in_rings
from minzheng.core import divisions
from minzheng.synth.communities import CENTRAL_DISTRICTS, Community

# The development zone (320371) has no outline: it lies within 铜山区 and 云龙区.
ZONE_CODE = "320371"
ZONE_OUTLINES = ("320303", "320312")
METRES_PER_DEGREE_LAT = 111_320.0
# Spreads in metres (assumptions of the generator, not statistics).
STREET_SPREAD_CENTRAL_M = 2_500.0  # street centres around a central district's core
STREET_SPREAD_M = 5_000.0  # street centres around another county's seat
COMMUNITY_SPREAD_URBAN_M = 700.0  # communities around their street's centre
COMMUNITY_SPREAD_RURAL_M = 2_500.0  # villages around their town's centre
HOME_SPREAD_URBAN_M = 250.0  # homes around their community's centre
HOME_SPREAD_RURAL_M = 450.0

_TRIES = 64  # candidate points drawn at once when placing a point inside a county


@cache
def county_rings() -> dict[str, tuple[NDArray[np.float64], ...]]:
    """Every ring (outer and holes) of each county's outline, by county code."""
    rings: dict[str, tuple[NDArray[np.float64], ...]] = {}
    for feature in divisions.county_shapes()["features"]:
        rings[feature["properties"]["code"]] = outline_rings(feature["geometry"])
    return rings


def in_county(
    county: str, lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> NDArray[np.bool_]:
    codes = ZONE_OUTLINES if county == ZONE_CODE else (county,)
    rings = county_rings()
    hit = np.zeros(lon.shape, dtype=bool)
    for code in codes:
        hit |= points_in_rings(lon, lat, rings[code])
    return hit


def _bbox(county: str) -> tuple[float, float, float, float]:
    codes = ZONE_OUTLINES if county == ZONE_CODE else (county,)
    points = np.vstack([r for code in codes for r in county_rings()[code]])
    return points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()


def _metres_to_degrees(lat: float, dx: NDArray, dy: NDArray) -> tuple[NDArray, NDArray]:
    per_lon = METRES_PER_DEGREE_LAT * np.cos(np.radians(lat))
    return dx / per_lon, dy / METRES_PER_DEGREE_LAT


def _inside_near(
    rng: np.random.Generator, county: str, centre: tuple[float, float] | None, spread_m: float
) -> tuple[float, float]:
    """One point inside the county: near `centre` (normal spread) or uniform in it."""
    west, south, east, north = _bbox(county)
    for _ in range(20):
        if centre is None:
            lon = rng.uniform(west, east, size=_TRIES)
            lat = rng.uniform(south, north, size=_TRIES)
        else:
            dx, dy = _metres_to_degrees(centre[1], *rng.normal(0.0, spread_m, size=(2, _TRIES)))
            lon, lat = centre[0] + dx, centre[1] + dy
        hit = np.flatnonzero(in_county(county, lon, lat))
        if hit.size:
            return float(lon[hit[0]]), float(lat[hit[0]])
    if centre is not None:
        return _inside_near(rng, county, None, spread_m)
    raise RuntimeError(f"无法在县（区）{county}的轮廓内取点")


def _county_seat(county: str) -> tuple[float, float]:
    for feature in divisions.county_shapes()["features"]:
        if feature["properties"]["code"] == county:
            lon, lat = feature["properties"]["cp"]
            return float(lon), float(lat)
    return _county_seat("320303")  # the zone: east of the centre, within 云龙区


def township_points(seed: int) -> dict[str, tuple[float, float]]:
    """A centre for each of the 186 real townships, inside its county."""
    rng = np.random.default_rng([seed, 0x6E0, 1])
    points = {}
    for township in divisions.townships():
        county = township.county_code
        if township.is_street:
            central = county in CENTRAL_DISTRICTS or county == ZONE_CODE
            spread = STREET_SPREAD_CENTRAL_M if central else STREET_SPREAD_M
            points[township.code] = _inside_near(rng, county, _county_seat(county), spread)
        else:
            points[township.code] = _inside_near(rng, county, None, 0.0)
    return points


@dataclass(frozen=True)
class CommunityPoints:
    codes: NDArray[np.str_]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    urban: NDArray[np.bool_]


def community_points(seed: int, communities: tuple[Community, ...]) -> CommunityPoints:
    """A centre for each synthetic community, near its township's, inside its county."""
    towns = township_points(seed)
    rng = np.random.default_rng([seed, 0x6E0, 2])
    lon, lat = np.empty(len(communities)), np.empty(len(communities))
    for i, c in enumerate(communities):
        spread = COMMUNITY_SPREAD_RURAL_M if c.is_village else COMMUNITY_SPREAD_URBAN_M
        lon[i], lat[i] = _inside_near(rng, c.county_code, towns[c.township.code], spread)
    urban = np.array([not c.is_village for c in communities])
    return CommunityPoints(np.array([c.code for c in communities]), lon, lat, urban)


def _splitmix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _uniforms(seed: int, ids: NDArray[np.int64], stream: int) -> NDArray[np.float64]:
    """A uniform in (0, 1) per id, from a counter-based hash: the same for an id
    whatever batch it comes in."""
    salt = np.uint64((seed * 0x100000001B3 + stream) % (1 << 64))
    bits = _splitmix(ids.astype(np.uint64) ^ salt) >> np.uint64(11)
    return (bits.astype(np.float64) + 0.5) / float(1 << 53)


def home_points(
    seed: int,
    household_ids: NDArray[np.int64],
    community_index: NDArray[np.int64],
    places: CommunityPoints,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each home's point: its community's centre plus a normal offset (Box–Muller on
    hashed uniforms), tighter in urban communities. Homes are not re-checked against
    the outline (a few near a border may lie just across it); the communities are."""
    u1, u2 = _uniforms(seed, household_ids, 1), _uniforms(seed, household_ids, 2)
    radius = np.sqrt(-2.0 * np.log(u1))
    spread = np.where(places.urban[community_index], HOME_SPREAD_URBAN_M, HOME_SPREAD_RURAL_M)
    dx = radius * np.cos(2 * np.pi * u2) * spread
    dy = radius * np.sin(2 * np.pi * u2) * spread
    lat0 = places.lat[community_index]
    dlon, dlat = _metres_to_degrees(float(np.mean(places.lat)), dx, dy)
    return places.lon[community_index] + dlon, lat0 + dlat
