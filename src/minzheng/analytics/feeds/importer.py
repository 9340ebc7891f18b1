"""Import one department file into the feed store: all of it, or none of it.

A file is identified by the SHA-256 of its bytes, so the same file sent twice
(or re-run by a retried nightly job) is recognised and not imported again.
Every row is validated (see `validation`); if any row fails, nothing is
published and the error report lists every failing row, field and reason.
A file that passes gets each row's person key (`keys`) before it is published:
new ID numbers are keyed, and their keys are on disk, before the batch appears.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from minzheng.analytics import keys
from minzheng.analytics.feeds import derived
from minzheng.analytics.feeds.catalog import Feed, Kind, feed
from minzheng.analytics.feeds.readers import FileError, Source, open_source
from minzheng.analytics.feeds.validation import Rejection, validate_batch
from minzheng.analytics.store import AlreadyPublished, Store, publish, read_json, write_json
from minzheng.analytics.tables import DERIVED_FROM

Status = Literal["imported", "duplicate", "rejected"]
REPORT_HEADER = ("行号", "字段", "原始值", "原因")
UNKEYED = "_validated.parquet"  # the file's rows before keys are added (staging only)


@dataclass(frozen=True)
class ImportResult:
    feed: str
    source: Path
    digest: str
    status: Status
    rows: int
    rejected_rows: int
    report: Path | None
    batch_dir: Path | None

    def summary_zh(self) -> str:
        if self.status == "imported":
            return f"{self.source.name}：导入{self.rows}行 → {self.batch_dir}"
        if self.status == "duplicate":
            return f"{self.source.name}：该文件已导入过（内容相同），未重复导入"
        return (
            f"{self.source.name}：{self.rejected_rows}行有误，整个文件未导入；"
            f"错误报告 {self.report}"
        )


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def column_map(spec: Feed, header: list[str]) -> dict[str, str]:
    """Field name → the file's column for it; headers may be code names or Chinese titles."""
    found: dict[str, str] = {}
    for f in spec.fields:
        matches = [h for h in header if h in {f.name, f.title_zh}]
        if len(matches) > 1:
            raise FileError(f"字段 {f.title_zh}（{f.name}）在表头中出现了多次")
        if matches:
            found[f.name] = matches[0]
        elif f.required:
            raise FileError(f"缺少必需的列：{f.title_zh}（{f.name}）")
    return found


def _renamed(batch: pa.Table, spec: Feed, columns: dict[str, str]) -> pa.Table:
    arrays = [
        batch.column(columns[f.name])
        if f.name in columns
        else pa.nulls(batch.num_rows, pa.string())
        for f in spec.fields
    ]
    arrays.append(batch.column("_row"))
    return pa.Table.from_arrays(arrays, names=[f.name for f in spec.fields] + ["_row"])


class _Report:
    """The error report, written as rows are refused (a bad file may have millions)."""

    def __init__(self, path: Path, spec: Feed) -> None:
        self.path, self.spec, self.count = path, spec, 0
        self._rows: set[int] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        # utf-8-sig: Excel opens the Chinese report correctly only with a BOM.
        self._handle = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(REPORT_HEADER)

    def add(self, rejection: Rejection) -> None:
        title = self.spec.field(rejection.field).title_zh if rejection.field != "-" else "-"
        label = f"{title}（{rejection.field}）" if rejection.field != "-" else "整个文件"
        self._writer.writerow(
            (rejection.row or "-", label, rejection.value or "", rejection.reason)
        )
        self._rows.add(rejection.row)
        self.count += 1

    @property
    def rejected_rows(self) -> int:
        return len(self._rows)

    def close(self) -> None:
        self._handle.close()


@dataclass(frozen=True)
class ReadOptions:
    """How to read the file: CSV encoding ("auto" detects UTF-8 or GB18030), Excel sheet."""

    encoding: str = "auto"
    sheet: str | None = None
    today: dt.date | None = None  # for "birth date in the future" (D0.1); tests pin it
    progress: bool = False


def import_feed(
    store: Store, feed_name: str, path: Path, options: ReadOptions | None = None
) -> ImportResult:
    """Validate `path` as feed `feed_name` and publish it as one batch, or refuse it whole."""
    spec, options = feed(feed_name), options or ReadOptions()
    digest = file_digest(path)
    final = store.batch_dir(feed_name, digest)
    if final.exists() and read_json(final / "_import.json")["sha256"] == digest:
        return ImportResult(feed_name, path, digest, "duplicate", 0, 0, None, final)
    store.clean_stale_staging()
    with store.staging(f"import-{feed_name}") as staged:
        report = _Report(staged / "_report.csv", spec)
        rows = _validate_into(staged, spec, path, options, report)
        if report.count:
            target = store.reject_report(feed_name, digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            report.path.replace(target)
            return ImportResult(
                feed_name, path, digest, "rejected", rows, report.rejected_rows, target, None
            )
        report.path.unlink()
        unkeyed = staged / UNKEYED
        keys.key_file(store, unkeyed, staged / "part-0.parquet")
        unkeyed.unlink()
        write_json(staged / "_import.json", _provenance(feed_name, path, digest, rows))
        try:
            publish(staged, final)
        except AlreadyPublished:
            return ImportResult(feed_name, path, digest, "duplicate", 0, 0, None, final)
    derived.refresh(store, [t for t, source in DERIVED_FROM.items() if source == feed_name])
    return ImportResult(feed_name, path, digest, "imported", rows, 0, None, final)


def _provenance(feed_name: str, path: Path, digest: str, rows: int) -> dict[str, object]:
    return {
        "feed": feed_name,
        "source_name": path.name,
        "sha256": digest,
        "rows": rows,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _validate_into(
    staged: Path, spec: Feed, path: Path, options: ReadOptions, report: _Report
) -> int:
    """Validate every batch; write typed rows to `staged` while no row has failed."""
    rows = 0
    try:
        source = _open(spec, path, options)
        columns = column_map(spec, source.header)
        rows = _write_batches(staged, spec, source, columns, report, options)
    except FileError as exc:
        report.add(Rejection(0, "-", None, str(exc)))
    finally:
        report.close()
    return rows


def _open(spec: Feed, path: Path, options: ReadOptions) -> Source:
    decimals = {f.name for f in spec.fields if f.kind in {Kind.MONEY, Kind.AREA}}
    decimals |= {f.title_zh for f in spec.fields if f.kind in {Kind.MONEY, Kind.AREA}}
    return open_source(
        path, encoding=options.encoding, sheet=options.sheet, decimal_columns=decimals
    )


def _write_batches(
    staged: Path,
    spec: Feed,
    source: Source,
    columns: dict[str, str],
    report: _Report,
    options: ReadOptions,
) -> int:
    rows, today = 0, options.today or dt.date.today()
    con = duckdb.connect()
    writer = pq.ParquetWriter(staged / UNKEYED, spec.schema, compression="zstd")
    try:
        for batch in _progress(source.batches, options.progress, spec):
            typed, rejections = validate_batch(con, spec, _renamed(batch, spec, columns), today)
            for rejection in rejections:
                report.add(rejection)
            if not report.count:
                writer.write_table(typed)
            rows += batch.num_rows
    finally:
        writer.close()
        con.close()
    return rows


def _progress(batches: Iterator[pa.Table], enabled: bool, spec: Feed) -> Iterator[pa.Table]:
    yield from tqdm(batches, desc=f"导入 {spec.title_zh}", unit="批", disable=not enabled)
