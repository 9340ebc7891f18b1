"""The demo's log-ins: one user of each role, at realistic levels of the tree.

The domains' seeders find them by user name (`caseworker`, `township`, `county`, …),
so they are created before any seeder runs (`minzheng demo`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from minzheng.core.accounts import user_create
from minzheng.core.models import Area, AreaLevel, Person, User
from minzheng.core.roles import Role

DEMO_PASSWORD = "minzheng-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    area_name: str


def _first_community(township_code: str) -> Area:
    """The township's most populous community, so the demo caseworker has work."""
    busiest = (
        Person.objects.filter(area__parent_id=township_code)
        .values("area_id")
        .annotate(people=Count("id"))
        .order_by("-people", "area_id")
        .first()
    )
    area = (
        Area.objects.filter(
            code=busiest["area_id"] if busiest else None, level=AreaLevel.COMMUNITY
        ).first()
        or Area.objects.filter(parent_id=township_code, level=AreaLevel.COMMUNITY).first()
    )
    if area is None:
        raise LookupError(f"乡镇{township_code}下没有村（社区），请先生成演示数据")
    return area


def ensure_demo_users() -> list[DemoLogin]:
    """Create the demo users that do not exist yet; return all of them for printing."""
    community = _first_community("320302001")
    plan = [
        ("admin", "市管理员", Role.CITY_ADMIN, "320300"),
        ("leader", "市局领导", Role.LEADER, "320300"),
        ("auditor", "审计员", Role.AUDITOR, "320300"),
        ("county", "鼓楼区审批员", Role.COUNTY_APPROVER, "320302"),
        # a second approver: money is approved by someone other than who submitted it (D13)
        ("county2", "鼓楼区审批员（复核）", Role.COUNTY_APPROVER, "320302"),
        ("township", "黄楼街道审核员", Role.TOWNSHIP_REVIEWER, "320302001"),
        ("caseworker", f"{community.name}经办人", Role.CASEWORKER, community.code),
    ]
    logins = []
    for username, display, role, area_code in plan:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                area_code=area_code,
                display_name=display,
            )
        assert user.area is not None
        logins.append(DemoLogin(username, user.get_role_display(), user.area.full_name))
    return logins
