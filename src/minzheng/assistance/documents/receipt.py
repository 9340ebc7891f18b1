"""受理回执 with the one-time notification (D1.5, D1.9, D6.2).

One document for the whole intake, because the applicant should leave the window
with one paper that says where the case stands:

- not yet accepted: the one-time notification — every document still missing, in
  one list (D1.5) — and the time limit that will run from acceptance;
- accepted: the date of acceptance and both limits, the configured number of
  working days (D1.9) and this case's actual `total_deadline`;
- fast track: the pledge, the documents that may follow later and the date by
  which assistance is granted (D6.2).
"""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.documents.common import (
    Section,
    case_facts,
    day_or_dash,
    footer,
    numbered,
    recipient,
    sections,
)
from minzheng.assistance.documents.issuers import objection_office, township_office
from minzheng.assistance.models import Application, Track
from minzheng.core.config import config_int
from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.model import Block, Document, Paragraph, Signature
from minzheng.core.models import User

SHARED_DATA_NOTE = (
    "以上为需补充材料的全部清单（一次性告知）。可以通过政府部门信息共享获取的材料，无需您提供。"
)
DUTIES = (
    "申请人应当如实申报家庭人口、收入和财产状况，配合入户调查、邻里访问和家庭经济状况信息核对；"
    "办理期间家庭情况发生变化的，请及时告知。补交材料和咨询办理进度，请到{office}，"
    "并告知本文书上的案件编号。"
)


def _limits(application: Application, on: dt.date) -> tuple[int, int]:
    """The configured limits in force on `on` for the case's area (D1.9)."""
    area = application.area
    total = config_int("dibao.deadline.total_working_days", on=on, area=area)
    extended = config_int("dibao.deadline.extended_working_days", on=on, area=area)
    return total, extended


def _opening(application: Application) -> Paragraph:
    applied = chinese_date(application.applied_on)
    what = (
        f"以{application.get_channel_display()}方式提出的{application.get_programme_display()}申请"
    )
    if application.track == Track.FAST:
        return Paragraph(
            f"您（户）于{applied}{what}，已签署《信用承诺书》，按“先办后核”方式办理。"
        )
    if application.accepted_on is not None:
        accepted = chinese_date(application.accepted_on)
        return Paragraph(
            f"您（户）于{applied}{what}，经审查，于{accepted}予以受理。现将有关事项告知如下。"
        )
    if not application.missing_documents:
        return Paragraph(f"您（户）于{applied}{what}已收悉，待审查受理。")
    return Paragraph(
        f"您（户）于{applied}{what}已收悉。经审查，申请材料尚不齐全，请补充下列材料。"
    )


def _missing(application: Application) -> Section:
    """D1.5: the complete list, once; on the fast track the documents may follow (D6.2)."""
    title = "需补充的材料（一次性告知）"
    if application.track == Track.FAST:
        title = "需后续补交的材料（后置补充）"
    docs = list(application.missing_documents)
    if not docs:
        return (title, [Paragraph("经审查，您提交的申请材料齐全，无需补充材料。")])
    return (title, [numbered(docs, "材料名称及说明"), Paragraph(SHARED_DATA_NOTE)])


def _time_limit(application: Application) -> Section:
    on = application.accepted_on or application.applied_on
    if application.track == Track.FAST:
        days = config_int("fast_track.grant_days", on=on, area=application.area)
        due = application.applied_on + dt.timedelta(days=days)
        text = (
            f"符合条件的，自申请之日起{days}日内（{chinese_date(due)}前）先行发放救助金，"
            "再进行事后核查；核查发现承诺不实的，将责令退回并记入失信记录。"
        )
        return ("办理时限", [Paragraph(text)])
    total, extended = _limits(application, on)
    rule = f"自受理之日起{total}个工作日内办结；特殊情况经批准可延长至{extended}个工作日。"
    if application.accepted_on is None:
        rule += "材料补齐后予以受理，办理时限自受理之日起计算。"
    if application.total_deadline is not None:
        rule += f"本案办结期限为{chinese_date(application.total_deadline)}"
        if application.extension_reason:
            rule += f"（已延长，理由：{application.extension_reason}）"
        rule += "。"
    return ("办理时限", [Paragraph(rule)])


def receipt(application: Application, *, printed_by: User) -> Document:
    """The receipt of a case already checked for scope."""
    fast = application.track == Track.FAST
    accepted_on = application.applied_on if fast else application.accepted_on
    office = township_office(application.area)
    duties = DUTIES.format(office=objection_office(application.area))
    blocks: list[Block] = [
        _opening(application),
        case_facts(
            application,
            ("办理方式", application.get_track_display()),
            ("受理日期", day_or_dash(accepted_on)),
        ),
        *sections(
            _missing(application), _time_limit(application), ("注意事项", [Paragraph(duties)])
        ),
        Signature(signers=("经办人", "申请人签收")),
    ]
    return Document(
        title="社会救助申请一次性告知书" if accepted_on is None else "社会救助申请受理回执",
        blocks=blocks,
        authority=office,
        recipient=recipient(application),
        date=accepted_on or application.applied_on,
        footer=footer(application, printed_by),
    )
