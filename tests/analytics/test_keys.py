"""Person keys: one integer per ID number, stable across imports, snapshots and processes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics import keys
from minzheng.analytics.feeds import importer
from minzheng.analytics.feeds.importer import ReadOptions, import_feed
from minzheng.analytics.keys import KeyTable, NotKeyed, check_registry, key_registry
from minzheng.analytics.schema import PERSONS
from minzheng.analytics.store import Store

OPTIONS = ReadOptions(today=dt.date(2024, 7, 1))
ALICE, BOB, CAROL = "11010519491231002X", "440524188001010014", "320302196003010118"
HEADER = "id_number,record_id,death_date,source\n"


def deaths(tmp_path: Path, name: str, *ids: str) -> Path:
    path = tmp_path / name
    rows = [f"{id_number},{name}-{i},2024-06-03,health\n" for i, id_number in enumerate(ids)]
    path.write_text(HEADER + "".join(rows), "utf-8")
    return path


def key_map(store: Store) -> dict[str, int]:
    rows = pq.read_table(KeyTable(store).segments()).to_pylist()
    found = {row["id_number"]: row["person_key"] for row in rows}
    assert len(found) == len(rows) == len(set(found.values())), "one key per ID and per key"
    return found


def batch_keys(store: Store) -> dict[str, int]:
    rows = pq.read_table(store.feed_files("deaths"), partitioning=None).to_pylist()
    return {str(row["id_number"]): int(row["person_key"]) for row in rows}


def registry(tmp_path: Path, *ids: str) -> Path:
    folder = tmp_path / "registry"
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {"person_id": i, "id_number": id_number, "household_id": i}
        for i, id_number in enumerate(ids, start=1)
    ]
    pq.write_table(pa.Table.from_pylist(rows, PERSONS), folder / "persons.parquet")
    return folder


def persons_keys(folder: Path) -> dict[str, int]:
    rows = pq.read_table(folder / "persons.parquet").to_pylist()
    return {str(row["id_number"]): int(row["person_key"]) for row in rows}


def test_an_id_number_keeps_its_key_across_imports_and_the_registry(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    import_feed(store, "deaths", deaths(tmp_path, "a.csv", BOB, ALICE), OPTIONS)
    assert key_map(store) == {ALICE: 1, BOB: 2}  # in ID-number order within a file
    import_feed(store, "deaths", deaths(tmp_path, "b.csv", CAROL, BOB), OPTIONS)
    assert key_map(store) == {ALICE: 1, BOB: 2, CAROL: 3}
    assert batch_keys(store) == {ALICE: 1, BOB: 2, CAROL: 3}
    folder = registry(tmp_path, CAROL, "320302199007030312", ALICE)
    assert key_registry(store, folder) == 1
    assert persons_keys(folder) == {CAROL: 3, "320302199007030312": 4, ALICE: 1}
    check_registry(store, [folder / "persons.parquet"])  # keyed here: accepted


def test_a_registry_keyed_here_already_is_left_as_it_is(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    folder = registry(tmp_path, ALICE, BOB)
    key_registry(store, folder)
    written = (folder / "persons.parquet").stat().st_mtime_ns
    assert key_registry(store, folder) == 0
    assert (folder / "persons.parquet").stat().st_mtime_ns == written


def test_a_run_refuses_a_registry_not_keyed_or_keyed_by_another_store(tmp_path: Path) -> None:
    store, other = Store(tmp_path / "store"), Store(tmp_path / "other")
    folder = registry(tmp_path, ALICE, BOB)
    key_registry(store, registry(tmp_path / "mine", BOB))  # the store's table exists
    unkeyed = registry(tmp_path / "u", ALICE)
    with pytest.raises(NotKeyed, match="person_key"):
        check_registry(store, [unkeyed / "persons.parquet"])
    key_registry(other, folder)  # same IDs, same numbers, but another table's keys
    with pytest.raises(NotKeyed):
        check_registry(store, [folder / "persons.parquet"])


def test_a_refused_file_keys_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    bad = deaths(tmp_path, "bad.csv", ALICE, "11010519491231002Y")
    assert import_feed(store, "deaths", bad, OPTIONS).status == "rejected"
    assert not KeyTable(store).segments()


def test_an_import_killed_before_publishing_leaves_its_keys_and_the_retry_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    path = deaths(tmp_path, "a.csv", ALICE, BOB)

    def killed(staged: Path, final: Path) -> None:
        raise KeyboardInterrupt  # as a kill between keying and publishing would

    monkeypatch.setattr(importer, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        import_feed(store, "deaths", path, OPTIONS)
    assert not store.feed_files("deaths") and key_map(store) == {ALICE: 1, BOB: 2}
    monkeypatch.undo()
    assert import_feed(store, "deaths", path, OPTIONS).status == "imported"
    assert batch_keys(store) == {ALICE: 1, BOB: 2} and len(KeyTable(store).segments()) == 1


def test_many_segments_are_merged_and_keys_do_not_change(tmp_path: Path) -> None:
    store, table = Store(tmp_path / "store"), KeyTable(Store(tmp_path / "store"))
    con = duckdb.connect()
    with table.locked():
        for i in range(keys.MERGE_AT):
            table.assign(con, f"SELECT 'ID{i:03d}' AS id_number")
        before = key_map(store)
        assert len(table.segments()) == keys.MERGE_AT
        table.assign(con, "SELECT 'ID999' AS id_number")
    assert [p.name for p in table.segments()] == ["000000000001-000000000033.parquet"]
    assert key_map(store) == {**before, "ID999": 33}
    assert not [p for p in table.directory.glob("*.parquet") if p not in table.segments()]


def test_a_merge_killed_before_deleting_the_old_segments_duplicates_nothing(
    tmp_path: Path,
) -> None:
    store, table = Store(tmp_path / "store"), KeyTable(Store(tmp_path / "store"))
    con = duckdb.connect()
    with table.locked():
        table.assign(con, "SELECT 'A' AS id_number")
        table.assign(con, "SELECT 'B' AS id_number")
    old = table.segments()
    saved = [shutil.copy(p, tmp_path / p.name) for p in old]
    with table.locked():
        table.merge(con)
    for copy, path in zip(saved, old, strict=True):  # as if the deletes never happened
        shutil.copy(copy, path)
    assert len(table.segments()) == 1 and key_map(store) == {"A": 1, "B": 2}
    with table.locked():
        assert table.assign(con, "SELECT 'C' AS id_number UNION ALL SELECT 'A'") == 1
    assert key_map(store) == {"A": 1, "B": 2, "C": 3}


ASSIGNER = textwrap.dedent("""
    import sys, duckdb
    from pathlib import Path
    from minzheng.analytics.keys import KeyTable
    from minzheng.analytics.store import Store
    table, con = KeyTable(Store(Path(sys.argv[1]))), duckdb.connect()
    for start in range(0, 400, 40):
        with table.locked():
            table.assign(con, f"SELECT 'P' || lpad(CAST(i AS VARCHAR), 4, '0') AS id_number "
                              f"FROM range({start}, {start} + 60) AS r(i)")
""")


def test_processes_assigning_at_once_never_give_an_id_two_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    children = [
        subprocess.Popen([sys.executable, "-c", ASSIGNER, str(store.root)]) for _ in range(3)
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0, 0]
    found = key_map(store)  # asserts one key per ID and one ID per key
    assert sorted(found.values()) == list(range(1, 421))
    assert set(found) == {f"P{i:04d}" for i in range(420)}
