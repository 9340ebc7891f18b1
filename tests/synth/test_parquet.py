"""Writing the city to Parquet: the files, their schemas, streaming in bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq

from minzheng.analytics import schema
from minzheng.synth.parquet import FILES, write_city

_MEASURE = """
import json, sys
from pathlib import Path
from minzheng.synth.parquet import write_city
summary = write_city(Path(sys.argv[1]), seed=3, residents=int(sys.argv[2]),
                     chunk_size=50_000, progress=False)
print(json.dumps(summary))
"""


def test_write_city_writes_the_snapshot_files_per_schema(tmp_path):
    summary = write_city(tmp_path, seed=2, residents=30_000, chunk_size=10_000, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    assert pq.read_schema(tmp_path / "areas.parquet").equals(schema.AREAS)
    assert pq.read_schema(tmp_path / "persons.parquet").equals(schema.PERSONS)
    assert pq.read_schema(tmp_path / "households.parquet").equals(schema.HOUSEHOLDS)
    assert pq.read_schema(tmp_path / "area_settings.parquet").equals(schema.AREA_SETTINGS)
    persons = pq.read_table(tmp_path / "persons.parquet", columns=["person_key"])
    assert persons.column("person_key").null_count == 30_000  # the store gives the keys
    assert summary["rows"]["persons"] == 30_000
    assert (
        summary["rows"]["households"] == pq.read_metadata(tmp_path / "households.parquet").num_rows
    )
    assert summary["residents_per_second"] > 0 and summary["peak_rss_mb"] > 0


def test_each_chunk_is_one_row_group_no_bigger_than_the_chunk(tmp_path):
    write_city(tmp_path, seed=2, residents=45_000, chunk_size=20_000, progress=False)
    metadata = pq.read_metadata(tmp_path / "persons.parquet")
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [20_000, 20_000, 5_000]


def _peak_mb(tmp_path, residents: int) -> float:
    out = tmp_path / str(residents)
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(out), str(residents)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(result.stdout.splitlines()[-1])["peak_rss_mb"])


def test_memory_does_not_grow_with_the_number_of_residents(tmp_path):
    """Six times the residents in chunks of 50,000: the peak stays put (streaming)."""
    small = _peak_mb(tmp_path, 50_000)
    large = _peak_mb(tmp_path, 300_000)
    assert large - small < 60, (small, large)
