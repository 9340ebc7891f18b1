"""Reading the elderly and their homes from a snapshot's Parquet files with DuckDB.

Inputs (schemas in `minzheng.analytics.schema`): `persons.parquet`,
`households.parquet`, `home_points.parquet` and `facilities.parquet` in one directory.
Ages are counted on `on` by birthdays: 60+ means born on or before the same day sixty
years earlier (a 29 February without a match counts from 28 February).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np

from minzheng.analytics.elderly.circle import GROUPS, Facilities, Homes
from minzheng.analytics.elderly.grid import project

XUZHOU_LATITUDE = 34.26  # the projection's reference latitude (the city centre)

_HOMES_SQL = """
WITH living AS (
    SELECT p.household_id, p.birth_date, p.disability_type
    FROM read_parquet($persons) p
    WHERE p.life_status = 'alive'
), per_home AS (
    SELECT household_id,
        count(*) AS living,
        count(*) FILTER (WHERE birth_date <= $cut60) AS aged60,
        count(*) FILTER (WHERE birth_date <= $cut80) AS aged80,
        count(*) FILTER (WHERE birth_date <= $cut60 AND disability_type <> '') AS disabled
    FROM living GROUP BY household_id
)
SELECT hp.longitude, hp.latitude, hp.area_code, ph.aged60, ph.aged80,
    CASE WHEN ph.living = 1 THEN ph.aged60 ELSE 0 END AS alone,
    ph.disabled,
    CASE WHEN h.programme <> '' THEN ph.aged60 ELSE 0 END AS assisted
FROM per_home ph
JOIN read_parquet($homes) hp USING (household_id)
JOIN read_parquet($households) h USING (household_id)
WHERE ph.aged60 > 0
"""


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def read_homes(directory: Path, on: dt.date, lat0: float = XUZHOU_LATITUDE) -> Homes:
    """Homes with at least one living person aged 60+ on `on`, with group counts."""
    params = {
        "persons": str(directory / "persons.parquet"),
        "households": str(directory / "households.parquet"),
        "homes": str(directory / "home_points.parquet"),
        "cut60": years_before(on, 60),
        "cut80": years_before(on, 80),
    }
    with duckdb.connect() as con:
        table = con.sql(_HOMES_SQL, params=params).to_arrow_table()
    lon = table.column("longitude").to_numpy()
    lat = table.column("latitude").to_numpy()
    counts = {g: table.column(g).to_numpy().astype(np.int64) for g in GROUPS}
    community = np.asarray(table.column("area_code").to_pylist(), dtype=np.str_)
    return Homes(project(lon, lat, lat0), community, counts)


def read_facilities(directory: Path, lat0: float = XUZHOU_LATITUDE) -> Facilities:
    with duckdb.connect() as con:
        table = con.sql(
            "SELECT longitude, latitude, kind FROM read_parquet($f)",
            params={"f": str(directory / "facilities.parquet")},
        ).to_arrow_table()
    xy = project(table.column("longitude").to_numpy(), table.column("latitude").to_numpy(), lat0)
    return Facilities(xy, np.asarray(table.column("kind").to_pylist(), dtype=np.str_))


def read_community_points(
    directory: Path, lat0: float = XUZHOU_LATITUDE
) -> tuple[list[str], np.ndarray]:
    """The communities' centres (the candidate sites of the greedy suggestion)."""
    with duckdb.connect() as con:
        table = con.sql(
            "SELECT area_code, longitude, latitude FROM read_parquet($f) ORDER BY area_code",
            params={"f": str(directory / "community_points.parquet")},
        ).to_arrow_table()
    lon, lat = table.column("longitude").to_numpy(), table.column("latitude").to_numpy()
    return table.column("area_code").to_pylist(), project(lon, lat, lat0)
