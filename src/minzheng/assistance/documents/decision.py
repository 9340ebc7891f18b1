"""批准通知书 and 不予批准通知书 (D1.8): the county's decision in writing.

Approval states what the household gets and from when (payment starts the month
after approval, D1.8), how it will be reviewed (D1.16) and the duty to report
changes; refusal states the reasons as decided. Both carry the remedies (`appeal`).
Fast-track decisions (D6) are in `fast_track`; `decision_document` picks the one
that fits the case.
"""

from __future__ import annotations

from minzheng.assistance.documents import fast_track
from minzheng.assistance.documents.appeal import appeal_section
from minzheng.assistance.documents.common import (
    case_facts,
    day_or_dash,
    footer,
    month,
    points,
    recipient,
    sections,
    yuan,
)
from minzheng.assistance.documents.issuers import bureau_name, objection_office
from minzheng.assistance.models import Application, Enrolment, Programme, Track
from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.model import Block, Document, Paragraph, Signature
from minzheng.core.models import User

REFUSED = {"refused", "closed_refused"}
TITLES = {
    "refused": "不予批准通知书",
    "closed_refused": "不予批准通知书",
    "breach": "失信认定决定书",
}


def obligations(application: Application) -> list[str]:
    """What an aided household must do (社会救助暂行办法 arts. 13 and 68, D6.1)."""
    office = objection_office(application.area)
    return [
        f"保障期间，家庭人口、收入、财产状况发生变化的，应当及时告知{office}"
        "（《社会救助暂行办法》第十三条）。",
        "应当配合民政部门定期复核和抽查，如实提供家庭情况。",
        "采取虚报、隐瞒、伪造等手段骗取社会救助资金、物资或者服务的，将停止社会救助，"
        "责令退回非法获取的救助资金、物资，并依法处理（《社会救助暂行办法》第六十八条）。",
    ]


def _granted(application: Application, enrolment: Enrolment | None) -> list[tuple[str, str]]:
    amount = application.decided_amount
    if application.programme == Programme.TEMPORARY:
        return [("救助金额", f"{yuan(amount)}（一次性）")]
    items = [("月保障金额", f"{yuan(amount)}/月")]
    if enrolment is not None:
        items += [
            ("保障人数", f"{enrolment.covered_members}人"),
            ("起始月份", f"{month(enrolment.starts_on)}起（批准次月）"),
            ("复核类别", enrolment.get_review_class_display()),
            ("下次复核", chinese_date(enrolment.next_review_on)),
        ]
    return items


def _document(
    application: Application, title: str, blocks: list[Block], printed_by: User
) -> Document:
    return Document(
        title=f"{application.get_programme_display()}{title}",
        blocks=[*blocks, Signature()],
        authority=bureau_name(application.area),
        recipient=recipient(application),
        date=application.refusal_notified_on or application.decided_on,  # refusal: when sent
        footer=footer(application, printed_by),
    )


def approval(application: Application, *, printed_by: User) -> Document:
    enrolment = Enrolment.objects.filter(application=application).first()
    decided = day_or_dash(application.decided_on)
    opening = Paragraph(
        f"您（户）于{chinese_date(application.applied_on)}提出的"
        f"{application.get_programme_display()}申请，经家庭经济状况核对、入户调查、"
        f"乡镇（街道）审核和公示，公示期内无异议，经本局审核确认，于{decided}决定予以批准。"
    )
    facts = case_facts(application, ("决定日期", decided), *_granted(application, enrolment))
    body = sections(
        ("批准事项", [facts]),
        ("您的义务", points(obligations(application))),
        appeal_section(application.area),
    )
    return _document(application, "批准通知书", [opening, *body], printed_by)


def refusal(application: Application, *, printed_by: User) -> Document:
    """D1.8: written, with the reasons, within 3 working days of the decision."""
    decided = day_or_dash(application.decided_on)
    opening = Paragraph(
        f"您（户）于{chinese_date(application.applied_on)}提出的"
        f"{application.get_programme_display()}申请，经审核，本局于{decided}决定不予批准。"
    )
    reasons = [
        Paragraph(application.refusal_reasons or "（未记录理由）"),
        Paragraph("家庭情况发生变化、符合条件的，可以重新提出申请。"),
    ]
    body = sections(("不予批准的理由", reasons), appeal_section(application.area))
    facts = case_facts(application, ("决定日期", decided))
    return _document(application, "不予批准通知书", [opening, facts, *body], printed_by)


def decision_document(application: Application, *, printed_by: User) -> Document:
    """The notice for a decided case (checked by `selectors.decided_application`)."""
    if application.track == Track.FAST:
        return fast_track.fast_track_notice(application, printed_by=printed_by)
    if application.status in REFUSED:
        return refusal(application, printed_by=printed_by)
    return approval(application, printed_by=printed_by)


def decision_filename(application: Application) -> str:
    fallback = "先行救助通知书" if application.track == Track.FAST else "批准通知书"
    return f"{TITLES.get(application.status, fallback)}-{application.number}.pdf"
