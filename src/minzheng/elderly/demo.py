"""Demo data of elderly services: the synthetic city's 1,952 facilities (service centres
as the hubs of their township's network), a point for every home, the circle measured
for the whole city, a week of meals at the canteens of the caseworker's community and
last month's settlement prepared. Idempotent; nothing without the demo users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone

from minzheng.core.models import Area, Household, Person, User
from minzheng.core.settings_write import seed_examples
from minzheng.elderly.models import (
    EventKind,
    Facility,
    FacilityEvent,
    HomePoint,
    Operator,
    OperatorType,
)
from minzheng.elderly.services.coverage import coverage_measure
from minzheng.elderly.services.meals import Claim, meals_record
from minzheng.elderly.services.settlements import settlement_prepare
from minzheng.synth.communities import build_communities
from minzheng.synth.facilities import facilities_table
from minzheng.synth.geo import CommunityPoints, community_points, home_points

SERVICES = {
    "service_centre": ["day_care", "meals", "home_visits", "health", "activities"],
    "station": ["day_care", "activities", "home_visits"],
    "canteen": ["meals"],
    "day_care": ["day_care", "meals", "rehabilitation"],
    "care_home": ["residential", "meals", "rehabilitation", "health"],
}
HOURS = {"care_home": "全天", "canteen": "每日 10:30-13:00，16:30-18:30"}
OPENED = dt.date(2023, 1, 1)


def _operators() -> dict[str, Operator]:
    counties = Area.objects.filter(level="county").order_by("code")
    return {
        c.code: Operator.objects.get_or_create(
            name=f"{c.name}民政局（演示）",
            defaults={
                "operator_type": OperatorType.PUBLIC,
                # a synthetic account, so that an approved settlement can be paid
                "bank": "演示银行",
                "account_number": f"62284800{c.code}00",
                "holder_name": f"{c.name}民政局（演示）",
            },
        )[0]
        for c in counties
    }


def _facilities(seed: int, places: CommunityPoints, communities: tuple, actor: User) -> int:
    rows = facilities_table(seed, communities, places).to_pylist()
    known = set(Area.objects.filter(level="community").values_list("code", flat=True))
    operators = _operators()
    made: dict[int, Facility] = {}
    for hubs_first in (True, False):  # hubs exist before their satellites point at them
        batch = []
        for r in rows:
            if (r["parent_id"] is None) != hubs_first or r["area_code"] not in known:
                continue
            batch.append(
                Facility(
                    status="open",
                    area_id=r["area_code"],
                    name=r["name"],
                    kind=r["kind"],
                    operator=operators[r["area_code"][:6]],
                    parent=made.get(r["parent_id"]),
                    address=f"{r['name'].removesuffix('（演示）')}所在地",
                    longitude=Decimal(f"{r['longitude']:.6f}"),
                    latitude=Decimal(f"{r['latitude']:.6f}"),
                    hours=HOURS.get(r["kind"], "周一至周六 8:00-17:30"),
                    services=SERVICES[r["kind"]],
                    capacity=r["capacity"],
                    opened_on=OPENED,
                    created_by=actor,
                )
            )
            batch[-1].synth_id = r["facility_id"]  # type: ignore[attr-defined]
        for facility in Facility.objects.bulk_create(batch):
            made[facility.synth_id] = facility  # type: ignore[attr-defined]
    FacilityEvent.objects.bulk_create(
        FacilityEvent(facility=f, kind=EventKind.OPENED, on=OPENED, recorded_by=actor)
        for f in made.values()
    )
    return len(made)


def _home_points(seed: int, places: CommunityPoints) -> int:
    index = {code: i for i, code in enumerate(places.codes.tolist())}
    homes = [(h, a) for h, a in Household.objects.values_list("pk", "area_id") if a in index]
    if not homes:
        return 0
    ids = np.array([h for h, _ in homes], dtype=np.int64)
    where = np.array([index[a] for _, a in homes], dtype=np.int64)
    lon, lat = home_points(seed, ids, where, places)
    HomePoint.objects.bulk_create(
        HomePoint(household_id=int(h), longitude=Decimal(f"{x:.6f}"), latitude=Decimal(f"{y:.6f}"))
        for h, x, y in zip(ids, lon, lat, strict=True)
    )
    return len(homes)


def _canteen_of(staff: list[User]) -> tuple[User, Facility] | None:
    """The first canteen in the area of the first of `staff` who has one."""
    for user in staff:
        canteen = Facility.objects.within_prefix(user.scope_prefix).filter(kind="canteen").first()
        if canteen is not None:
            return user, canteen
    return None


def _meals(staff: list[User], today: dt.date) -> int:
    """A week of lunches at a canteen of the caseworker's community (else township) for
    the residents of its township aged 81 and more (last month's last week), and that
    month's settlement."""
    found = _canteen_of(staff)
    if found is None:
        return 0
    actor, canteen = found
    elders = list(
        Person.objects.filter(
            area__code__startswith=canteen.area_id[:9],
            life_status="alive",
            birth_date__lte=today.replace(year=today.year - 81),
        )[:12]
    )
    end = today.replace(day=1) - dt.timedelta(days=1)
    served = 0
    for back in range(7):
        day = end - dt.timedelta(days=back)
        claims = [Claim(p.id_number, p.name, "lunch", Decimal("12.00")) for p in elders]
        result = meals_record(
            actor=actor, canteen=canteen, served_on=day, claims=claims, source="file"
        )
        served += len(result.recorded)
    settlement_prepare(actor=actor, canteen=canteen, month=end)
    return served


@transaction.atomic
def seed_demo(*, seed: int = 20260101, **_: object) -> str:
    if Facility.objects.exists():
        return ""
    admin = User.objects.filter(username="admin").first()
    staff = list(User.objects.filter(username__in=["caseworker", "township"]).order_by("username"))
    city = Area.objects.filter(code="320300").first()
    if admin is None or not staff or city is None:
        return ""
    seed_examples(apps=["elderly"])
    communities = build_communities(seed)
    places = community_points(seed, communities)
    facilities = _facilities(seed, places, communities, admin)
    homes = _home_points(seed, places)
    meals = _meals(staff, timezone.localdate())
    run = coverage_measure(actor=admin, area=city)
    return (
        f"演示养老服务：设施{facilities}个、住户坐标{homes}户、助餐{meals}餐、"
        f"服务圈测算1次（{run.homes}户）"
    )
