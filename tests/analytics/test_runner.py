"""Runs: atomic publication, idempotent run ids, run history, the same findings on both engines."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
from minzheng.analytics.engines.spark_engine import SparkEngine
from minzheng.analytics.runner import FINDINGS, RunConflict, RunRequest, history, run
from minzheng.analytics.store import Store
from tests.analytics.conftest import TINY_PERIOD


@pytest.fixture
def store(tiny_feeds: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny city's feed store (runs write into it)."""
    return Path(shutil.copytree(tiny_feeds, tmp_path / "store"))


def request(store: Path, registry: Path, **changes: object) -> RunRequest:
    fields: dict[str, object] = {
        "store": store,
        "registry": registry,
        "period": TINY_PERIOD,
        "progress": False,
    }
    return RunRequest(**(fields | changes))  # type: ignore[arg-type]


class FailingEngine(DuckDBEngine):
    """Crashes on the rule that reads students (W005), as a run killed mid-way would stop."""

    def query(self, sql: str) -> pa.Table:
        if "FROM students" in sql:
            raise RuntimeError("simulated crash")
        return super().query(sql)


def test_a_run_publishes_findings_manifest_and_history(store: Path, tiny_city: Path) -> None:
    outcome = run(request(store, tiny_city, run_id="r1"), DuckDBEngine())
    assert outcome.status == "published"
    manifest = outcome.manifest
    assert [r["id"] for r in manifest["rules"]] == [f"W00{i}" for i in range(1, 10)]
    assert all(r["seconds"] >= 0 and "period_start" in r["parameters"] for r in manifest["rules"])
    # Wall-clock and CPU seconds per rule and per phase (the benchmark compares both).
    assert all(r["cpu_seconds"] >= 0 for r in manifest["rules"])
    assert set(manifest["phases"]) == {"load_rules", "register_inputs"}
    assert all(set(p) == {"seconds", "cpu_seconds"} for p in manifest["phases"].values())
    assert manifest["cpu_seconds"] > 0
    assert (
        manifest["inputs"]["persons"]["rows"]
        == pq.read_metadata(tiny_city / "persons.parquet").num_rows
    )
    findings = pq.read_table(outcome.path / "findings.parquet")
    assert findings.schema == FINDINGS
    assert (
        findings.num_rows == manifest["findings"] == sum(r["findings"] for r in manifest["rules"])
    )
    assert findings.num_rows > 0
    for rule in manifest["rules"]:
        assert (
            pq.read_metadata(outcome.path / "rules" / f"{rule['id']}.parquet").num_rows
            == rule["findings"]
        )
    assert (Store(store).runs_dir / "LATEST").read_text().strip() == "r1"
    assert [m["run_id"] for m in history(store)] == ["r1"]
    assert not list(Store(store).tmp_dir.iterdir())


def test_re_running_a_run_id_changes_nothing(store: Path, tiny_city: Path) -> None:
    first = run(request(store, tiny_city), DuckDBEngine())
    stamps = {p: p.stat().st_mtime_ns for p in first.path.rglob("*")}
    again = run(request(store, tiny_city), DuckDBEngine())
    assert (first.status, again.status) == ("published", "unchanged")
    assert again.run_id == first.run_id and again.run_id.startswith(TINY_PERIOD)
    assert {p: p.stat().st_mtime_ns for p in first.path.rglob("*")} == stamps


def test_the_same_run_id_on_other_parameters_is_refused(store: Path, tiny_city: Path) -> None:
    run(request(store, tiny_city, run_id="r1"), DuckDBEngine())
    changed = request(store, tiny_city, run_id="r1", overrides={"monitoring.layers": "dibao"})
    with pytest.raises(RunConflict, match="r1"):
        run(changed, DuckDBEngine())


def test_a_failed_run_leaves_the_previous_results_as_they_were(
    store: Path, tiny_city: Path
) -> None:
    run(request(store, tiny_city, run_id="good"), DuckDBEngine())
    with pytest.raises(RuntimeError, match="simulated"):
        run(request(store, tiny_city, run_id="bad"), FailingEngine())
    runs = Store(store).runs_dir
    assert sorted(p.name for p in runs.iterdir()) == ["LATEST", "good"]
    assert (runs / "LATEST").read_text().strip() == "good"


def test_a_killed_run_publishes_nothing_and_its_debris_is_cleared_next_time(
    store: Path, tiny_city: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "reached-W005"
    script = textwrap.dedent(f"""
        import pathlib, time
        from minzheng.analytics.engines.duckdb_engine import DuckDBEngine
        from minzheng.analytics.runner import RunRequest, run
        class Slow(DuckDBEngine):
            def query(self, sql):
                if "FROM students" in sql:
                    pathlib.Path({str(marker)!r}).touch()
                    time.sleep(60)
                return super().query(sql)
        run(RunRequest(pathlib.Path({str(store)!r}), pathlib.Path({str(tiny_city)!r}),
                       {TINY_PERIOD!r}, run_id="killed", progress=False), Slow())
    """)
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the child run never reached W005"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not Store(store).run_dir("killed").exists()
    assert list(Store(store).tmp_dir.iterdir()), "the killed run left its staging behind"
    outcome = run(request(store, tiny_city, run_id="killed"), DuckDBEngine())
    assert outcome.status == "published"
    assert not list(Store(store).tmp_dir.iterdir())


def test_a_subset_of_rules_can_be_run(store: Path, tiny_city: Path) -> None:
    outcome = run(request(store, tiny_city, rules=("W001", "W008")), DuckDBEngine())
    assert [r["id"] for r in outcome.manifest["rules"]] == ["W001", "W008"]
    assert set(outcome.manifest["inputs"]) >= {"persons", "households", "medical_settlements"}
    assert "deaths" not in outcome.manifest["inputs"]


@pytest.mark.spark
def test_spark_publishes_the_same_findings_as_duckdb(
    store: Path, tiny_city: Path, spark_engine: SparkEngine
) -> None:
    on_duckdb = run(request(store, tiny_city, run_id="duck"), DuckDBEngine())
    on_spark = run(request(store, tiny_city, run_id="spark", engine="spark"), spark_engine)
    assert on_spark.manifest["engine"] == "spark"
    for rule in on_duckdb.manifest["rules"]:
        name = f"rules/{rule['id']}.parquet"
        assert pq.read_table(on_spark.path / name).equals(pq.read_table(on_duckdb.path / name)), (
            name
        )


def test_a_run_rebuilds_a_stale_wage_summary_before_reading_it(
    store: Path, tiny_city: Path
) -> None:
    """An import killed after publishing its batch but before summarising it."""
    fresh = run(request(store, tiny_city, run_id="fresh", rules=("W007",)), DuckDBEngine())
    summary = Store(store).derived_dir("wage_months") / f"{TINY_PERIOD}.parquet"
    summary.unlink()
    again = run(request(store, tiny_city, run_id="again", rules=("W007",)), DuckDBEngine())
    assert summary.exists()
    assert again.manifest["inputs"]["wage_months"]["rows"] > 0
    assert pq.read_table(again.path / "rules/W007.parquet").equals(
        pq.read_table(fresh.path / "rules/W007.parquet")
    )
