"""Read a department's file (CSV, Excel or Parquet) as batches of text columns.

Every reader yields Arrow batches whose columns are the file's own headers,
all as text, plus `_row`: the row number the sender sees (the header is row 1
in CSV and Excel; Parquet has no header, so its first record is row 1).
Validation then works on text alone, whatever the source format, and a
rejected value can be quoted back exactly as it was sent.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BATCH_ROWS = 250_000
CSV_BLOCK_BYTES = 16 << 20
ENCODINGS = ("auto", "utf-8", "gb18030")


class FileError(ValueError):
    """The file as a whole cannot be imported (unreadable, wrong columns, float money)."""


@dataclass(frozen=True)
class Source:
    """An opened file: its format, the encoding used, its headers and its batches."""

    path: Path
    format: str
    encoding: str | None
    header: list[str]
    batches: Iterator[pa.Table]


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8, else GB18030 (the other encoding
    Chinese government systems export). Read in chunks: a feed may be gigabytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _with_rows(table: pa.Table, first_row: int) -> pa.Table:
    rows = pa.array(range(first_row, first_row + table.num_rows), pa.int64())
    return table.append_column("_row", rows)


def _csv_header(path: Path, encoding: str) -> list[str]:
    with path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as f:
        try:
            return [name.strip() for name in next(csv.reader(f))]
        except StopIteration:
            raise FileError("文件为空，没有表头") from None
        except UnicodeDecodeError as exc:
            raise FileError(f"文件编码不是{encoding}：{exc.reason}") from None


def read_csv(path: Path, encoding: str = "auto") -> Source:
    if encoding not in ENCODINGS:
        raise FileError(f"不支持的编码 {encoding}，可选：{'、'.join(ENCODINGS)}")
    chosen = detect_encoding(path) if encoding == "auto" else encoding
    header = _csv_header(path, chosen)
    if len(set(header)) != len(header):
        raise FileError("表头中有重复的列名")
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if chosen == "utf-8" else chosen, block_size=CSV_BLOCK_BYTES
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=False
        ),
    )

    def batches() -> Iterator[pa.Table]:
        row = 2
        try:
            for batch in reader:
                table = pa.Table.from_batches([batch])
                yield _with_rows(table, row)
                row += table.num_rows
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise FileError(f"第{row}行附近无法读取：{exc}") from None

    return Source(path, "csv", chosen, header, batches())


def excel_text(value: object) -> str | None:
    """A cell as the text the sender typed: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr() is the shortest text that round-trips; Decimal keeps it free of float noise.
        exact = decimal.Decimal(repr(value))
        return str(exact.quantize(1)) if exact == exact.to_integral_value() else str(exact)
    return str(value)


def read_excel(path: Path, sheet: str | None = None) -> Source:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileError(f"无法打开Excel文件：{exc}") from None
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    try:
        header = [str(v).strip() if v is not None else "" for v in next(rows)]
    except StopIteration:
        raise FileError("工作表为空，没有表头") from None

    def batches() -> Iterator[pa.Table]:
        buffer: list[list[str | None]] = [[] for _ in header]
        numbers: list[int] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            for column, value in zip(buffer, values, strict=False):
                column.append(excel_text(value))
            for column in buffer[len(values) :]:
                column.append(None)
            numbers.append(number)
            if len(numbers) >= BATCH_ROWS:
                yield _excel_table(header, buffer, numbers)
                buffer, numbers = [[] for _ in header], []
        if numbers:
            yield _excel_table(header, buffer, numbers)
        book.close()

    return Source(path, "excel", None, header, batches())


def _excel_table(header: list[str], columns: list[list[str | None]], rows: list[int]) -> pa.Table:
    arrays = [pa.array(values, pa.string()) for values in columns]
    arrays.append(pa.array(rows, pa.int64()))
    return pa.Table.from_arrays(arrays, names=[*header, "_row"])


def read_parquet(path: Path, decimal_columns: set[str]) -> Source:
    """Parquet columns cast to text; a float column where money is expected refuses the file."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileError(f"无法读取Parquet文件：{exc}") from None
    schema = parquet.schema_arrow
    floats = [f.name for f in schema if f.name in decimal_columns and pa.types.is_floating(f.type)]
    if floats:
        raise FileError(
            f"金额/面积列不得为浮点数（float），请用decimal或文本：{'、'.join(floats)}"
        )

    def batches() -> Iterator[pa.Table]:
        row = 1
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            table = pa.Table.from_batches([batch])
            table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
            yield _with_rows(table, row)
            row += table.num_rows

    return Source(path, "parquet", None, list(schema.names), batches())


def open_source(
    path: Path, *, encoding: str = "auto", sheet: str | None = None, decimal_columns: set[str]
) -> Source:
    """Open by extension: .csv/.txt, .xlsx/.xlsm, .parquet."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return read_csv(path, encoding)
    if suffix in {".xlsx", ".xlsm"}:
        return read_excel(path, sheet)
    if suffix == ".parquet":
        return read_parquet(path, decimal_columns)
    raise FileError(f"不支持的文件类型 {suffix}：请使用 CSV、Excel（.xlsx）或 Parquet")
