"""Demo data of the warning domain: synthetic departmental feeds for the synthetic city
and one monitoring run, so that the demo's caseworker finds leads to verify.

The city-wide feeds rarely touch one community, so the demo adds one small batch for the
demo caseworker's community: unemployment registrations of working-age members of its
enrolled families (labelled as demo data). The real rule (newly unemployed member in a
monitored household) then finds them, and the leads are assigned to her like any other."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from minzheng.analytics.cli import last_month
from minzheng.analytics.feeds.importer import import_feed
from minzheng.analytics.feeds.synthetic import write_feeds
from minzheng.analytics.params import month_period
from minzheng.analytics.store import Store
from minzheng.assistance.models import Enrolment
from minzheng.core.models import Person, User
from minzheng.synth.parquet import write_city
from minzheng.warning.models import Lead
from minzheng.warning.pipeline import store_root, warning_run
from minzheng.warning.settings_specs import seed_example_settings

# The run finds leads among the families the assistance seeder enrolled.
DEMO_AFTER = ("assistance",)


def seed_demo(*, seed: int, residents: int, **_: object) -> str:
    seed_example_settings()
    if Lead.objects.exists():
        return ""
    period = last_month()
    with tempfile.TemporaryDirectory() as tmp:
        # The same seed and size give the same people as the demo database.
        write_city(Path(tmp), seed=seed, residents=residents, progress=False)
        write_feeds(Store(store_root()), Path(tmp), period=period, seed=seed)
        _community_batch(Store(store_root()), Path(tmp), period)
    result = warning_run(period=period)
    return (
        f"演示预警比对（{period}）：发现{result.outcome.manifest['findings']}条，"
        f"新增线索{result.ingest.created}条"
    )


DEMO_CASEWORKER = "caseworker"  # minzheng.demo.users
WORKING_AGE = (18, 59)


def _working_age_members(community: str, on: dt.date) -> list[Person]:
    households = Enrolment.objects.current().filter(household__area_id=community)
    people = Person.objects.filter(
        memberships__household__in=households.values("household"),
        memberships__valid_to__isnull=True,
        life_status="alive",
    ).order_by("id")
    low, high = WORKING_AGE
    return [p for p in people if low <= (on - p.birth_date).days // 365 <= high][:3]


def _community_batch(store: Store, tmp: Path, period: str) -> None:
    """Unemployment registrations in `period` for the demo caseworker's community."""
    caseworker = User.objects.filter(username=DEMO_CASEWORKER).first()
    if caseworker is None or caseworker.area_id is None:
        return
    start, _end = month_period(period)
    day = start + dt.timedelta(days=9)
    members = _working_age_members(caseworker.area_id, day)
    if not members:
        return
    path = tmp / "demo_unemployment.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id_number", "registration_id", "registration_date", "reason"])
        for i, person in enumerate(members, 1):
            writer.writerow([person.id_number, f"DEMO-{period}-{i}", day.isoformat(), "演示数据"])
    import_feed(store, "unemployment_registrations", path)
