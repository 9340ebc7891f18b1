"""The household import template: a data sheet with the Chinese headers, drop-down
lists for the coded columns, a filling guide, and the user's own communities with
their codes (so the area code can be picked rather than typed)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from minzheng.core.models import Area, AreaLevel, User
from minzheng.core.spreadsheets.columns import (
    COLUMNS,
    DATA_SHEET,
    DISABILITY_LABELS,
    GRADE_LABELS,
    RELATION_LABELS,
    Need,
)

AREA_SHEET = "区划代码"
GUIDE_SHEET = "填写说明"
TEMPLATE_ROWS = 20_000  # how far down the drop-down lists reach
REQUIRED_FONT = Font(bold=True, color="A3261C")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")

GUIDE = (
    "每行填写一名家庭成员；同一家庭的成员填写相同的“家庭编号”，行的先后不限。",
    "每户有且只有一行“与户主关系”为“户主”；户主行须填写“村（社区）代码”和“住址”，成员行可不填（填写则须与户主行一致）。",
    "“村（社区）代码”须为您管辖区域内的村（社区），见“区划代码”表。",
    "“公民身份号码”为18位，系统校验出生日期和校验码；性别和出生日期由号码自动得出，无需填写。",
    "已登记且目前不在任何家庭中的人员可直接加入新家庭（姓名须与登记一致，原登记信息不变）；目前属于其他家庭的人员须先办理迁出。",
    "“家庭编号”须为新编号，导入只新建家庭，不修改已有家庭。",
    "残疾类别与残疾等级须同时填写或同时不填。",
    "导入时先校验全部行：只要有一处错误，则不导入任何数据，并可下载标明每个错误行和字段的错误文件；在错误文件中直接修改后可再次上传。",
    "标红的列名为必填项（村（社区）代码、住址仅户主行必填）。",
)
EXAMPLE = (
    ("H0001", "320302001001", "和平路1号", "张三", "320302198005170018", "户主"),
    ("H0001", "", "", "李四", "320302198205170020", "配偶", "13900000000"),
    ("H0001", "", "", "张小明", "320302201003030016", "子女", "", "肢体残疾", "2级"),
)


def _header(ws: Any) -> None:
    for col, column in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.fill = HEADER_FILL
        cell.font = REQUIRED_FONT if column.need is not Need.OPTIONAL else Font(bold=True)
        if column.note:
            cell.comment = Comment(column.note, "民政业务平台")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = column.width
        if column.text:  # the whole column, so Excel keeps every digit of what is typed
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"


def _choices(ws: Any, key: str, formula: str) -> None:
    col = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error, rule.errorTitle = "请从下拉列表中选择", "输入值无效"
    rule.add(f"{col}2:{col}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(rule)


def _inline(labels: Sequence[str]) -> str:
    return '"' + ",".join(labels) + '"'


def _area_sheet(workbook: Workbook, communities: Sequence[Area]) -> None:
    ws = workbook.create_sheet(AREA_SHEET)
    ws.append(["村（社区）代码", "名称", "所属乡镇（街道）"])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for area in communities:
        ws.append([area.code, area.name, area.parent.name if area.parent else ""])
    for col, width in zip("ABC", (16, 24, 24), strict=True):
        ws.column_dimensions[col].width = width


def _guide_sheet(workbook: Workbook) -> None:
    ws = workbook.create_sheet(GUIDE_SHEET)
    ws.append(["填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for n, line in enumerate(GUIDE, 1):
        ws.append([f"{n}. {line}"])
    ws.append([])
    ws.append(["示例（请勿粘贴到“家庭成员”表）："])
    ws.append([c.header for c in COLUMNS])
    for example in EXAMPLE:
        ws.append(list(example))
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows(min_row=2, max_row=len(GUIDE) + 1):
        row[0].alignment = Alignment(wrap_text=True)


def template_workbook(
    *, communities: Sequence[Area] = (), rows: Iterable[Mapping[str, Any]] = ()
) -> bytes:
    """The template; `rows` (dicts by column key) pre-fills it, for tests and scripts."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = DATA_SHEET
    _header(ws)
    for n, values in enumerate(rows, 2):
        for col, column in enumerate(COLUMNS, 1):
            ws.cell(row=n, column=col, value=values.get(column.key))
    _choices(ws, "relation", _inline(RELATION_LABELS))
    _choices(ws, "disability_type", _inline(DISABILITY_LABELS))
    _choices(ws, "disability_grade", _inline(GRADE_LABELS))
    if communities:
        _choices(ws, "area_code", f"'{AREA_SHEET}'!$A$2:$A${len(communities) + 1}")
    _area_sheet(workbook, communities)
    _guide_sheet(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def communities_for(user: User) -> list[Area]:
    """The communities a user may import into, for the template's code list."""
    found = Area.objects.filter(level=AreaLevel.COMMUNITY, code__startswith=user.scope_prefix)
    return list(found.select_related("parent").order_by("code"))
