"""Writing the synthetic city's coordinates beside its snapshot (issue 14 item 2).

Reads `households.parquet` of a city written by `parquet.write_city` with the same seed
and adds `community_points.parquet`, `home_points.parquet` and `facilities.parquet`
(schemas `minzheng.analytics.schema.ELDERLY`); the snapshot's own files are untouched.
Streamed by row group, so the whole city needs the memory of one chunk.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from minzheng.analytics import schema
from minzheng.synth.communities import build_communities
from minzheng.synth.facilities import FACILITIES_IN_CITY, facilities_table
from minzheng.synth.geo import community_points, home_points
from minzheng.synth.parquet import COMPRESSION

GEO_FILES = ("community_points.parquet", "home_points.parquet", "facilities.parquet")


def write_geo(out_dir: Path, *, seed: int, facilities: int = FACILITIES_IN_CITY) -> dict[str, int]:
    """Rows written per file."""
    out_dir = Path(out_dir)
    communities = build_communities(seed)
    places = community_points(seed, communities)
    partial = {name: out_dir / f".{name}.partial" for name in GEO_FILES}
    points = pa.table(
        {"area_code": places.codes, "longitude": places.lon, "latitude": places.lat},
        schema=schema.COMMUNITY_POINTS,
    )
    pq.write_table(points, partial["community_points.parquet"], compression=COMPRESSION)
    table = facilities_table(seed, communities, places, facilities)
    pq.write_table(table, partial["facilities.parquet"], compression=COMPRESSION)
    index = {code: i for i, code in enumerate(places.codes.tolist())}
    homes = 0
    source = pq.ParquetFile(out_dir / "households.parquet")
    with pq.ParquetWriter(
        partial["home_points.parquet"], schema.HOME_POINTS, compression=COMPRESSION
    ) as writer:
        for batch in source.iter_batches(columns=["household_id", "area_code"]):
            ids = batch.column("household_id").to_numpy()
            codes = batch.column("area_code").to_pylist()
            where = np.fromiter((index[c] for c in codes), dtype=np.int64, count=len(codes))
            lon, lat = home_points(seed, ids, where, places)
            writer.write_table(
                pa.table(
                    {"household_id": ids, "area_code": codes, "longitude": lon, "latitude": lat},
                    schema=schema.HOME_POINTS,
                )
            )
            homes += len(codes)
    for name in GEO_FILES:
        os.replace(partial[name], out_dir / name)
    return {
        "community_points": points.num_rows,
        "home_points": homes,
        "facilities": table.num_rows,
    }
