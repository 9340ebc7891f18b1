"""Demo data of the warning domain: synthetic departmental feeds for the synthetic city
and one monitoring run, so that the demo's caseworker finds leads to verify."""

from __future__ import annotations

import tempfile
from pathlib import Path

from minzheng.analytics.cli import last_month
from minzheng.analytics.feeds.synthetic import write_feeds
from minzheng.analytics.store import Store
from minzheng.synth.parquet import write_city
from minzheng.warning.models import Lead
from minzheng.warning.pipeline import store_root, warning_run
from minzheng.warning.settings_specs import seed_example_settings


def seed_demo(*, seed: int, residents: int, **_: object) -> str:
    seed_example_settings()
    if Lead.objects.exists():
        return ""
    period = last_month()
    with tempfile.TemporaryDirectory() as tmp:
        # The same seed and size give the same people as the demo database.
        write_city(Path(tmp), seed=seed, residents=residents, progress=False)
        write_feeds(Store(store_root()), Path(tmp), period=period, seed=seed)
    result = warning_run(period=period)
    return (
        f"演示预警比对（{period}）：发现{result.outcome.manifest['findings']}条，"
        f"新增线索{result.ingest.created}条"
    )
