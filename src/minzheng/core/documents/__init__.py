"""Printable A4 documents in Chinese (notices, certificates, registry extracts).

Build a `Document` from blocks and render it::

    from minzheng.core.documents import (
        Document, Heading, KeyValues, Paragraph, Signature, Table, render_pdf, pdf_response,
    )

    doc = Document(
        title="最低生活保障受理通知书",
        authority="徐州市鼓楼区民政局",
        reference="鼓民救〔2026〕12号",
        recipient="张三（户）：",
        date=dt.date(2026, 3, 5),
        blocks=[
            Paragraph("您于2026年3月2日提出的最低生活保障申请，经审查，材料齐全，予以受理。"),
            KeyValues([("申请人", "张三"), ("受理编号", "DB-2026-0012")]),
            Table(["材料", "份数"], [["身份证复印件", 1]]),
            Signature(signers=("经办人",)),
        ],
        footer="如有疑问请致电12345",
    )
    return pdf_response(render_pdf(doc), "受理通知书.pdf")

See docs/spreadsheets-and-documents.md for the layout and the font.
"""

from minzheng.core.documents.dates import chinese_date
from minzheng.core.documents.fonts import DocumentFont, document_font, font_for
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
from minzheng.core.documents.render import render_pdf
from minzheng.core.documents.response import pdf_response

__all__ = [
    "Block",
    "Document",
    "DocumentFont",
    "Heading",
    "KeyValues",
    "Paragraph",
    "Signature",
    "Spacer",
    "Table",
    "chinese_date",
    "document_font",
    "font_for",
    "pdf_response",
    "render_pdf",
]
