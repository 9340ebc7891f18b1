"""What the leaders' dashboard costs for a 9 M city (issue 15 item 2; docs/dashboards.md).

    nice -n 10 .venv/bin/python bench/bench_dashboard.py \
        [--database-url URL | --sqlite PATH] [--views 40] [--seed 7] [--no-fill]

Fills the dashboard's precomputed tables for the synthetic city's division tree
(`minzheng.synth.population.City`: 10 counties, their townships, 2,720 communities;
no people are loaded, the dashboard never reads them): the population per community
(`AreaFigures`, about 9 M residents in all), every declared monthly series for 12
months (`AreaMonthFigure`) and every domain panel's numbers (`AreaPanelFigure`). The
values are random, one per community (and category), added up the tree by core's own
refresh functions: each declared series' and panel's `compute` is swapped for one
that yields those values, so the rollup and the writes are the nightly task's.

Then the dashboard view, through Django's test client, as the nightly job leaves it:
the leader at city level, a county approver at county level, a township reviewer at
township level and the same reviewer at one of its communities (`?area=`). Per level:
wall-clock p50/p95, this process's CPU p50/p95, SQL time p50 and the statement count.
The database is created (and migrated) when missing; its dashboard tables are
replaced on each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from machine import Machine  # bench/ is on sys.path when run as a script
from pg_city import ensure_database

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/mz_dash_bench"
CATEGORIES = ("dibao", "extreme_poverty", "orphan")  # per categorised series/panel key


def _setup(url: str) -> None:
    if url.startswith("postgres"):
        ensure_database(url)
    os.environ["MINZHENG_DATABASE_URL"] = url
    os.environ.setdefault("MINZHENG_DEMO", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "minzheng.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _divisions(seed: int) -> list[str]:
    """The synthetic city's division tree (the reference counties and townships, the
    generated communities); returns the community codes."""
    from minzheng.core.places import areas_upsert, load_xuzhou_reference
    from minzheng.demo.city import community_rows
    from minzheng.synth.population import City

    city = City(seed)
    load_xuzhou_reference()
    areas_upsert(community_rows(city.communities))
    return [c.code for c in city.communities]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _panel_keys() -> dict[str, list[str]]:
    """Each panel's stored keys, found by showing it once with a recorder (the keys a
    panel reads are those it stores); a prefix read with `under` gets CATEGORIES."""
    from minzheng.core.extensions import PanelValues, dashboard_panels

    class Recorder(PanelValues):
        seen: set[str]

        def __getitem__(self, key: str) -> Decimal:
            self.seen.add(key)
            return Decimal(0)

        def under(self, prefix: str) -> dict[str, Decimal]:
            self.seen.update(prefix + c for c in CATEGORIES)
            return {}

    keys: dict[str, list[str]] = {}
    for panel in dashboard_panels():
        recorder = Recorder("320300", "3203", dt.date.today(), {})
        recorder.seen = set()
        panel.show(recorder)
        keys[panel.key] = sorted(recorder.seen)
    return keys


def _fill(communities: list[str], rng: random.Random) -> dict[str, float]:
    """The three tables, through core's refresh functions with synthetic computes."""
    from django.utils import timezone

    from minzheng.core import extensions
    from minzheng.core.figures import TREND_MONTHS, area_month_figures_refresh, months_back
    from minzheng.core.models import AreaFigures
    from minzheng.core.panel_figures import area_panel_figures_refresh

    today = timezone.localdate()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    now = timezone.now()
    AreaFigures.objects.all().delete()
    AreaFigures.objects.bulk_create(
        (
            AreaFigures(
                area_id=c,
                as_of=today,
                residents=rng.randint(1_500, 5_100),  # ~9 M over 2,720 communities
                disabled=rng.randint(40, 200),
                computed_at=now,
            )
            for c in communities
        ),
        batch_size=2_000,
    )
    timings["population_s"] = time.perf_counter() - started

    def series_values(categorised: bool) -> Any:
        def compute(first: dt.date, last: dt.date) -> Iterator[tuple[str, dt.date, str, Decimal]]:
            for month in months_back(last, TREND_MONTHS):
                for c in communities:
                    for cat in CATEGORIES if categorised else ("",):
                        yield c, month, cat, Decimal(rng.randint(0, 400))

        return compute

    original_series = dict(extensions._SERIES)
    original_panels = dict(extensions._PANELS)
    try:
        for key, s in original_series.items():
            extensions._SERIES[key] = s.__class__(
                **{**s.__dict__, "compute": series_values(bool(s.categories))}
            )
        for key, keys in _panel_keys().items():
            p = original_panels[key]

            def compute(
                day: dt.date, at: dt.datetime, keys: list[str] = keys
            ) -> Iterator[tuple[str, str, Decimal]]:
                for c in communities:
                    for k in keys:
                        yield c, k, Decimal(rng.randint(0, 300))

            extensions._PANELS[key] = p.__class__(p.key, p.title, compute, p.show)
        months = months_back(today, TREND_MONTHS)
        started = time.perf_counter()
        timings["month_rows"] = area_month_figures_refresh(first=months[0], last=months[-1])
        timings["months_s"] = time.perf_counter() - started
        started = time.perf_counter()
        timings["panel_rows"] = area_panel_figures_refresh()
        timings["panels_s"] = time.perf_counter() - started
    finally:
        extensions._SERIES.clear()
        extensions._SERIES.update(original_series)
        extensions._PANELS.clear()
        extensions._PANELS.update(original_panels)
    return timings


def _viewers(communities: list[str]) -> list[tuple[str, Any, str]]:
    """(level, logged-in client, ?area=) for the four levels."""
    from django.test import Client

    from minzheng.core.models import Area, User

    county = Area.objects.get(code=communities[0][:6])
    township = Area.objects.get(code=communities[0][:9])
    out = []
    for level, username, role, area, ask in (
        ("city", "bench_leader", "leader", "320300", ""),
        ("county", "bench_county", "county_approver", county.code, ""),
        ("township", "bench_township", "township_reviewer", township.code, ""),
        ("community", "bench_township", "township_reviewer", township.code, communities[0]),
    ):
        user, _ = User.objects.update_or_create(
            username=username, defaults={"role": role, "area_id": area, "display_name": username}
        )
        client = Client()
        client.force_login(user)
        out.append((level, client, ask))
    return out


def _time_views(viewers: list[tuple[str, Any, str]], views: int) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lines = [
        f"{'level':<11}{'p50 ms':>8}{'p95 ms':>8}{'CPU p50':>9}{'CPU p95':>9}"
        f"{'SQL p50':>9}{'SQL p95':>9}{'queries':>9}"
    ]
    for level, client, area in viewers:
        wall, cpu, sql, counts = [], [], [], set()
        params = {"area": area} if area else {}
        for i in range(views + 3):
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get("/dashboard/", params)
                elapsed = time.perf_counter() - started
                cpu_used = time.process_time() - cpu_started
            assert response.status_code == 200, (level, response.status_code)
            if i < 3:
                continue  # warm-up: session, caches, the map's first serialisation
            wall.append(elapsed * 1000)
            cpu.append(cpu_used * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.add(len(queries.captured_queries))
        lines.append(
            f"{level:<11}{statistics.median(wall):>8.1f}{_p95(wall):>8.1f}"
            f"{statistics.median(cpu):>9.1f}{_p95(cpu):>9.1f}{statistics.median(sql):>9.1f}"
            f"{_p95(sql):>9.1f}{'/'.join(str(c) for c in sorted(counts)):>9}"
        )
        print(lines[-1], flush=True)
    return lines


def run(views: int, seed: int, fill: bool = True) -> int:
    from django.db import connection, transaction

    rng = random.Random(seed)
    with transaction.atomic():
        communities = _divisions(seed)
    print(f"{connection.vendor}: {len(communities):,} communities", flush=True)
    if not fill:
        _time_views(_viewers(communities), views)
        return 0
    timings = _fill(communities, rng)
    print(
        f"population {timings['population_s']:.1f} s; monthly series "
        f"{timings['month_rows']:,} rows in {timings['months_s']:.1f} s; panels "
        f"{timings['panel_rows']:,} rows in {timings['panels_s']:.1f} s "
        "(rollup and writes, the domains' queries not included)",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("core_areafigures", "core_areamonthfigure", "core_areapanelfigure"):
                cursor.execute(f"ANALYZE {table}")
    _time_views(_viewers(communities), views)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--sqlite", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-fill", action="store_true", help="time the views on the tables already filled"
    )
    args = parser.parse_args(argv)
    _setup(f"sqlite:///{os.path.abspath(args.sqlite)}" if args.sqlite else args.database_url)
    print(f"load average at the start: {os.getloadavg()}", flush=True)
    with Machine() as machine:
        code = run(args.views, args.seed, fill=not args.no_fill)
    print(machine.report())
    return code


if __name__ == "__main__":
    sys.exit(main())
