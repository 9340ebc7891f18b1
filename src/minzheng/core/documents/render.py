"""Drawing a `Document` as an A4 PDF with reportlab's platypus."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Spacer as PdfSpacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import Flowable

from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.fonts import DocumentFont, document_font
from minzheng.core.documents.model import (
    Block,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Signature,
    Spacer,
    Table,
)
from minzheng.core.documents.styles import GRID, MUTED, RED, SHADE, Styles, styles_for

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 22 * mm, 22 * mm, 22 * mm
WIDTH = A4[0] - 2 * MARGIN_X
CREATOR = "民政业务平台"


def _text(value: object) -> str:
    """Plain text made safe for platypus' mini-markup; line breaks kept."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


def _grid(header_rows: int = 0) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    return TableStyle(commands)


def _table(block: Table, s: Styles) -> Flowable:
    weights = list(block.widths or [1.0] * len(block.header))
    widths = [WIDTH * w / sum(weights) for w in weights]
    head = [PdfParagraph(_text(h), s.cell_head) for h in block.header]
    rows = [[PdfParagraph(_text(v), s.cell) for v in row] for row in block.rows]
    if not rows:
        rows = [[PdfParagraph(_text(block.empty_text), s.cell)] + [""] * (len(head) - 1)]
    table = PdfTable([head, *rows], colWidths=widths, repeatRows=1, spaceAfter=6)
    table.setStyle(_grid(header_rows=1))
    return table


def _key_values(block: KeyValues, s: Styles) -> Flowable:
    per_row = max(1, block.columns)
    items = list(block.items) + [("", "")] * (-len(block.items) % per_row)
    rows = []
    for i in range(0, len(items), per_row):
        row: list[Any] = []
        for label, value in items[i : i + per_row]:
            row += [PdfParagraph(_text(label), s.cell_label), PdfParagraph(_text(value), s.cell)]
        rows.append(row)
    widths = [WIDTH / per_row * f for _ in range(per_row) for f in (0.35, 0.65)]
    table = PdfTable(rows, colWidths=widths, spaceAfter=6)
    style = _grid()
    for col in range(0, 2 * per_row, 2):
        style.add("BACKGROUND", (col, 0), (col, -1), SHADE)
    table.setStyle(style)
    return table


def _signature(block: Signature, doc: Document, s: Styles) -> Flowable:
    authority = doc.authority if block.authority is None else block.authority
    day = block.date or doc.date
    left = [PdfParagraph(_text(f"{label}：" + "_" * 14), s.plain) for label in block.signers]
    right = [PdfParagraph(_text(line), s.right) for line in (authority,) if line]
    if block.seal:
        right.append(PdfParagraph("（盖章）", s.right))
    if day is not None:
        right.append(PdfParagraph(_text(chinese_date(day)), s.right))
    table = PdfTable([[left or "", right or ""]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return KeepTogether([PdfSpacer(1, 10 * mm), table])


def _block(block: Block, doc: Document, s: Styles) -> Flowable:
    match block:
        case Heading(text=text):
            return PdfParagraph(_text(text), s.heading)
        case Paragraph(text=text, indent=indent):
            return PdfParagraph(_text(text), s.body if indent else s.plain)
        case KeyValues():
            return _key_values(block, s)
        case Table():
            return _table(block, s)
        case Signature():
            return _signature(block, doc, s)
        case Spacer(height_mm=height):
            return PdfSpacer(1, height * mm)
    raise TypeError(f"unknown block {block!r}")


def _front(doc: Document, s: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    if doc.letterhead and doc.authority:
        story.append(PdfParagraph(_text(doc.authority), s.letterhead))
    if doc.reference:
        story.append(PdfParagraph(_text(doc.reference), s.reference))
    if doc.letterhead and doc.authority:
        story.append(HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=4))
    story.append(PdfParagraph(_text(doc.title), s.title))
    if doc.recipient:
        story.append(PdfParagraph(_text(doc.recipient), s.plain))
    return story


def _story(doc: Document, s: Styles) -> list[Flowable]:
    story = _front(doc, s)
    story += [_block(b, doc, s) for b in doc.blocks]
    if doc.date and not any(isinstance(b, Signature) for b in doc.blocks):
        story += [PdfSpacer(1, 6 * mm), PdfParagraph(_text(chinese_date(doc.date)), s.right)]
    return story


def _numbered_canvas(font: str, footer: str) -> Callable[..., canvas.Canvas]:
    """A canvas that holds pages back until the end, to print 第 N 页 共 M 页."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start every page in the document font, not Helvetica: then every font the
            # PDF names is embedded, which viewers and archives can check (issue 17).
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._held:
                self.__dict__.update(state)
                self._footer(len(self._held))
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(font, 9)
            self.setFillColor(MUTED)
            y = MARGIN_BOTTOM / 2
            if footer:
                self.drawString(MARGIN_X, y, footer)
            self.drawRightString(A4[0] - MARGIN_X, y, f"第 {self._pageNumber} 页 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def render_pdf(doc: Document, *, font: DocumentFont | None = None) -> bytes:
    """The document as A4 PDF bytes."""
    chosen = font or document_font()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc.title,
        author=doc.authority,
        subject=doc.reference,
        creator=CREATOR,
    )
    template.build(
        _story(doc, styles_for(chosen.name)),
        canvasmaker=_numbered_canvas(chosen.name, doc.footer),
    )
    return buffer.getvalue()
