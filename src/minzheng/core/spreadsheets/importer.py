"""`households_import`: the household workbook into the registry, all or nothing.

Every row is read and checked first (`reader`, `parsing`, `validation`), and every
problem is kept; if there is any, nothing is written and the caller gets the list
and an error workbook. Otherwise `commit.households_write` writes the whole file.
Checking and writing share one transaction (on SQLite it holds the write lock from
the start, so nobody can register the same person in between); should the database
still refuse a row, everything is rolled back and the user is asked to upload again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.commit import households_write
from minzheng.core.spreadsheets.errors import error_workbook
from minzheng.core.spreadsheets.reader import RowError, read_rows
from minzheng.core.spreadsheets.validation import plan_import

CHANGED_MEANWHILE = (
    "写入时发现登记信息已被他人修改（如同一身份证号码刚被登记），未导入任何数据，请重新上传"
)


@dataclass
class ImportResult:
    rows: int = 0
    households: int = 0
    members: int = 0
    persons_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_workbook: bytes | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_and_write(
    actor: User, result: ImportResult, rows: list, today: dt.date, filename: str
) -> None:
    try:
        with transaction.atomic():
            plan = plan_import(actor, rows, today)
            result.errors = plan.errors
            if plan.errors:
                return
            written = households_write(actor=actor, plan=plan, filename=filename)
    except IntegrityError:
        result.errors = [RowError(0, "", CHANGED_MEANWHILE)]
        return
    result.households, result.members = written.households, written.members
    result.persons_created = written.persons_created


def households_import(
    *, actor: User, content: bytes, filename: str = "", today: dt.date | None = None
) -> ImportResult:
    """Validate the whole workbook, then write it in one transaction or not at all."""
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色没有修改人员和家庭信息的权限")
    sheet = read_rows(content)
    result = ImportResult(rows=len(sheet.rows), errors=list(sheet.errors))
    if not result.errors:
        _check_and_write(actor, result, sheet.rows, today or timezone.localdate(), filename)
    if result.errors and sheet.rows:
        result.error_workbook = error_workbook(sheet, result.errors)
    return result
