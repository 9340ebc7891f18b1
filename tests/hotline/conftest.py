from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import Area, Household, User
from minzheng.core.roles import Role
from minzheng.core.settings_write import seed_examples
from minzheng.hotline import services
from minzheng.hotline.models import Ticket
from tests.factories import AREAS, make_household, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


@dataclass
class Desk:
    operator: User  # 热线接线员 at the city's hotline centre
    officer: User  # 儿童保护值班人员 of 鼓楼区
    county: User  # 鼓楼区 approver, no duty
    township: User  # 黄楼街道 reviewer, no duty
    caseworker: User  # community_a1 caseworker, no duty
    admin: User  # city admin, no duty
    leader: User
    household: Household  # a household of community_a1 with a child


@pytest.fixture
def hotline_settings(areas):
    seed_example_standards()
    seed_examples(apps=["hotline"])


@pytest.fixture
def desk(hotline_settings) -> Desk:
    return Desk(
        operator=make_user("op", Role.CASEWORKER, AREAS["city"], duties=("hotline_operator",)),
        officer=make_user(
            "officer",
            Role.COUNTY_APPROVER,
            AREAS["county_a"],
            duties=("child_protection_officer",),
        ),
        county=make_user("county", Role.COUNTY_APPROVER, AREAS["county_a"]),
        township=make_user("township", Role.TOWNSHIP_REVIEWER, AREAS["township_a"]),
        caseworker=make_user("cw", Role.CASEWORKER, AREAS["community_a1"]),
        admin=make_user("admin", Role.CITY_ADMIN, AREAS["city"]),
        leader=make_user("leader", Role.LEADER, AREAS["city"]),
        household=make_household(AREAS["community_a1"], size=2),
    )


def intake(
    desk: Desk,
    *,
    line: str = "children",
    category: str = "child_help",
    urgency: str = "normal",
    received_at: dt.datetime | None = None,
    area: str = AREAS["community_a1"],
    institution: str = "",
    with_child: bool = False,
) -> Ticket:
    child = None
    if with_child:
        child = desk.household.memberships.exclude(person=desk.household.head).get().person
    return services.ticket_intake(
        actor=desk.operator,
        line=line,
        category=category,
        urgency=urgency,
        call=services.CallIn(
            "王小明", "13800001111", "邻居反映孩子无人照料", received_at or at(2026, 9, 28, 9)
        ),
        area=Area.objects.get(code=area),
        address="和平路1号",
        person=child,
        reporter_institution=institution,
    )
