"""What a document says, apart from how it is drawn.

A `Document` is a title, an optional letterhead (issuing authority, reference
number), and a list of blocks in reading order. The blocks are plain frozen
dataclasses, so a notice can be built, compared and tested without drawing it;
`render_pdf` turns one into an A4 PDF. All text is plain text: it is escaped when
drawn, so names with ``<`` or ``&`` print as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A section heading, e.g. ``一、家庭基本情况``."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text; Chinese paragraphs indent their first line by two characters."""

    text: str
    indent: bool = True


@dataclass(frozen=True)
class KeyValues:
    """A form-like grid of label/value pairs, `columns` pairs side by side."""

    items: Sequence[tuple[str, str]]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    """A data table; its header repeats on every page it runs over.

    `widths` are relative weights of the columns (equal when omitted).
    """

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None
    empty_text: str = "（无）"


@dataclass(frozen=True)
class Signature:
    """The closing block: signature lines on the left (``经办人：____``), and on the
    right the issuing authority, the seal mark and the date (the document's date when
    none is given here)."""

    signers: Sequence[str] = ()
    authority: str | None = None  # None: the document's authority
    date: dt.date | None = None
    seal: bool = True


@dataclass(frozen=True)
class Spacer:
    height_mm: float = 5.0


Block = Heading | Paragraph | KeyValues | Table | Signature | Spacer


@dataclass(frozen=True)
class Document:
    """An A4 document. `authority` (the issuing authority) prints as a red letterhead
    over a red rule unless `letterhead` is off, and signs the closing block;
    `reference` (文号, e.g. ``鼓民救〔2026〕12号``) goes under the letterhead,
    `recipient` (主送, e.g. ``张三（户）：``) before the body; `footer` repeats on
    every page beside ``第 N 页 共 M 页``."""

    title: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    authority: str = ""
    reference: str = ""
    date: dt.date | None = None
    recipient: str = ""
    footer: str = ""
    letterhead: bool = True
