"""Train, score and decide: Splink over the feature tables (`features.py`), on DuckDB,
or for scoring at province scale on Spark with the same saved model (`spark.py`).

- `train(features)` learns the model from the data itself (u from random pairs,
  the prior from the pairs with the same ID number, m by EM over `TRAINING_RULES`);
- `score(features, model)` compares the registry against itself,
  `score_between(new, registry, model)` incoming records against the registry; both
  on DuckDB (`engine="duckdb"`, the default) or Spark (`engine="spark"`);
- `decide(pairs, automatic, review)` sorts the scored pairs: links above the
  automatic threshold, the grey zone to review, and every cluster that would chain
  two records together only through a weak link to review as a whole (D5.3: nobody
  helped twice, nobody merged by accident).
"""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from minzheng.matching import model as fs_model

COMPARISON_NAMES = tuple(c["output_column_name"] for c in fs_model.COMPARISONS)
PAIRS = pa.schema(
    [
        ("id_l", pa.int64()),
        ("id_r", pa.int64()),
        ("match_weight", pa.float64()),
        ("match_probability", pa.float64()),
        *[(f"mw_{n}", pa.float64()) for n in COMPARISON_NAMES],  # evidence per field
    ]
)


def _connection(threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    return con


ENGINES = ("duckdb", "spark")
INPUT_PREFIX = "records_"  # the views of the compared tables: records_<i>_<run>


@contextmanager
def _api(engine: str, threads: int | None, spark_session: Any = None) -> Iterator[Any]:
    """Splink's backend for `engine`. On Spark, `threads` is the local session's cores;
    a session passed in (or already running in this process) is used, not stopped."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    if engine == "duckdb":
        from splink import DuckDBAPI

        con = _connection(threads)
        try:
            yield DuckDBAPI(connection=con)
        finally:
            con.close()
    elif engine == "spark":
        from minzheng.matching import spark

        session = spark_session or spark.session(cores=threads)
        try:
            yield spark.api(session)
        finally:
            spark.release(session, ("__splink__", INPUT_PREFIX))
    else:
        raise ValueError(f"unknown engine {engine!r}; one of {ENGINES}")


def _linker(tables: list[pa.Table], settings: dict[str, Any], api: Any) -> Any:
    from splink import Linker

    if api.sql_dialect.sql_dialect_str == "spark":
        from minzheng.matching.spark import for_spark

        settings = for_spark(settings)
    # a name of its own per run: a Spark session keeps its views between runs
    run = uuid.uuid4().hex[:8]
    frames = [
        api.register(t, dataset_display_name=f"{INPUT_PREFIX}{i}_{run}")
        for i, t in enumerate(tables)
    ]
    return Linker(frames if len(frames) > 1 else frames[0], copy.deepcopy(settings))


def train(
    features: pa.Table,
    *,
    seed: int = 16,
    max_pairs: float = 2e6,
    em_sample: float = 1.0,
    threads: int | None = None,
) -> dict[str, Any]:
    """A trained model (Splink's settings with m, u and the prior) from `features`."""
    from splink import block_on  # noqa: F401  (imported for its side effect of loading)

    with _api("duckdb", threads) as api:
        return _train(_linker([features], fs_model.settings(), api), seed, max_pairs, em_sample)


def _train(linker: Any, seed: int, max_pairs: float, em_sample: float) -> dict[str, Any]:
    linker.training.estimate_probability_two_random_records_match(["l.id18 = r.id18"], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for rule in fs_model.TRAINING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            estimate_without_term_frequencies=True,
            record_sample_proportion=em_sample,
        )
    trained: dict[str, Any] = linker.misc.save_model_to_json(None)
    return trained


def _pairs(frame: Any) -> pa.Table:
    table = frame.as_pyarrow_table() if hasattr(frame, "as_pyarrow_table") else frame
    columns = {
        "id_l": table.column("unique_id_l"),
        "id_r": table.column("unique_id_r"),
        "match_weight": table.column("match_weight"),
        "match_probability": table.column("match_probability"),
    }
    for n in COMPARISON_NAMES:
        columns[f"mw_{n}"] = table.column(f"mw_{n}")
    return pa.table(columns).cast(PAIRS)


def score(
    features: pa.Table,
    trained: dict[str, Any],
    *,
    threshold: float = 0.5,
    threads: int | None = None,
    engine: str = "duckdb",
    spark_session: Any = None,
) -> pa.Table:
    """Scored pairs of the registry against itself with probability ≥ `threshold`."""
    settings = copy.deepcopy(trained)
    settings["retain_matching_columns"] = False
    settings["retain_intermediate_calculation_columns"] = True  # mw_*: evidence per field
    with _api(engine, threads, spark_session) as api:
        linker = _linker([features], settings, api)
        return _predict(linker, threshold)


def _predict(linker: Any, threshold: float) -> pa.Table:
    frame = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    return _pairs(frame)


def score_between(
    incoming: pa.Table,
    registry: pa.Table,
    trained: dict[str, Any],
    *,
    threshold: float = 0.5,
    threads: int | None = None,
    engine: str = "duckdb",
    spark_session: Any = None,
) -> pa.Table:
    """Scored pairs (incoming record `id_l`, registry record `id_r`) with probability ≥
    `threshold`: a feed batch, a roll or one new registration against the registry."""
    settings = copy.deepcopy(trained)
    settings["link_type"] = "link_only"
    settings["retain_intermediate_calculation_columns"] = True
    with _api(engine, threads, spark_session) as api:
        found = _predict(_linker([incoming, registry], settings, api), threshold)
    # Splink orders a pair by its own key; put the incoming record on the left.
    swap = pc.invert(pc.is_in(found.column("id_l"), value_set=incoming.column("unique_id")))
    id_l = pc.if_else(swap, found.column("id_r"), found.column("id_l"))
    id_r = pc.if_else(swap, found.column("id_l"), found.column("id_r"))
    return found.set_column(0, "id_l", id_l).set_column(1, "id_r", id_r)


@dataclass
class Decision:
    links: list[tuple[int, int, float]] = field(default_factory=list)
    review: list[tuple[int, int, float]] = field(default_factory=list)
    # clusters held back because a chain of links would join records whose own pair is
    # weak or unscored; every pair inside goes to review instead of linking
    weak_clusters: list[list[int]] = field(default_factory=list)


def _components(edges: list[tuple[int, int, float]]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return [sorted(g) for g in groups.values()]


def decide(pairs: pa.Table, *, automatic: float, review: float) -> Decision:
    """Sort scored pairs into automatic links and review (thresholds are settings:
    identity.threshold.automatic / identity.threshold.review)."""
    ids_l = pairs.column("id_l").to_pylist()
    ids_r = pairs.column("id_r").to_pylist()
    probs = pairs.column("match_probability").to_pylist()
    strong: list[tuple[int, int, float]] = []
    grey: list[tuple[int, int, float]] = []
    for a, b, p in zip(ids_l, ids_r, probs, strict=True):
        if p >= automatic:
            strong.append((a, b, p))
        elif p >= review:
            grey.append((a, b, p))
    decision = Decision(review=list(grey))
    strong_keys = {(min(a, b), max(a, b)) for a, b, _ in strong}
    held: set[int] = set()
    for cluster in _components(strong):
        if len(cluster) <= 2:
            continue
        # A cluster links automatically only when every pair in it is itself strong.
        complete = all(
            (x, y) in strong_keys for i, x in enumerate(cluster) for y in cluster[i + 1 :]
        )
        if not complete:
            decision.weak_clusters.append(cluster)
            held.update(cluster)
    for a, b, p in strong:
        (decision.review if a in held else decision.links).append((a, b, p))
    return decision
