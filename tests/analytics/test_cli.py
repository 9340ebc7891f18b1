"""The Django-free command line: import, rules, run, history."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from minzheng.analytics.cli import last_month, main
from minzheng.synth.parquet import write_city
from tests.analytics.conftest import TINY_PERIOD


def test_rules_lists_every_rule_with_its_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--engine", "spark"]) == 0
    out = capsys.readouterr().out
    assert "W001 [high] 单次住院个人自付费用过高" in out
    assert (
        "$monitored_threshold = 6000.00  (warning.medical.out_of_pocket_threshold.monitored)"
        in out
    )


def test_import_exits_non_zero_when_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "id_number,record_id,death_date,source\n11010519491231002X,R1,2024-06-03,health\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id_number,record_id,death_date,source\n110105194912310021,R1,2024-06-03,health\n"
    )
    store = str(tmp_path / "store")
    assert main(["import", "--store", store, "--feed", "deaths", str(good)]) == 0
    assert main(["import", "--store", store, "--feed", "deaths", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "导入1行" in out and "整个文件未导入" in out


def test_run_then_history_then_a_conflicting_rerun(
    tiny_city: Path, tiny_feeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(shutil.copytree(tiny_feeds, tmp_path / "store"))
    args = ["run", "--store", store, "--registry", str(tiny_city), "--period", TINY_PERIOD]
    assert main([*args, "--run-id", "n1", "--no-progress"]) == 0
    assert "运行 n1 已发布" in capsys.readouterr().out
    assert main(["history", "--store", store]) == 0
    assert capsys.readouterr().out.startswith(f"n1 {TINY_PERIOD} duckdb")
    params = tmp_path / "params.yaml"
    params.write_text("warning.medical.out_of_pocket_threshold.monitored: '5000.00'\n")
    assert main([*args, "--run-id", "n1", "--params", str(params), "--no-progress"]) == 2
    assert "错误：运行 n1 已发布" in capsys.readouterr().err


def test_a_registry_is_keyed_before_a_run_reads_it(
    tiny_feeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(shutil.copytree(tiny_feeds, tmp_path / "store"))
    registry = tmp_path / "registry"
    write_city(registry, seed=7, residents=4_000, chunk_size=2_000, progress=False)
    args = ["run", "--store", store, "--registry", str(registry), "--period", TINY_PERIOD]
    assert main([*args, "--no-progress"]) == 2
    assert "person_key" in capsys.readouterr().err
    assert main(["keys", "--store", store, "--registry", str(registry)]) == 0
    assert "新分配 0 个" in capsys.readouterr().out  # the same people as the feeds' city
    assert main([*args, "--no-progress"]) == 0


def test_the_default_period_is_the_last_complete_month() -> None:
    assert last_month(dt.date(2025, 1, 15)) == "2024-12"
    assert last_month(dt.date(2024, 7, 1)) == "2024-06"
