"""Fast-track decisions (D6): the grant notice and the breach decision.

The grant notice (先行救助通知书) is what the household holds after "grant first":
the amount, the date, the verification deadline (D6.3), the documents that may
still follow (D6.2) and what a breach would cost — with the credit-record terms in
force, from configuration. The breach decision (失信认定决定书, D6.4) states the
facts, the grade, each sanction, the amount to repay and the term of the credit
record, and carries the remedies like every decision.
"""

from __future__ import annotations

from django.http import Http404

from minzheng.assistance.documents.appeal import appeal_section
from minzheng.assistance.documents.common import (
    case_facts,
    footer,
    numbered,
    points,
    recipient,
    sections,
    yuan,
)
from minzheng.assistance.documents.issuers import bureau_name, township_office
from minzheng.assistance.models import Application, Breach, BreachGrade, CreditRecord, Grant
from minzheng.core.config import config_int
from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.model import Block, Document, Paragraph, Signature
from minzheng.core.models import User
from minzheng.core.roles import Role


def _credit_terms(application: Application, grant: Grant) -> str:
    """The terms of a credit record by grade, as configured on the grant day (D6.4)."""
    terms = []
    for grade, label in BreachGrade.choices:
        key = f"fast_track.credit_term_months.{grade}"
        months = config_int(key, on=grant.granted_on, area=application.area)
        terms.append(f"{label}{months}个月")
    return "、".join(terms)


def _grant_blocks(application: Application, grant: Grant) -> list[Block]:
    pledge = chinese_date(application.pledge_signed_on or application.applied_on)
    blocks: list[Block] = [
        Paragraph(
            f"您（户）于{pledge}签署《信用承诺书》申请{application.get_programme_display()}。"
            f"按先办后核方式，决定于{chinese_date(grant.granted_on)}先行发放救助金"
            f"{yuan(grant.amount)}。"
        ),
        case_facts(
            application,
            ("先行发放金额", yuan(grant.amount)),
            ("事后核查期限", chinese_date(grant.verify_by)),
        ),
    ]
    if application.status == "confirmed":
        blocks.append(Paragraph("经事后核查，您申报的情况属实，先行发放的救助予以确认。"))
    docs = list(application.missing_documents)
    warning = (
        "事后核查发现承诺不实的，将按情节认定一般、较重或严重失信，视情予以警示、停止救助、"
        f"责令退回救助金，并记入失信记录（期限：{_credit_terms(application, grant)}）；"
        "失信记录期限内不得以信用承诺方式申请先行救助。"
    )
    return blocks + sections(
        ("请于核查期限前补交的材料", [numbered(docs, "材料名称及说明")]) if docs else None,
        ("信用承诺的责任", [Paragraph(warning)]),
        appeal_section(application.area),
    )


def grant_notice(application: Application, grant: Grant, *, printed_by: User) -> Document:
    county = grant.granted_by.role == Role.COUNTY_APPROVER
    authority = bureau_name(application.area) if county else township_office(application.area)
    return Document(
        title="先行救助通知书",
        blocks=[*_grant_blocks(application, grant), Signature()],
        authority=authority,
        recipient=recipient(application),
        date=grant.granted_on,
        footer=footer(application, printed_by),
    )


def _sanctions(breach: Breach, record: CreditRecord | None) -> list[str]:
    lines = ["予以警示。"] if breach.warning else []
    if breach.stop_assistance:
        lines.append("自本决定作出之日起停止救助。")
    if breach.recovery_amount > 0:
        lines.append(f"责令退回不当获取的救助金{yuan(breach.recovery_amount)}。")
    if record is not None:
        lines.append(
            f"记入失信记录，期限自{chinese_date(record.starts_on)}至{chinese_date(record.ends_on)}；"
            "期限内不得以信用承诺方式申请先行救助。"
        )
        if record.shared_for_joint_sanctions:
            lines.append("失信信息推送至公共信用信息平台，依法实施联合惩戒。")
    return lines


def breach_decision(application: Application, grant: Grant, *, printed_by: User) -> Document:
    breach = Breach.objects.get(grant=grant)
    record = CreditRecord.objects.filter(breach=breach).first()
    grade = breach.get_grade_display()
    blocks: list[Block] = [
        Paragraph(
            f"您（户）签署《信用承诺书》申请{application.get_programme_display()}，"
            f"于{chinese_date(grant.granted_on)}获先行发放救助金{yuan(grant.amount)}。"
        ),
        case_facts(
            application, ("失信等级", grade), ("认定日期", chinese_date(breach.decided_on))
        ),
        *sections(
            ("经事后核查查明的事实", [Paragraph(breach.facts)]),
            (f"认定为{grade}失信，决定如下", points(_sanctions(breach, record))),
            appeal_section(application.area),
        ),
        Signature(),
    ]
    return Document(
        title="失信认定决定书",
        blocks=blocks,
        authority=bureau_name(application.area),
        recipient=recipient(application),
        date=breach.decided_on,
        footer=footer(application, printed_by),
    )


def fast_track_notice(application: Application, *, printed_by: User) -> Document:
    grant = Grant.objects.filter(application=application).select_related("granted_by").first()
    if grant is None:  # granted states always have one; a hand-edited case may not
        raise Http404("该案件没有先行发放记录")
    if application.status == "breach":
        return breach_decision(application, grant, printed_by=printed_by)
    return grant_notice(application, grant, printed_by=printed_by)
