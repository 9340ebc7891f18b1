"""The analytic store on disk: imported feeds, rejected-file reports and published runs.

Layout (documented in docs/analytics.md)::

    STORE/
      feeds/<feed>/batch=<digest>/part-0.parquet   validated rows of one imported file
      feeds/<feed>/batch=<digest>/_import.json     its provenance (file name, hash, rows)
      rejects/<feed>/<digest>.csv                  why a refused file was refused
      derived/<table>/<YYYY-MM>.parquet            a feed's summary, one file per month
      runs/<run_id>/manifest.json                  counts, timings, inputs, parameters
      runs/<run_id>/findings.parquet               all findings of the run, common columns
      runs/<run_id>/rules/<rule_id>.parquet        each rule's full output
      runs/LATEST                                  id of the last published run
      supervision/runs/<run_id>/...                the funds-supervision runs (D14), alike
      tmp/                                         staging; never read by anyone else

Everything is written under `tmp/` first and published with one `os.rename`
of a directory, which is atomic on one file system: a reader sees a whole
batch or run, or nothing, and a killed process leaves only `tmp/` debris.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DIGEST_CHARS = 16


class AlreadyPublished(FileExistsError):
    """The target of a publish exists already: someone else published the same content."""


@dataclass(frozen=True)
class Store:
    root: Path

    @property
    def feeds_dir(self) -> Path:
        return self.root / "feeds"

    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    @property
    def tmp_dir(self) -> Path:
        return self.root / "tmp"

    def feed_dir(self, feed: str) -> Path:
        return self.feeds_dir / feed

    def batch_dir(self, feed: str, digest: str) -> Path:
        return self.feed_dir(feed) / f"batch={digest[:DIGEST_CHARS]}"

    def reject_report(self, feed: str, digest: str) -> Path:
        return self.root / "rejects" / feed / f"{digest[:DIGEST_CHARS]}.csv"

    def feed_files(self, feed: str) -> list[Path]:
        """The Parquet files of every published batch of a feed, in a stable order."""
        return sorted(self.feed_dir(feed).glob("batch=*/*.parquet"))

    def derived_dir(self, table: str) -> Path:
        return self.root / "derived" / table

    def derived_files(self, table: str) -> list[Path]:
        """The month files of a derived table (`feeds.derived`), in month order."""
        return sorted(self.derived_dir(table).glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].parquet"))

    def run_dir(self, run_id: str, ruleset: str = "warning") -> Path:
        return self.runs_root(ruleset) / run_id

    def runs_root(self, ruleset: str = "warning") -> Path:
        """Where a rule set's runs are published: `runs/` for the warning rules,
        `supervision/runs/` for the funds-supervision rules (each with its LATEST)."""
        return self.runs_dir if ruleset == "warning" else self.root / ruleset / "runs"

    @contextmanager
    def staging(self, label: str) -> Iterator[Path]:
        """A fresh directory under tmp/, removed on the way out unless it was published."""
        path = self.tmp_dir / f"{label}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def clean_stale_staging(self) -> list[Path]:
        """Remove staging left by processes that no longer run (a killed import or run)."""
        removed = []
        for path in self.tmp_dir.glob("*.*.*") if self.tmp_dir.exists() else []:
            pid = path.name.rsplit(".", 2)[-2]
            if pid.isdigit() and not _process_alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(staged: Path, final: Path) -> None:
    """Move a finished staging directory into place in one atomic rename."""
    final.parent.mkdir(parents=True, exist_ok=True)
    _fsync_tree(staged)
    try:
        os.rename(staged, final)
    except OSError as exc:
        if final.exists():
            raise AlreadyPublished(str(final)) from exc
        raise
    _fsync_dir(final.parent)


def _fsync_tree(path: Path) -> None:
    # Data must be on disk before the rename makes it visible, or a crash could
    # publish a directory of empty files.
    for file in path.rglob("*"):
        if file.is_file():
            with file.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), "utf-8")


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def replace_text(path: Path, text: str) -> None:
    """Write a small file so that readers see the old or the new content, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)
