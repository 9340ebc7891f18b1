"""Pieces shared by the assistance documents: how amounts, months and the case's
basic facts are printed, and the footer that ties a paper copy to its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.model import Block, Heading, KeyValues, Paragraph, Table
from minzheng.core.masking import mask_id_number
from minzheng.core.models import User

_ORDINALS = "一二三四五六七八九十"
Section = tuple[str, Sequence[Block]]
NATIONAL_BASIS = (
    "《社会救助暂行办法》（国务院令第649号）、《最低生活保障审核确认办法》（民发〔2021〕57号）"
)


def yuan(amount: Decimal | None) -> str:
    """Money as printed on notices: 1,234.50元 (Decimal throughout, never float)."""
    return "—" if amount is None else f"{amount:,.2f}元"


def month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def day_or_dash(day: dt.date | None) -> str:
    return chinese_date(day) if day is not None else "—"


def recipient(application: Application) -> str:
    """The household is addressed through its applicant: 张三（户）："""
    return f"{application.applicant.name}（户）："


def case_facts(application: Application, *extra: tuple[str, str]) -> KeyValues:
    """The facts every case document starts with. The applicant receives it, but a
    paper copy travels, so the ID number is masked as on screen."""
    household = application.household
    return KeyValues(
        [
            ("案件编号", application.number),
            ("救助项目", application.get_programme_display()),
            ("申请人", application.applicant.name),
            ("公民身份号码", mask_id_number(application.applicant.id_number)),
            ("家庭编号", household.number),
            ("所属村（社区）", application.area.full_name),
            ("家庭住址", household.address or "—"),
            ("申请日期", chinese_date(application.applied_on)),
            *extra,
        ]
    )


def numbered(lines: list[str], header: str) -> Table:
    """A checklist the reader ticks off (documents to bring)."""
    return Table(["序号", header], [[n, line] for n, line in enumerate(lines, 1)], widths=(1, 11))


def points(lines: Sequence[str]) -> list[Block]:
    """Numbered paragraphs, as a letter lists duties or measures: 1．… 2．…"""
    return [Paragraph(f"{n}．{line}") for n, line in enumerate(lines, 1)]


def sections(*parts: Section | None) -> list[Block]:
    """Headings numbered 一、二、… over the sections present, so that a section a
    case does not need (no missing documents, say) leaves no gap in the numbering."""
    blocks: list[Block] = []
    present = [part for part in parts if part is not None]
    for ordinal, (title, body) in zip(_ORDINALS, present, strict=False):
        blocks += [Heading(f"{ordinal}、{title}"), *body]
    return blocks


def footer(application: Application, printed_by: User) -> str:
    """Names the case, who printed and when, as the household summary does."""
    return (
        f"案件{application.number} · 打印人：{printed_by} · {timezone.localtime():%Y-%m-%d %H:%M}"
    )
