"""Departmental feed records whose ID number the registry does not hold (issue 16;
D0.1, D5.3: someone in hardship is not missed because a clerk mistyped a digit).

Before the monitoring run's rules, `resolve_feeds` reads, set-based in DuckDB, the
feed records whose person key is not a registry person's and keeps only those near
one (the same first 14 or last 12 characters of the ID number, or the same name):
only these are scored by the model (`matching.pipeline.score_between`). Exact
matches never enter this step: they meet the registry on their key as before.

- at or above the automatic threshold (and not strongly like two people), or
  confirmed "same person" by a reviewer: an alias, written into the snapshot
  (`analytics.tables.PERSON_ALIASES`); the run reads the feed's records as the
  person's, so the findings land on the person, and the lead shows the match;
- in the grey zone: a review pair (`MatchPair`, source feed) with the feed's record
  beside the registry's, never a lead on a guess; "different" is remembered.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import transaction

from minzheng.analytics.feeds.validation import literal
from minzheng.analytics.store import Store
from minzheng.analytics.tables import ALIASES_FILE, PERSON_ALIASES, registry_files
from minzheng.core.audit import audit_record
from minzheng.core.config import MissingSetting
from minzheng.core.models import AuditAction
from minzheng.identity.feedscan import feed_sources, near, records
from minzheng.identity.models import MatchPair, Source
from minzheng.identity.services import _evidence, thresholds
from minzheng.matching import params, pipeline
from minzheng.matching.features import features


@dataclass(frozen=True)
class Matched:
    """How a feed's record reached a registry person (shown on the lead)."""

    feed_id_number: str
    match_weight: float
    match_probability: float


@dataclass
class FeedResolution:
    unknown_numbers: int = 0  # distinct feed ID numbers the registry does not hold
    near: int = 0  # of those, near a registry person: scored by the model
    aliased: int = 0  # read as a registry person's (confident, or confirmed)
    review: int = 0  # new grey-zone pairs in the review queue
    seconds: float = 0.0
    matched: dict[str, Matched] = field(default_factory=dict)  # registry ID number → match


def _write_aliases(registry: Path, rows: list[dict[str, Any]]) -> None:
    path = registry / ALIASES_FILE
    staged = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=PERSON_ALIASES), staged)
    staged.replace(path)


def resolve_feeds(
    store_root: Path, registry: Path, *, today: dt.date, threads: int | None = 2
) -> FeedResolution:
    """Match the feeds' unknown ID numbers against the registry snapshot (keyed) and
    write `person_aliases.parquet` beside it. Nothing is matched until identity's
    thresholds are configured."""
    started = time.perf_counter()
    result = FeedResolution()
    try:
        limits = thresholds(today)
    except MissingSetting:
        return result
    sources = feed_sources(Store(store_root))
    if sources is None:
        return result
    persons = ", ".join(literal(str(p)) for p in registry_files(registry, "persons"))
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    try:
        result.unknown_numbers, incoming, nearby = near(con, sources, persons)
    finally:
        con.close()
    result.near = incoming.num_rows
    aliases: list[dict[str, Any]] = []
    new_pairs: list[MatchPair] = []
    if incoming.num_rows and nearby.num_rows:
        version, trained = params.latest()
        pairs = pipeline.score_between(
            features(records(incoming, "feed_key")),
            features(records(nearby, "person_key")),
            trained,
            threshold=limits.review,
            threads=threads,
        )
        decision = pipeline.decide(pairs, automatic=limits.automatic, review=limits.review)
        confident = {(a, b) for a, b, _ in decision.links}
        feed_rows = {r["feed_key"]: r for r in incoming.to_pylist()}
        people = {r["person_key"]: r for r in nearby.to_pylist()}
        decided = _decided({feed_rows[k]["id_number"] for k in feed_rows})
        best: dict[int, dict[str, Any]] = {}
        for row in sorted(pairs.to_pylist(), key=lambda r: -r["match_probability"]):
            feed_row, person = feed_rows[row["id_l"]], people[row["id_r"]]
            verdict = decided.get((person["person_id"], feed_row["id_number"]))
            if verdict == "different" or row["id_l"] in best:
                continue
            if verdict == "same" or (row["id_l"], row["id_r"]) in confident:
                best[row["id_l"]] = {"row": row, "feed": feed_row, "person": person}
            elif verdict is None:
                new_pairs.append(_pair(row, feed_row, person, version))
        for found in best.values():
            row, feed_row, person = found["row"], found["feed"], found["person"]
            aliases.append(
                {
                    "feed_key": row["id_l"],
                    "person_key": row["id_r"],
                    "feed_id_number": feed_row["id_number"],
                    "id_number": person["id_number"],
                    "match_weight": row["match_weight"],
                    "match_probability": row["match_probability"],
                    "feeds": list(feed_row["feed_codes"] or []),
                }
            )
            result.matched.setdefault(
                person["id_number"],
                Matched(feed_row["id_number"], row["match_weight"], row["match_probability"]),
            )
    _write_aliases(registry, aliases)
    result.aliased = len(aliases)
    result.review = _queue(new_pairs)
    result.seconds = time.perf_counter() - started
    return result


def _decided(numbers: set[str]) -> dict[tuple[int, str], str]:
    """Feed records already put to review: (person id, feed ID number) → pending, same
    or different (a pending pair is not asked again; it does not link either)."""
    rows = MatchPair.objects.filter(
        source=Source.FEED, person_b__isnull=True, incoming_id_number__in=numbers
    )
    return {
        (a, n): s if s in {"pending", "different"} else "same"
        for a, n, s in rows.values_list("person_a_id", "incoming_id_number", "status")
    }


def _pair(
    row: dict[str, Any], feed_row: dict[str, Any], person: dict[str, Any], version: str
) -> MatchPair:
    return MatchPair(
        status="pending",
        person_a_id=person["person_id"],
        person_b=None,
        incoming_id_number=feed_row["id_number"],
        incoming={
            "id_number": feed_row["id_number"],
            "name": feed_row["name"] or "",
            "feeds": list(feed_row["feeds"] or []),
        },
        area_id=person["area_code"],
        probability=row["match_probability"],
        match_weight=row["match_weight"],
        evidence=_evidence(row),
        model_version=version,
        source=Source.FEED,
    )


def _queue(pairs: list[MatchPair]) -> int:
    """New grey-zone pairs into the review queue; a pair already there is left alone."""
    if not pairs:
        return 0
    with transaction.atomic():
        MatchPair.objects.bulk_create(pairs, batch_size=1000)
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="identity.matchpair",
            summary=f"部门数据身份匹配：疑似匹配待复核{len(pairs)}条",
        )
    return len(pairs)
