"""The synthetic city's elderly-service facilities (issue 14 item 2, D7.2, D12): 1,952
of them by default, placed at communities in proportion to their residents (so denser
in the urban districts), each inside its county's outline.

The mix of kinds is an assumption of the generator (the article gives only the total):
a service centre (the hub of a "1+N" network) in every ordinary township, some care
homes and day-care centres, canteens, and stations making up the rest; stations,
canteens and day-care centres are satellites of their township's centre.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from minzheng.analytics.schema import ELDERLY_FACILITIES
from minzheng.core import divisions
from minzheng.synth.communities import Community
from minzheng.synth.geo import CommunityPoints, _metres_to_degrees, in_county

FACILITIES_IN_CITY = 1_952  # D12: the article's figure
# Shares of the facilities that are not township centres (assumption).
SHARES = {"station": 0.66, "canteen": 0.22, "day_care": 0.08, "care_home": 0.04}
SATELLITES = frozenset({"station", "canteen", "day_care"})
CAPACITY = {  # seats or beds (assumption): (low, high)
    "service_centre": (40, 120),
    "station": (10, 40),
    "canteen": (30, 120),
    "day_care": (15, 50),
    "care_home": (60, 400),
}
SUFFIX = {
    "service_centre": "养老服务中心",
    "station": "养老服务站",
    "canteen": "老年助餐点",
    "day_care": "日间照料中心",
    "care_home": "养老院",
}
JITTER_M = 150.0


def _kinds(rng: np.random.Generator, count: int) -> list[str]:
    names = list(SHARES)
    p = np.array([SHARES[k] for k in names])
    return [names[i] for i in rng.choice(len(names), size=count, p=p / p.sum())]


def facilities_table(
    seed: int,
    communities: tuple[Community, ...],
    places: CommunityPoints,
    total: int = FACILITIES_IN_CITY,
) -> pa.Table:
    """The facilities as a table of schema ELDERLY_FACILITIES, ids from 1."""
    rng = np.random.default_rng([seed, 0xFAC])
    hubs: dict[str, int] = {}  # township code -> community index of its centre
    for township in divisions.townships():
        mine = [i for i, c in enumerate(communities) if c.township.code == township.code]
        if township.is_ordinary and mine:
            hubs[township.code] = max(mine, key=lambda i: communities[i].weight)
    weights = np.array([c.weight for c in communities])
    rest = max(total - len(hubs), 0)
    sites = [*hubs.values(), *rng.choice(len(communities), size=rest, p=weights / weights.sum())]
    kinds = ["service_centre"] * len(hubs) + _kinds(rng, rest)
    hub_id = {code: n + 1 for n, code in enumerate(hubs)}
    rows: dict[str, list] = {f.name: [] for f in ELDERLY_FACILITIES}
    for n, (site, kind) in enumerate(zip(sites, kinds, strict=True)):
        community = communities[int(site)]
        lon, lat = _place(rng, community, places, int(site), jitter=n >= len(hubs))
        parent = hub_id.get(community.township.code) if kind in SATELLITES else None
        low, high = CAPACITY[kind]
        rows["facility_id"].append(n + 1)
        rows["kind"].append(kind)
        rows["name"].append(f"{community.name.removesuffix('社区')}{SUFFIX[kind]}")
        rows["area_code"].append(community.code)
        rows["parent_id"].append(parent)
        rows["longitude"].append(lon)
        rows["latitude"].append(lat)
        rows["capacity"].append(int(rng.integers(low, high + 1)))
    table = pa.Table.from_pydict(rows, schema=ELDERLY_FACILITIES)
    return _numbered_names(table)


def _place(
    rng: np.random.Generator, c: Community, places: CommunityPoints, i: int, *, jitter: bool
) -> tuple[float, float]:
    lon, lat = float(places.lon[i]), float(places.lat[i])
    if not jitter:
        return lon, lat
    dx, dy = _metres_to_degrees(lat, *rng.normal(0.0, JITTER_M, size=(2, 16)))
    hit = np.flatnonzero(in_county(c.county_code, lon + dx, lat + dy))
    if hit.size:
        return lon + float(dx[hit[0]]), lat + float(dy[hit[0]])
    return lon, lat


def _numbered_names(table: pa.Table) -> pa.Table:
    """Two facilities of one kind in one community: （第2）, （第3）… in the names."""
    seen: dict[str, int] = {}
    names = []
    for name in table.column("name").to_pylist():
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}（第{seen[name]}）")
    return table.set_column(table.schema.get_field_index("name"), "name", pa.array(names))


def count_by_kind(table: pa.Table) -> dict[str, int]:
    counts = pc.value_counts(table.column("kind")).to_pylist()
    return {c["values"]: c["counts"] for c in counts}
