"""Writing the synthetic city to Parquet, streamed chunk by chunk.

Only one chunk of residents is in memory at a time: each chunk becomes one
row group of persons.parquet and one of households.parquet, so 9 million
residents need no more memory than 250,000. Files are written under a
temporary name and renamed at the end, so a reader never sees half a city.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from minzheng.analytics import schema
from minzheng.synth.area_settings import area_settings_table
from minzheng.synth.metrics import peak_rss_mb
from minzheng.synth.population import City, CityChunk

FILES = ("areas.parquet", "persons.parquet", "households.parquet", "area_settings.parquet")
COMPRESSION = "zstd"


def _write_chunk(
    chunk: CityChunk, persons: pq.ParquetWriter, households: pq.ParquetWriter
) -> None:
    persons.write_table(chunk.persons, row_group_size=max(chunk.persons.num_rows, 1))
    households.write_table(chunk.households, row_group_size=max(chunk.households.num_rows, 1))


def _stream(
    city: City, paths: dict[str, Path], residents: int, chunk_size: int, progress: bool
) -> dict[str, int]:
    rows = {"persons": 0, "households": 0}
    with (
        pq.ParquetWriter(
            paths["persons.parquet"], schema.PERSONS, compression=COMPRESSION
        ) as persons,
        pq.ParquetWriter(
            paths["households.parquet"], schema.HOUSEHOLDS, compression=COMPRESSION
        ) as households,
        tqdm(
            total=residents, unit="人", unit_scale=True, desc="合成城市", disable=not progress
        ) as bar,
    ):
        for chunk in city.chunks(residents, chunk_size):
            _write_chunk(chunk, persons, households)
            rows["persons"] += chunk.persons.num_rows
            rows["households"] += chunk.households.num_rows
            bar.update(chunk.residents)
    return rows


def write_city(
    out_dir: Path,
    *,
    seed: int,
    residents: int,
    chunk_size: int = 250_000,
    progress: bool = True,
) -> dict[str, Any]:
    """Write the registry snapshot's files (schemas in `minzheng.analytics.schema`;
    `person_key` left null for the store to fill in) for a synthetic city of
    `residents` people; return a summary: rows per file, seconds,
    residents_per_second, peak_rss_mb (of the process)."""
    if chunk_size <= 0:
        raise ValueError("chunk_size 必须为正整数")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = {name: out_dir / name for name in FILES}
    partial = {name: out_dir / f".{name}.partial" for name in FILES}
    city = City(seed)
    areas: pa.Table = city.areas()
    pq.write_table(areas, partial["areas.parquet"], compression=COMPRESSION)
    settings = area_settings_table()
    pq.write_table(settings, partial["area_settings.parquet"], compression=COMPRESSION)
    streamed = _stream(city, partial, residents, chunk_size, progress)
    rows = {"areas": areas.num_rows, "area_settings": settings.num_rows, **streamed}
    for name in FILES:
        os.replace(partial[name], final[name])
    seconds = time.perf_counter() - started
    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "residents": residents,
        "rows": rows,
        "seconds": round(seconds, 3),
        "residents_per_second": round(residents / seconds) if seconds > 0 else 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
