"""Excel exports of the assistance lists, scoped, masked and audited (issue 3 item 6).

The case export takes the same filters as the case list page, so it holds what the
user could page through on screen. Amounts are `Decimal` rounded to the fen, so
Excel receives numbers, not text; ID numbers are masked as on screen (PIPL), and
the enrolment export masks the head's name too, since it is a roster that tends
to be passed around. Both go through core's `table_xlsx` and `audit_export`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from minzheng.assistance.models import Application, Enrolment
from minzheng.assistance.selectors import applications_visible
from minzheng.assistance.workflows import FAST, REGULAR, case_state_criterion
from minzheng.core.audit import audit_export
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.export import EXPORT_LIMIT
from minzheng.core.spreadsheets.writer import table_xlsx
from minzheng.core.vocabulary import code_label

CENT = Decimal("0.01")
APPLICATION_HEADER = (
    "案件编号",
    "救助项目",
    "办理方式",
    "状态",
    "申请人",
    "身份证号（脱敏）",
    "家庭编号",
    "村（社区）代码",
    "村（社区）",
    "申请方式",
    "申请日期",
    "受理日期",
    "办结期限",
    "拟保障金额（元/月）",
    "核定金额（元）",
    "决定日期",
)
ENROLMENT_HEADER = (
    "家庭编号",
    "户主（脱敏）",
    "户主身份证号（脱敏）",
    "村（社区）",
    "救助项目",
    "月保障金额（元）",
    "保障人数",
    "起始月份",
    "复核类别",
    "下次复核日期",
    "状态",
    "案件编号",
)


def money(amount: Decimal | None) -> Decimal | None:
    """Two decimals, still a number: Excel sums it, nobody re-types it."""
    return None if amount is None else amount.quantize(CENT)


def filtered_applications(
    user: User, *, status: str = "", programme: str = ""
) -> QuerySet[Application]:
    """The case list's filters (status, programme) over the user's scope."""
    cases = applications_visible(user)
    if status:
        cases = cases.filter(status=status)
    if programme:
        cases = cases.filter(programme=programme)
    return cases


def _status_label(app: Application) -> str:
    return (FAST if app.track == "fast" else REGULAR).label(app.status)


def _application_rows(cases: QuerySet[Application]) -> Iterator[list[Any]]:
    for app in cases.iterator(chunk_size=2000):
        yield [
            app.number,
            app.get_programme_display(),
            app.get_track_display(),
            _status_label(app),
            app.applicant.name,
            mask_id_number(app.applicant.id_number),
            app.household.number,
            app.area_id,
            app.area.name,
            app.get_channel_display(),
            app.applied_on,
            app.accepted_on,
            app.total_deadline,
            money(app.proposed_amount),
            money(app.decided_amount),
            app.decided_on,
        ]


def _criteria(filters: dict[str, str]) -> str:
    """The filters in the auditor's words (状态=待审核), never codes (issue 17)."""
    return "；".join(f"{k}={v}" for k, v in filters.items() if v) or "全部"


def _programme(code: str) -> str:
    return code_label(code, "programme")


def applications_export(*, actor: User, status: str = "", programme: str = "") -> bytes:
    cases = filtered_applications(actor, status=status, programme=programme)
    cases = cases.order_by("-applied_on", "-id")[:EXPORT_LIMIT]
    content, count = table_xlsx("救助案件", APPLICATION_HEADER, _application_rows(cases))
    audit_export(
        actor=actor,
        object_type="assistance.application",
        area_code=actor.area_id or "",
        count=count,
        criteria=_criteria(
            {"状态": case_state_criterion(status), "救助项目": _programme(programme)}
        ),
    )
    return content


def _enrolment_rows(enrolments: QuerySet[Enrolment]) -> Iterator[list[Any]]:
    for e in enrolments.iterator(chunk_size=2000):
        head = e.household.head
        yield [
            e.household.number,
            mask_name(head.name) if head else "",
            mask_id_number(head.id_number) if head else "",
            e.household.area.name,
            e.application.get_programme_display(),
            money(e.monthly_amount),
            e.covered_members,
            f"{e.starts_on:%Y-%m}",
            e.get_review_class_display(),
            e.next_review_on,
            e.get_status_display(),
            e.application.number,
        ]


def enrolments_export(*, actor: User, programme: str = "") -> bytes:
    """Current enrolments (in payment or in gradual exit, D1.17)."""
    enrolments = Enrolment.objects.visible_to(actor, Capability.EXPORT_PERSONAL).current()
    if programme:
        enrolments = enrolments.filter(programme=programme)
    enrolments = enrolments.select_related(
        "application", "household__head", "household__area"
    ).order_by("household__area_id", "household__number", "id")[:EXPORT_LIMIT]
    content, count = table_xlsx("保障对象", ENROLMENT_HEADER, _enrolment_rows(enrolments))
    audit_export(
        actor=actor,
        object_type="assistance.enrolment",
        area_code=actor.area_id or "",
        count=count,
        criteria=_criteria({"救助项目": _programme(programme)}),
    )
    return content
