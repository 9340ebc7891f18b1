"""The store's publish step: one atomic rename, never over an existing result."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from minzheng.analytics.store import AlreadyPublished, Store, publish, replace_text


def test_staging_is_published_whole_by_rename(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.staging("x") as staged:
        (staged / "a.txt").write_text("a")
        publish(staged, tmp_path / "runs" / "r1")
    assert (tmp_path / "runs" / "r1" / "a.txt").read_text() == "a"
    assert not list(store.tmp_dir.iterdir())


def test_publishing_over_an_existing_result_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (tmp_path / "runs" / "r1").mkdir(parents=True)
    (tmp_path / "runs" / "r1" / "keep").write_text("old")
    with store.staging("x") as staged, pytest.raises(AlreadyPublished):
        (staged / "keep").write_text("new")
        publish(staged, tmp_path / "runs" / "r1")
    assert (tmp_path / "runs" / "r1" / "keep").read_text() == "old"


def test_only_staging_of_dead_processes_is_cleaned(tmp_path: Path) -> None:
    store = Store(tmp_path)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = store.tmp_dir / f"run-a.{finished.stdout.strip()}.abcd1234"
    with store.staging("live") as live:
        dead.mkdir(parents=True)
        assert store.clean_stale_staging() == [dead]
        assert live.exists()


def test_a_small_file_is_replaced_atomically(tmp_path: Path) -> None:
    replace_text(tmp_path / "runs" / "LATEST", "r1\n")
    replace_text(tmp_path / "runs" / "LATEST", "r2\n")
    assert (tmp_path / "runs" / "LATEST").read_text() == "r2\n"
    assert [p.name for p in (tmp_path / "runs").iterdir()] == ["LATEST"]
