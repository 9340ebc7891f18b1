"""Demo data of legal education: 黄楼街道's community legal fair with 12,000 people (the
article's figure, D12), two study sessions of its staff with the names of those
present, a lecture, and the yearly study plans of the street and of 鼓楼区 — one done,
one not yet. Dated back from today; idempotent; nothing without the demo users."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from minzheng.core.models import User
from minzheng.legaledu.models import Activity
from minzheng.legaledu.services import ActivityIn, activity_record, plan_save


def _activity(
    actor: User,
    kind: str,
    on: dt.date,
    topic: str,
    count: int | None,
    attendees: tuple[User, ...] = (),
) -> None:
    assert actor.area is not None  # the demo users each work in an area
    activity_record(
        actor=actor,
        data=ActivityIn(
            kind=kind,
            held_on=on,
            area=actor.area,
            venue="黄楼街道便民服务中心",
            topic=f"{topic}（演示）",
            organiser="黄楼街道办事处",
            participant_count=count,
            attendees=attendees,
        ),
        today=on,
    )


@transaction.atomic
def seed_demo(**_: object) -> str:
    if Activity.objects.exists():
        return ""
    township = User.objects.filter(username="township").first()
    county = User.objects.filter(username="county").first()
    caseworker = User.objects.filter(username="caseworker").first()
    if township is None or county is None or caseworker is None or township.area is None:
        return ""
    today = timezone.localdate()
    staff = (township, caseworker)
    _activity(
        township, "legal_fair", today - dt.timedelta(days=40), "民法典进社区法治集市", 12_000
    )
    _activity(
        township,
        "study_session",
        today - dt.timedelta(days=30),
        "学习《社会救助暂行办法》",
        None,
        staff,
    )
    _activity(
        township, "study_session", today - dt.timedelta(days=10), "学习《行政许可法》", None, staff
    )
    _activity(township, "lecture", today - dt.timedelta(days=5), "养老服务法律知识讲座", 86)
    plan_save(
        actor=township,
        area=township.area,
        year=today.year,
        planned_sessions=2,
        content="每半年集中学法一次（演示）",
    )
    assert county.area is not None
    plan_save(
        actor=county,
        area=county.area,
        year=today.year,
        planned_sessions=4,
        content="每季度集中学法一次（演示）",
    )
    return "演示普法学法：法治集市1场（12000人）、学法活动2场、讲座1场、学法计划2个"
