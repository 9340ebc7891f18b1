"""Type sizes and colours of the documents, after GB/T 9704-2012 in spirit (red
letterhead, centred title, two-character paragraph indent), sized for forms and
tables rather than for the 16-point body of a formal 公文."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

RED = colors.HexColor("#C00000")
GRID = colors.HexColor("#7F7F7F")
SHADE = colors.HexColor("#EEF1F4")
MUTED = colors.HexColor("#555555")
BODY_SIZE = 12
CELL_SIZE = 10  # a little under 五号 (10.5), so that an ID number fits a column


@dataclass(frozen=True)
class Styles:
    letterhead: ParagraphStyle
    reference: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    right: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_label: ParagraphStyle


def _style(name: str, font: str, size: float, **extra: object) -> ParagraphStyle:
    extra.setdefault("leading", size * 1.5)
    return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **extra)


@functools.cache
def styles_for(font: str) -> Styles:
    return Styles(
        letterhead=_style("letterhead", font, 26, alignment=TA_CENTER, textColor=RED),
        reference=_style("reference", font, BODY_SIZE, alignment=TA_CENTER, spaceBefore=6),
        title=_style("title", font, 20, alignment=TA_CENTER, spaceBefore=10, spaceAfter=10),
        heading=_style("heading", font, 14, spaceBefore=8, spaceAfter=4),
        body=_style("body", font, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, spaceAfter=4),
        plain=_style("plain", font, BODY_SIZE, alignment=TA_LEFT, spaceAfter=4),
        right=_style("right", font, BODY_SIZE, alignment=TA_RIGHT),
        cell=_style("cell", font, CELL_SIZE, leading=CELL_SIZE * 1.35),
        cell_head=_style(
            "cell_head", font, CELL_SIZE, leading=CELL_SIZE * 1.35, alignment=TA_CENTER
        ),
        cell_label=_style("cell_label", font, CELL_SIZE, leading=CELL_SIZE * 1.35),
    )
