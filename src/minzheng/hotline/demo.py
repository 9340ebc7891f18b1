"""Demo data of the hotlines: a hotline operator (`hotline`, 热线接线员 at the city's
centre, the demo password of `admin`), the demo `county` made 鼓楼区's child-protection
duty officer, the example hotline settings, one funeral home with two versions of its
published fee list, and a few tickets in several states on both lines — an emergency
escalated and handed to the police, a mandatory report awaiting feedback, a help
request rated after its return call, a complaint overdue, a body collection, a fee
enquiry answered against the list in force and a death offered to the registry.

Idempotent (nothing is written when the operator already took calls). Everything goes
through the services, as the operator and the units would.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from minzheng.core.accounts import user_create
from minzheng.core.duties import duty_grant
from minzheng.core.models import Area, Person, User
from minzheng.core.settings_write import seed_examples
from minzheng.hotline import funeral, services
from minzheng.hotline.models import FuneralHome, Ticket
from minzheng.hotline.workflows import OFFICER, OPERATOR

DEMO_AFTER = ("assistance",)
OPERATOR_NAME = "hotline"
COUNTY = "320302"  # 鼓楼区
TOWNSHIP = "320302001"  # 黄楼街道


def _operator(admin: User) -> User:
    user = User.objects.filter(username=OPERATOR_NAME).first()
    if user is None:
        user = user_create(
            actor=None,
            username=OPERATOR_NAME,
            password=secrets.token_urlsafe(24),
            role="caseworker",
            area_code=admin.area_id or "320300",
            display_name="12345热线接线员",
        )
        user.password = admin.password
        user.save(update_fields=["password"])
    if not user.has_duty(OPERATOR):
        duty_grant(actor=admin, user=user, code=OPERATOR)
    return user


def _call(name: str, phone: str, account: str, minutes_ago: int) -> services.CallIn:
    return services.CallIn(
        name, phone, account, timezone.now() - dt.timedelta(minutes=minutes_ago)
    )


def seed_demo(**_: object) -> str:
    admin = User.objects.filter(username="admin").first()
    county = User.objects.filter(username="county").first()
    if admin is None or county is None:
        return ""
    if Ticket.objects.filter(taken_by__username=OPERATOR_NAME).exists():
        return ""
    seed_examples(apps=["hotline"])
    community = Area.objects.filter(code__startswith=TOWNSHIP, level="community").first()
    if community is None:
        return ""
    today = timezone.localdate()
    child = (
        Person.objects.filter(
            area_id=community.code, birth_date__gt=today.replace(year=today.year - 18, day=1)
        )
        .order_by("id")
        .first()
    )
    adult = (
        Person.objects.filter(area_id=community.code, life_status="alive").order_by("id").first()
    )
    with transaction.atomic():
        op = _operator(admin)
        if not county.has_duty(OFFICER):
            duty_grant(actor=admin, user=county, code=OFFICER)
        county_area = Area.objects.get(code=COUNTY)
        township = Area.objects.get(code=TOWNSHIP)
        home = FuneralHome.objects.get_or_create(
            name="徐州市殡仪馆（演示）", defaults={"area": county_area, "phone": "0516-00000000"}
        )[0]
        if not home.fee_lists.exists():
            year = timezone.localdate().year
            for day, prices in (
                (dt.date(year - 1, 1, 1), ("280", "380")),
                (dt.date(year, 1, 1), ("300", "400")),
            ):
                funeral.publish_fee_list(
                    actor=admin,
                    home=home,
                    effective_from=day,
                    basis=f"{day.year}年殡葬服务收费标准（示例）",
                    items=[
                        ("遗体接运", "次", Decimal(prices[0]), True),
                        ("遗体火化", "具", Decimal(prices[1]), True),
                        ("骨灰寄存", "年", Decimal("100"), False),
                    ],
                )

        def intake(
            line: str, category: str, urgency: str, call: services.CallIn, **kw: object
        ) -> Ticket:
            return services.ticket_intake(
                actor=op,
                line=line,
                category=category,
                urgency=urgency,
                call=call,
                area=community,
                **kw,  # type: ignore[arg-type]
            )

        emergency = intake(
            "children",
            "child_emergency",
            "urgent",
            _call("张女士", "13912340001", "邻居家孩子被锁在阳台上哭喊，大人不在家", 40),
            person=child,
        )
        services.escalate_emergency(actor=op, ticket=emergency, duty_officer=county)
        services.refer_to_police(
            actor=op, ticket=emergency, police_unit="110指挥中心", reference="演示-0001"
        )
        services.act(emergency, "dispatch", op, unit=county_area)
        services.act(emergency, "handle", county)

        report = intake(
            "children",
            "child_neglect",
            "normal",
            _call("李老师", "13912340002", "学生连续一周无人接送，自述父母外出务工", 300),
            person=child,
            reporter_institution="黄楼小学（演示）",
        )
        services.act(report, "dispatch", op, unit=county_area)
        services.act(report, "handle", county)
        services.act(report, "reply", county, note="已联系其祖母临时照料，转事实无人抚养儿童认定")

        helped = intake(
            "children",
            "child_help",
            "normal",
            _call("赵先生", "13912340003", "咨询孩子入学资助", 3000),
        )
        services.act(helped, "dispatch", op, unit=township)
        township_user = User.objects.filter(username="township").first() or county
        services.act(helped, "handle", township_user)
        services.act(helped, "reply", township_user, note="已告知教育资助申请方式")
        services.act(helped, "close", op)
        services.act(helped, "return_call", op, note="来电人表示已办理")
        services.act(helped, "rate", op, satisfaction="satisfied")

        intake(
            "children",
            "complaint",
            "normal",
            _call("钱女士", "13912340004", "投诉社区未及时回复求助", 60 * 24 * 30),
        )
        duplicate = intake(
            "children",
            "complaint",
            "normal",
            _call("钱女士", "13912340004", "再次来电催问同一投诉", 60 * 24 * 2),
        )
        first = (
            Ticket.objects.filter(category="complaint", taken_by=op)
            .order_by("received_at")
            .first()
        )
        if first is not None and first.pk != duplicate.pk:
            services.act(duplicate, "merge", op, note="同一投诉再次来电", into=first)

        collection = intake(
            "funeral",
            "body_collection",
            "urgent",
            _call("孙先生", "13912340005", "家中老人去世，需接运遗体", 90),
        )
        funeral.dispatch_collection(actor=op, ticket=collection, home=home)
        fee = intake(
            "funeral", "fee_enquiry", "normal", _call("周先生", "13912340006", "咨询火化费用", 120)
        )
        funeral.answer_fee_enquiry(actor=op, ticket=fee, home=home)
        if adult is not None:
            death = intake(
                "funeral",
                "death_report",
                "normal",
                _call("吴女士", "13912340007", "报告家中老人去世", 150),
            )
            funeral.offer_death(
                actor=op, ticket=death, person=adult, death_date=timezone.localdate()
            )
    return (
        "服务热线演示：接线员 hotline（密码同 admin）、值班人员 county，"
        f"工单{Ticket.objects.filter(taken_by=op).count()}件（含紧急上报、强制报告、合并来电、遗体接运、死亡信息待确认）"
    )
