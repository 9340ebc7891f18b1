"""The same saved model scores the same on Spark as on DuckDB (issue 16: "Splink on
DuckDB, Spark for province scale — the same model"; D0.1 one person, one record).

A hand-made set of 28 records: 24 registry people and 4 second records of them, each
with one of the errors of docs/identity.md — a homophone in the given name, one
digit of the ID number mistyped with its check character recomputed (still valid),
the old 15-digit number, the name in traditional characters. Among the 24 are clear
non-matches that the blocking rules still compare: a namesake (same name, sex,
county and decade of birth, another ID number and address) and a father at his
son's door (same surname and door). The expected pairs above the example thresholds
(0.99 automatic, 0.5 review: identity/settings.yaml) are written by hand; the test
then asks that Spark agree with DuckDB pair for pair.
"""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minzheng.analytics.engines.spark_engine import spark_available
from minzheng.matching import params, pipeline, spark
from minzheng.matching.features import RECORDS, features
from tests.components import missing_component

GULOU = "徐州市鼓楼区黄楼街道和平社区解放路"
YUNLONG = "徐州市云龙区彭城街道民主社区建国路"
QUANSHAN = "徐州市泉山区湖滨街道永安社区中山路"
XINYI = "新沂市新安街道合沟村3组"

# (record id, ID number, name, address, phone)
REGISTRY = [
    (1, "320302196503120030", "王建国", GULOU + "12号", "13912345678"),
    (2, "320303197207210040", "张丽", YUNLONG + "5号", "13800001111"),
    (3, "11010519491231002X", "李秀英", QUANSHAN + "88号2-1-302", None),  # D0.1's example
    (4, "320381195402030029", "陈丽华", XINYI + "15号", "13700002222"),
    (5, "320302194501010015", "王志强", GULOU + "12号", None),  # 1's father, same door
    (6, "320302199006150072", "刘洋", YUNLONG + "9号", "13600003333"),
    (7, "32030219920817008X", "赵敏", GULOU + "30号", None),
    (8, "320303196011300031", "孙强", YUNLONG + "17号", "13500004444"),
    (9, "320303198705090058", "周杰", QUANSHAN + "2号", None),
    (10, "320311199912120066", "吴芳", QUANSHAN + "41号", "13400005555"),
    (11, "32030219580909001X", "郑凯", GULOU + "7号", None),
    (12, "32030219850420004X", "冯静", GULOU + "19号", "13300006666"),
    (13, "320322197707070039", "陈刚", YUNLONG + "23号", None),
    (14, "320303199303030022", "何丽", YUNLONG + "11号", "13200007777"),
    (15, "320381198206100097", "高磊", XINYI + "4号", None),
    (16, "320322198811050016", "张伟", YUNLONG + "60号", "13100008888"),
    (17, "320302196811230012", "王建国", GULOU + "99号", None),  # 1's namesake
    (18, "320303199102110034", "李娜", YUNLONG + "3号", None),
    (19, "320311198306060070", "黄勇", QUANSHAN + "15号", "15900001234"),
    (20, "320322197009090059", "林晓", YUNLONG + "8号", None),
    (21, "320302199510100023", "徐明", GULOU + "40号", "15800002345"),
    (22, "320381196611110097", "马丽", XINYI + "9号", None),
    (23, "32030319790314004X", "朱军", YUNLONG + "14号", "15700003456"),
    (24, "320311198808080012", "胡静", QUANSHAN + "6号", None),
]
SECOND = [
    (101, "320302196503120030", "王健国", GULOU + "12号", None),  # homophone 健 for 建
    (102, "320303197207210243", "张丽", YUNLONG + "5号", "13800001111"),  # 16th digit 0→2
    (103, "110105491231002", "李秀英", QUANSHAN + "88号2-1-302", None),  # 15 digits
    (104, "320381195402030029", "陳麗華", XINYI + "15号", "13700002222"),  # traditional
]
SAME_PERSON = {(1, 101), (2, 102), (3, 103), (4, 104)}
AUTOMATIC, REVIEW = 0.99, 0.5  # identity.threshold.* examples


KEYS = ("record_id", "id_number", "name", "address", "phone")


def _records(rows: list[tuple]) -> pa.Table:
    return pa.Table.from_pylist([dict(zip(KEYS, r, strict=True)) for r in rows], schema=RECORDS)


def _table(rows: list[tuple]) -> pa.Table:
    return features(_records(rows))


def _by_pair(pairs: pa.Table) -> dict[tuple[int, int], dict]:
    return {(min(r["id_l"], r["id_r"]), max(r["id_l"], r["id_r"])): r for r in pairs.to_pylist()}


def _above(pairs: dict[tuple[int, int], dict], threshold: float) -> set[tuple[int, int]]:
    return {k for k, r in pairs.items() if r["match_probability"] >= threshold}


@pytest.fixture(scope="module")
def spark_session():
    reason = spark_available()
    if reason:
        missing_component(f"Spark 测试无法运行 (Spark tests cannot run): {reason}")
    return spark.session(cores=1)


@pytest.fixture(scope="module")
def both(spark_session):
    """The registry with the second records against itself, on each engine, every
    compared pair (threshold 0)."""
    _, trained = params.latest()
    table = _table(REGISTRY + SECOND)
    on_duckdb = pipeline.score(table, trained, threshold=0.0, threads=1)
    on_spark = pipeline.score(
        table, trained, threshold=0.0, engine="spark", spark_session=spark_session
    )
    return _by_pair(on_duckdb), _by_pair(on_spark)


@pytest.mark.spark
def test_the_expected_pairs_are_found_on_duckdb(both):
    on_duckdb, _ = both
    assert _above(on_duckdb, AUTOMATIC) == SAME_PERSON
    assert _above(on_duckdb, REVIEW) == SAME_PERSON
    assert (1, 17) in on_duckdb and (1, 5) in on_duckdb  # compared, and far below


@pytest.mark.spark
def test_spark_scores_every_pair_as_duckdb_does(both):
    on_duckdb, on_spark = both
    assert on_spark.keys() == on_duckdb.keys()
    for pair, expected in on_duckdb.items():
        for column in ("match_weight", *(f"mw_{n}" for n in pipeline.COMPARISON_NAMES)):
            assert on_spark[pair][column] == pytest.approx(expected[column], abs=1e-9), (
                pair,
                column,
            )
        assert on_spark[pair]["match_probability"] == pytest.approx(
            expected["match_probability"], abs=1e-9
        )
    assert _above(on_spark, AUTOMATIC) == SAME_PERSON
    assert _above(on_spark, REVIEW) == SAME_PERSON


@pytest.mark.spark
def test_incoming_records_against_the_registry_on_spark(spark_session):
    """score_between (a feed or a roll against the registry): the incoming record on the
    left on both engines, the same pairs above each threshold."""
    _, trained = params.latest()
    incoming, registry = _table(SECOND), _table(REGISTRY)
    on_duckdb = pipeline.score_between(incoming, registry, trained, threshold=REVIEW, threads=1)
    on_spark = pipeline.score_between(
        incoming, registry, trained, threshold=REVIEW, engine="spark", spark_session=spark_session
    )
    expected = {(second, first) for first, second in SAME_PERSON}
    for pairs in (on_duckdb, on_spark):
        assert set(zip(pairs["id_l"].to_pylist(), pairs["id_r"].to_pylist(), strict=True)) == (
            expected
        )


def test_the_saved_model_is_translated_for_spark_without_changing_its_parameters():
    """Only the dialect and the function names change (jaro_winkler_similarity is the
    jar's jaro_winkler); m, u and the prior are the saved ones."""
    _, trained = params.latest()
    translated = spark.for_spark(trained)
    assert translated["sql_dialect"] == "spark"
    assert (
        translated["probability_two_random_records_match"]
        == (trained["probability_two_random_records_match"])
    )
    (name,) = [c for c in translated["comparisons"] if c["output_column_name"] == "name"]
    close = name["comparison_levels"][3]
    assert close["sql_condition"] == (
        "surname_py_l = surname_py_r AND jaro_winkler(given_py_l, given_py_r) >= 0.85"
    )
    saved = next(c for c in trained["comparisons"] if c["output_column_name"] == "name")
    assert close["m_probability"] == saved["comparison_levels"][3]["m_probability"]


def test_a_function_not_known_on_spark_is_refused_by_name():
    _, trained = params.latest()
    changed = spark.for_spark(trained)  # a copy: the saved model is not touched
    level = changed["comparisons"][0]["comparison_levels"][1]
    level["sql_condition"] = "levenshtein(a_l, a_r) < 2"
    with pytest.raises(spark.UnknownFunction, match="levenshtein"):
        spark.for_spark(changed)


def _write(rows: list[tuple], path) -> str:
    pq.write_table(_records(rows), path)
    return str(path)


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_the_command_scores_a_file_with_the_saved_model(engine, tmp_path):
    """`python -m minzheng.matching score … --engine spark`: the province-scale entry
    (its own process, as an operator runs it)."""
    if engine == "spark" and (reason := spark_available()):
        missing_component(f"Spark 测试无法运行 (Spark tests cannot run): {reason}")
    out = tmp_path / "pairs.parquet"
    command = [
        sys.executable,
        "-m",
        "minzheng.matching",
        "score",
        _write(SECOND, tmp_path / "second.parquet"),
        "--against",
        _write(REGISTRY, tmp_path / "registry.parquet"),
        "--threshold",
        str(REVIEW),
        "--out",
        str(out),
        "--engine",
        engine,
        "--cores",
        "1",
        "--driver-memory",
        "1g",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    version, _ = params.latest()
    assert f"模型版本 {version}（{engine}）：4 对记录" in result.stdout
    pairs = pq.read_table(out)
    found = set(zip(pairs["id_l"].to_pylist(), pairs["id_r"].to_pylist(), strict=True))
    assert found == {(second, first) for first, second in SAME_PERSON}
