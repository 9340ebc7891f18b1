"""The nightly monitoring run (D5.3): snapshot the registry, run every warning rule on
the analytic engine, and turn the published findings into leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
from django.conf import settings
from django.utils import timezone

from minzheng.analytics.cli import make_engine
from minzheng.analytics.keys import key_registry
from minzheng.analytics.params import month_period
from minzheng.analytics.rulefile import config_types, load_rules
from minzheng.analytics.runner import RunOutcome, RunRequest, run
from minzheng.analytics.store import Store
from minzheng.core.config import values
from minzheng.core.models import Area, AreaLevel
from minzheng.identity.feeds import FeedResolution, resolve_feeds
from minzheng.warning.services import IngestResult, leads_ingest
from minzheng.warning.snapshot import registry_snapshot


def analytics_root() -> Path:
    return Path(settings.VAR_DIR) / "analytics"


def store_root() -> Path:
    return analytics_root() / "store"


@dataclass(frozen=True)
class WarningRun:
    outcome: RunOutcome
    snapshot_rows: dict[str, int]
    ingest: IngestResult
    identity: FeedResolution  # feed records matched to registry people (issue 16)


def configured_overrides(on: dt.date) -> dict[str, str]:
    """The city's settings in force on `on` for every rule parameter (by its config key);
    a key the bureau has not configured keeps the rule's documented default. Settings of
    a county or smaller area travel in the snapshot (`area_settings`), where the rules
    take the most specific one."""
    city = Area.objects.filter(level=AreaLevel.CITY).order_by("code").first()
    return values(config_types(load_rules(engines=("duckdb",))), area=city, on=on)


def _findings(outcome: RunOutcome) -> list[dict[str, object]]:
    titles = {r["id"]: r["title_zh"] for r in outcome.manifest.get("rules", [])}
    table = pq.read_table(outcome.path / "findings.parquet")
    return [
        {**row, "rule_title": titles.get(str(row["rule_id"]), row["rule_id"])}
        for row in table.to_pylist()
    ]


def warning_run(
    *,
    period: str,
    run_id: str | None = None,
    engine: str = "duckdb",
    progress: bool = False,
    today: dt.date | None = None,
    match: bool = True,
) -> WarningRun:
    """One monitoring run for a month `YYYY-MM`. The analytic run is atomic and
    idempotent (same run id, same inputs: nothing changes); ingesting is idempotent
    too, so a re-run never opens a second lead for the same person, rule and period."""
    today = today or timezone.localdate()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    registry = analytics_root() / "registry" / f"{period}-{stamp}"
    rows = registry_snapshot(registry, on=today)
    key_registry(Store(store_root()), registry)  # the feeds' keys, for the same people
    # feed records whose ID number the registry does not hold, matched by identity
    # resolution: confident ones read as the person's (person_aliases), the grey zone
    # to review (docs/identity.md)
    identity = resolve_feeds(store_root(), registry, today=today) if match else FeedResolution()
    _, period_end = month_period(period)
    request = RunRequest(
        store=store_root(),
        registry=registry,
        period=period,
        run_id=run_id,
        engine=engine,
        progress=progress,
        overrides=configured_overrides(period_end - dt.timedelta(days=1)),
    )
    outcome = run(request, make_engine(engine, store_root(), None))
    ingest = leads_ingest(findings=_findings(outcome), today=today, matched=identity.matched)
    return WarningRun(outcome, rows, ingest, identity)
