"""公示名单: the public-notice list of one community (D1.7, D3.7).

It is posted on the community's board, so it is for third parties: names go
through `mask_name` and ID numbers through `mask_id_number_public` (place of
registration and the last two characters; the birth date never shows), and only
households proposed for aid are listed — "publish only who is aided" (D3.7). The
footer names no member of staff: the audit entry of the print says who printed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from minzheng.assistance.documents.common import NATIONAL_BASIS
from minzheng.assistance.documents.issuers import bureau_name, objection_office, township_office
from minzheng.assistance.documents.selectors import NoticeEntry
from minzheng.assistance.models import Application, Programme
from minzheng.core.config import config_int
from minzheng.core.documents.model import Block, Document, Paragraph, Signature, Table
from minzheng.core.masking import mask_id_number_public, mask_name
from minzheng.core.models import Area

HEADER = (
    "序号",
    "申请人",
    "公民身份号码",
    "救助项目",
    "家庭人口",
    "保障人数",
    "拟救助金额（元）",
    "公示期",
)
# Points at 10 pt on the 470-point text width: the masked 18-character ID number and
# the posting period must stay on one line.
WIDTHS = (26, 44, 114, 70, 46, 46, 62, 62)
COVERED = HEADER.index("保障人数")
PRIVACY_NOTE = (
    "注：为保护个人信息，姓名和公民身份号码已作部分隐藏处理；本名单只公示拟给予救助的家庭"
    "（谁救助谁公示、救助谁公示谁）。"
)


def is_aided(application: Application) -> bool:
    """D3.7: a case proposed for refusal is not published."""
    return application.proposed_amount is not None and application.proposed_amount > 0


def _covered(application: Application) -> str:
    """Covered members, when the policy assessment stored with the case says so."""
    decision = (application.assessment or {}).get("programmes", {}).get(application.programme)
    members = decision.get("covered_members") if isinstance(decision, dict) else None
    return f"{len(members)}人" if members else "—"


def _amount(application: Application) -> str:
    assert application.proposed_amount is not None
    once = application.programme == Programme.TEMPORARY  # temporary assistance is one-off
    return f"{application.proposed_amount:,.2f}" + ("（一次性）" if once else "/月")


def _row(n: int, entry: NoticeEntry) -> list[object]:
    app, notice = entry.application, entry.notice
    size = app.household.members_on(notice.posted_on).count()
    return [
        n,
        mask_name(app.applicant.name),
        mask_id_number_public(app.applicant.id_number),
        app.get_programme_display(),
        f"{size}人",
        _covered(app),
        _amount(app),
        f"{notice.posted_on:%m.%d}—{notice.ends_on:%m.%d}",
    ]


def _channel(community: Area, days: int) -> Paragraph:
    return Paragraph(
        f"公示期为{days}天，各户起止日期见上表。公示期内，任何单位和个人对公示对象有异议的，"
        f"可以向{objection_office(community)}提出，也可以向{bureau_name(community)}反映；"
        "请说明具体事实，反映人的信息将予以保密。"
    )


def _table(aided: Sequence[NoticeEntry]) -> Table:
    """The list; the covered-members column only when some case knows it."""
    rows = [_row(n, e) for n, e in enumerate(aided, 1)]
    unknown = all(row[COVERED] == "—" for row in rows)
    keep = [i for i in range(len(HEADER)) if not (unknown and i == COVERED)]
    return Table(
        [HEADER[i] for i in keep],
        [[row[i] for i in keep] for row in rows],
        widths=[WIDTHS[i] for i in keep],
        empty_text="目前没有公示中的救助对象",
    )


def notice_list(community: Area, entries: Sequence[NoticeEntry]) -> Document:
    """The list for one community, of entries already scoped by the caller."""
    aided = [e for e in entries if is_aided(e.application)]
    today = timezone.localdate()
    issued = max((e.notice.posted_on for e in aided), default=today)
    days = config_int("dibao.notice.days", on=today, area=community)
    office = township_office(community)
    blocks: list[Block] = [
        Paragraph(
            f"根据{NATIONAL_BASIS}，经家庭经济状况核对、入户调查和审核，{community.name}"
            f"以下{len(aided)}户家庭拟给予社会救助，现予公示。"
        ),
        _table(aided),
        _channel(community, days),
        Paragraph(PRIVACY_NOTE),
        Signature(authority=office, date=issued),
    ]
    return Document(
        title=f"{community.name}社会救助对象公示",
        blocks=blocks,
        authority=office,
        letterhead=False,
        date=issued,
        footer=f"打印时间：{timezone.localtime():%Y-%m-%d %H:%M}",
    )


def notice_filename(community: Area, on: dt.date) -> str:
    return f"公示名单-{community.code}-{on:%Y%m%d}.pdf"
