"""Demo data of the licensing domain: the example limits (20 and 10 working days, D15),
and 鼓楼区's applications at every step — received, told to correct, deemed accepted,
running, paused for a hearing, extended, granted and delivered, refused. Dates are
counted back from today in working days, so the clocks look real on any day.
Idempotent: nothing once an application exists, nothing without the demo users."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from minzheng.core.duties import duty_grant
from minzheng.core.models import Area, User
from minzheng.core.settings_write import seed_examples
from minzheng.core.workdays import get_calendar
from minzheng.licensing import services
from minzheng.licensing.items import item
from minzheng.licensing.models import LicenceApplication

COUNTY = "320302"  # 鼓楼区, the demo county


def _back(today: dt.date, days: int) -> dt.date:
    """The working day `days` working days before today."""
    calendar, day = get_calendar(), today
    while days:
        day -= dt.timedelta(days=1)
        days -= calendar.is_working_day(day)
    return day


def _receive(
    clerk: User, code: str, name: str, subject: str, on: dt.date, complete: bool
) -> LicenceApplication:
    materials = [c for c, _ in item(code).materials]
    intake = services.Intake(
        item_code=code,
        authority=Area.objects.get(code=COUNTY),
        applicant_kind="organisation",
        applicant_name=name,
        applicant_code="91320302MA1XYW0016",
        contact_phone="0516-83000000",
        subject=subject,
        materials=tuple(materials if complete else materials[:-1]),
        received_on=on,
    )
    return services.application_receive(actor=clerk, intake=intake, today=on)


def _accepted(clerk: User, code: str, name: str, on: dt.date) -> LicenceApplication:
    a = _receive(clerk, code, name, f"{name}（演示）", on, complete=True)
    return services.application_accept(actor=clerk, application=a, materials=[], today=on)


@transaction.atomic
def seed_demo(**_: object) -> str:
    if LicenceApplication.objects.exists():
        return ""
    clerk = User.objects.filter(username="county").first()
    head = (
        User.objects.filter(username="county2").first()
        or User.objects.filter(username="admin").first()
    )
    if clerk is None or head is None:
        return ""
    seed_examples(apps=["licensing"])
    if not head.has_duty("licensing_head"):
        duty_grant(actor=None, user=head, code="licensing_head")  # the demo acts as the system
    today = timezone.localdate()
    _receive(clerk, "eldercare_filing", "演示颐养院", "养老机构备案（演示）", today, True)
    told = _receive(
        clerk, "public_cemetery", "演示村委会", "公益性公墓（演示）", _back(today, 2), False
    )
    services.correction_request(
        actor=clerk,
        application=told,
        missing=[c for c, _ in item("public_cemetery").materials][-1:],
        note="请补交乡镇人民政府意见原件",
        today=_back(today, 1),
    )
    _receive(
        clerk, "eldercare_filing", "演示康养中心", "养老机构备案（演示）", _back(today, 8), True
    )
    services.deemed_acceptance_run(today=today)  # the one received 8 working days ago
    _accepted(clerk, "eldercare_filing", "演示护理院", _back(today, 3))
    paused = _accepted(clerk, "funeral_facility", "演示殡仪服务中心", _back(today, 6))
    services.clock_pause(
        actor=clerk,
        application=paused,
        stage="hearing",
        notice_number="鼓民许听〔演示〕1号",
        note="涉及相邻居民重大利益，依申请举行听证，听证时间不计入办理期限",
        today=_back(today, 2),
    )
    extended = _accepted(clerk, "funeral_facility", "演示公墓管理处", _back(today, 18))
    services.extension_request(
        actor=clerk, application=extended, reason="需征求规划、环保部门意见", today=_back(today, 2)
    )
    services.extension_approve(
        actor=head, application=extended, note="同意延长", today=_back(today, 1)
    )
    granted = _accepted(clerk, "eldercare_filing", "演示敬老院", _back(today, 12))
    services.decision_make(
        actor=clerk, application=granted, outcome="granted", reason="", today=_back(today, 5)
    )
    services.licence_deliver(actor=clerk, application=granted, today=_back(today, 3))
    refused = _accepted(clerk, "funeral_facility", "演示骨灰堂", _back(today, 25))
    services.decision_make(
        actor=clerk,
        application=refused,
        outcome="refused",
        reason="选址不符合殡葬设施专项规划",
        today=_back(today, 4),
    )
    count = LicenceApplication.objects.count()
    return f"演示行政许可申请：{count} 件（鼓楼区，含中止计时、延期各1件）"
