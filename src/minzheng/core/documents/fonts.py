"""The Chinese font of the PDFs, chosen once per process.

Order: the TrueType file named by `settings.PDF_FONT_FILE`, else a Debian TrueType
CJK font when one is installed (fonts-arphic-uming, fonts-wqy-zenhei,
fonts-wqy-microhei), else reportlab's built-in CID font STSong-Light.

A TrueType font is embedded (subset), so the PDF prints the same everywhere. The
CID font needs no file at all, which is why it is the fallback, but it is not
embedded: the reader's viewer supplies a Song/Ming face (Acrobat's Asian font pack,
poppler through fontconfig, browsers' own viewers). Noto CJK, which Debian ships,
cannot serve: its outlines are PostScript (CFF), which reportlab does not embed.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

CID_FONT = "STSong-Light"
DEBIAN_TRUETYPE = (  # a Song (Ming) face first: the face of official documents
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
NOT_EMBEDDED = (
    "PDF 文书的中文字体未嵌入（使用内置 STSong-Light），部分阅读器会把“·”和汉字显示为方框："
    "请安装 fonts-wqy-microhei（Debian），或用 MINZHENG_PDF_FONT 指定一个 TrueType 中文字体文件"
)


@dataclass(frozen=True)
class DocumentFont:
    name: str  # as registered with reportlab
    embedded: bool
    source: str  # the file, or the CID font's name


def _truetype(path: str) -> DocumentFont | None:
    name = f"doc-{Path(path).stem}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except (TTFError, OSError) as exc:
        log.warning("PDF font %s unusable, trying the next one: %s", path, exc)
        return None
    return DocumentFont(name, True, path)


def _cid() -> DocumentFont:
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return DocumentFont(CID_FONT, False, CID_FONT)


@functools.cache
def font_for(path: str = "") -> DocumentFont:
    """The font from `path` if given and usable, else the built-in CID font."""
    found = _truetype(path) if path else None
    return found or _cid()


@functools.cache
def document_font() -> DocumentFont:
    """The configured font, else the first installed Debian TrueType CJK font."""
    configured = str(getattr(settings, "PDF_FONT_FILE", "") or "")
    candidates = [configured] if configured else []
    candidates += [p for p in DEBIAN_TRUETYPE if Path(p).is_file()]
    for path in candidates:
        found = _truetype(path)
        if found is not None:
            return found
    return _cid()


def check_document_font(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """`minzheng check` (and every start) warns when PDFs would go out without their font."""
    if document_font().embedded:
        return []
    return [checks.Warning(NOT_EMBEDDED, id="minzheng.W001")]
