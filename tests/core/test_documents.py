"""PDF documents: the API renders Chinese A4 pages with numbered footers, and the
household summary is scoped, masked and audited like an export."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from minzheng.core.documents import (
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Signature,
    Table,
    chinese_date,
    document_font,
    font_for,
    fonts,
    render_pdf,
)
from minzheng.core.documents.fonts import CID_FONT, DEBIAN_TRUETYPE
from minzheng.core.documents.household_summary import bureau_name
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Area, AuditEntry, HouseholdMembership
from tests.components import missing_component
from tests.factories import make_household

A4_POINTS = (595.28, 841.89)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _notice(rows: int = 40) -> Document:
    return Document(
        title="最低生活保障受理通知书",
        authority="徐州市鼓楼区民政局",
        reference="鼓民救〔2026〕12号",
        recipient="张三（户）：",
        date=dt.date(2026, 3, 5),
        blocks=[
            Paragraph("您提出的最低生活保障申请，经审查，材料齐全，予以受理。"),
            Heading("一、申请信息"),
            KeyValues([("申请人", "张三"), ("受理编号", "DB-2026-0012"), ("住址", "和平路1号")]),
            Table(["序号", "材料名称"], [[n, f"材料{n}"] for n in range(1, rows + 1)]),
            Signature(signers=("经办人", "审核人")),
        ],
        footer="如有疑问请致电12345",
    )


@pytest.mark.parametrize(
    ("day", "arabic", "numerals"),
    [
        (dt.date(2026, 3, 5), "2026年3月5日", "二〇二六年三月五日"),
        (dt.date(2020, 10, 31), "2020年10月31日", "二〇二〇年十月三十一日"),
        (dt.date(2009, 12, 20), "2009年12月20日", "二〇〇九年十二月二十日"),
    ],
)
def test_dates_are_written_the_chinese_way(day, arabic, numerals):
    assert chinese_date(day) == arabic
    assert chinese_date(day, numerals=True) == numerals


def test_a_notice_renders_as_a4_pdf_with_its_chinese_text_and_page_numbers():
    pdf = render_pdf(_notice(), font=font_for(""))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # the table runs over, its header repeated
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width, 2), round(height, 2)) == A4_POINTS
    first, last = _text(pdf)
    for expected in (
        "徐州市鼓楼区民政局",
        "鼓民救〔2026〕12号",
        "最低生活保障受理通知书",
        "张三（户）：",
    ):
        assert expected in first
    assert "第 1 页 共 2 页" in first and "如有疑问请致电12345" in first
    assert "序号" in last and "材料40" in last  # the header repeats on page 2
    assert "2026年3月5日" in last and "（盖章）" in last and "经办人" in last
    assert "第 2 页 共 2 页" in last
    assert reader.metadata is not None and reader.metadata.title == "最低生活保障受理通知书"


def test_the_built_in_cid_font_needs_no_file_and_is_the_fallback():
    font = font_for("/no/such/font.ttf")
    assert (font.name, font.embedded) == (CID_FONT, False)


def test_a_truetype_font_is_embedded():
    if not DEJAVU.is_file():
        missing_component("需要 Debian fonts-dejavu-core（apt-get install fonts-dejavu-core）")
    font = font_for(str(DEJAVU))
    assert font.embedded
    pdf = render_pdf(Document(title="Household summary", blocks=[Paragraph("ok")]), font=font)
    assert b"/FontFile2" in pdf  # the glyphs travel with the file
    assert "Household summary" in _text(pdf)[0]


def test_an_installed_cjk_truetype_font_embeds_chinese():
    path = next((p for p in DEBIAN_TRUETYPE if Path(p).is_file()), None)
    if path is None:
        missing_component("未找到 TrueType 中文字体（apt-get install fonts-wqy-microhei）")
    pdf = render_pdf(_notice(rows=3), font=font_for(path))
    assert b"/FontFile2" in pdf and "最低生活保障受理通知书" in _text(pdf)[0]


def test_text_is_printed_as_typed_never_as_markup():
    doc = Document(title="<b>标题</b>", blocks=[Paragraph("A & B <i>"), Table(["列"], [])])
    text = _text(render_pdf(doc, font=font_for("")))[0]
    assert "<b>标题</b>" in text and "A & B <i>" in text and "（无）" in text


@pytest.mark.django_db
def test_the_bureau_is_named_after_the_county(areas):
    assert bureau_name(areas["community_a1"]) == "徐州市鼓楼区民政局"
    assert bureau_name(Area.objects.get(code="320321")) == "丰县民政局"


@pytest.mark.django_db
def test_the_household_summary_is_scoped_masked_and_audited(users):
    household = make_household(size=3)
    head = household.head
    assert head is not None
    HouseholdMembership.objects.filter(household=household).exclude(person=head).update(
        valid_to=dt.date(2024, 1, 1)
    )  # the children left: they appear as past members
    client = Client()
    client.force_login(users["caseworker"])
    response = client.get(f"/households/{household.pk}/summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(_text(response.content))
    assert "家庭成员信息表" in text and household.number in text and head.name in text
    assert mask_id_number(head.id_number) in text and head.id_number not in text
    assert "三、历史成员" in text and "徐州市鼓楼区民政局" in text
    entry = AuditEntry.objects.get(action="export", object_id=str(household.pk))
    assert entry.object_type == "core.household" and household.number in entry.summary
    outsider = Client()
    outsider.force_login(users["caseworker_b"])
    assert outsider.get(f"/households/{household.pk}/summary.pdf").status_code == 404
    leader = Client()
    leader.force_login(users["leader"])
    assert leader.get(f"/households/{household.pk}/summary.pdf").status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == 1


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Each font a page uses, and whether its glyphs travel in the file (issue 17, 16)."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font
            if "/DescendantFonts" in font:  # a composite (CJK) font
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_the_document_font_travels_with_every_pdf_footer_separator_included():
    """The configured font (Debian's WenQuanYi under CI) is embedded as a subset, so the
    footer's "·" and the Chinese text print the same in every viewer."""
    font = document_font()
    if not font.embedded:
        message = "no TrueType CJK font installed: apt-get install fonts-wqy-microhei"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    doc = Document(
        title="家庭成员信息表",
        blocks=[Paragraph("张三（户）")],
        footer="家庭320302001001000001 · 打印人：王芳 · 2026-12-02 15:19",
    )
    pdf = render_pdf(doc)
    fonts = _fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert all("+" in name for name in fonts)  # a subset: ABCDEF+Name
    assert "家庭320302001001000001 · 打印人：王芳" in _text(pdf)[0]


def test_an_unembedded_font_is_reported_by_the_system_check(monkeypatch):
    monkeypatch.setattr(fonts, "document_font", lambda: font_for(""))
    assert [m.id for m in fonts.check_document_font()] == ["minzheng.W001"]
    monkeypatch.setattr(fonts, "document_font", lambda: fonts.DocumentFont("x", True, "x"))
    assert fonts.check_document_font() == []
