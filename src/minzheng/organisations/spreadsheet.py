"""Excel import and export of the register. The import checks every row first (the
same check as the registration form, plus duplicates inside the file) and writes
nothing unless all rows pass; every rejected row is reported with its row number,
column and a Chinese reason. The export uses the same columns, so an exported file
is a valid import template for another system (the legal representative's ID number
masked)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.spreadsheets.reader import UNREADABLE, RowError
from minzheng.core.spreadsheets.writer import table_xlsx
from minzheng.organisations.models import Organisation
from minzheng.organisations.services.common import authorize_registrar
from minzheng.organisations.services.registry import organisation_build
from minzheng.organisations.validation import OrganisationData, check_organisation

# (field, header) in file order; `decision` is the registration decision's number.
COLUMNS = (
    ("name", "名称"),
    ("credit_code", "统一社会信用代码"),
    ("org_type", "组织类型"),
    ("area", "住所所在区划代码"),
    ("address", "住所"),
    ("legal_rep_name", "法定代表人"),
    ("legal_rep_id_number", "法定代表人身份证号码"),
    ("sponsor_unit", "业务主管单位"),
    ("business_scope", "业务范围"),
    ("registered_capital", "注册资金（元）"),
    ("member_units", "单位会员数"),
    ("member_individuals", "个人会员数"),
    ("registered_on", "成立登记日期"),
    ("decision", "登记决定文号"),
)
OPTIONAL = {"legal_rep_id_number", "sponsor_unit", "member_units", "member_individuals"}
HEADER_OF = dict(COLUMNS)
MAX_ROWS = 5000


def _rows(content: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # any unreadable upload is the same answer to the user
        return [], [RowError(0, "", UNREADABLE)]
    lines = sheet.iter_rows(values_only=True)
    headers = [str(h or "").strip().replace("*", "") for h in next(lines, ())]
    where = {key: headers.index(h) for key, h in COLUMNS if h in headers}
    missing = [h for key, h in COLUMNS if key not in where and key not in OPTIONAL]
    if missing:
        return [], [RowError(1, h, f"缺少“{h}”列，请使用导出的表格作为模板") for h in missing]
    rows = []
    for number, cells in enumerate(lines, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((number, {k: cells[i] if i < len(cells) else None for k, i in where.items()}))
        if len(rows) > MAX_ROWS:
            return [], [RowError(0, "", f"一次最多导入{MAX_ROWS}行，请分批导入")]
    if not rows:
        return [], [RowError(0, "", "文件中没有数据行")]
    return rows, []


def _in_file_duplicates(rows: list[tuple[int, dict[str, Any]]]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in rows:
        for key in ("name", "credit_code"):
            value = str(raw.get(key) or "").strip().upper()
            if value and (key, value) in seen:
                first = seen[(key, value)]
                errors.append(RowError(number, HEADER_OF[key], f"与第{first}行重复"))
            seen.setdefault((key, value), number)
    return errors


def organisations_import(
    *, actor: User, content: bytes, today: dt.date
) -> tuple[int, list[RowError]]:
    """(organisations created, every problem); nothing is written when any row fails."""
    authorize_registrar(actor)
    rows, errors = _rows(content)
    checked: list[tuple[OrganisationData, str]] = []
    for number, raw in rows:
        data, problems = check_organisation(raw, reach=actor.scope_prefix, today=today)
        decision = str(raw.get("decision") or "").strip()
        if not decision:
            problems["decision"] = "请填写登记决定文号"
        errors += [RowError(number, HEADER_OF[k], m) for k, m in problems.items()]
        if data is not None and not problems:
            checked.append((data, decision))
    errors += _in_file_duplicates(rows)
    if errors:
        order = {h: i for i, (_, h) in enumerate(COLUMNS)}
        return 0, sorted(errors, key=lambda e: (e.row, order.get(e.field, -1)))
    with transaction.atomic():
        for data, decision in checked:
            org = organisation_build(actor=actor, data=data, decision=decision[:60])
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                obj=org,
                summary=f"批量导入社会组织：{org.name}（{org.credit_code}）",
            )
    return len(checked), []


def _export_row(org: Organisation, decision: str) -> list[Any]:
    return [
        org.name,
        org.credit_code,
        org.get_org_type_display(),
        org.area_id,
        org.address,
        org.legal_rep_name,
        org.legal_rep_id_masked,
        org.sponsor_unit,
        org.business_scope,
        org.registered_capital,
        org.member_units,
        org.member_individuals,
        org.registered_on.isoformat(),
        decision,
    ]


def organisations_xlsx(orgs: Iterable[Organisation]) -> tuple[bytes, int]:
    rows = (
        _export_row(o, next((e.decision for e in o.events.all() if e.kind == "registered"), ""))
        for o in orgs
    )
    return table_xlsx("社会组织", [h for _, h in COLUMNS], rows)
