"""`minzheng import_households FILE.xlsx --user USERNAME`: the household import from
the command line, acting as a named user (their role and area apply, and the audit
trail names them). Every error is printed; the exit status is non-zero if any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from minzheng.core.models import User
from minzheng.core.spreadsheets.importer import households_import


class Command(BaseCommand):
    help = "从Excel导入家庭和成员（先校验全部行，全部正确才一次性写入）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="填好的家庭成员导入模板（.xlsx）")
        parser.add_argument("--user", required=True, help="以该用户的身份和管辖区域导入")
        parser.add_argument("--errors-out", type=Path, help="有错误时把错误文件写到此路径")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.select_related("area").filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"用户{opts['user']}不存在")
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"文件{path}不存在")
        try:
            result = households_import(actor=user, content=path.read_bytes(), filename=path.name)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            if opts["errors_out"] and result.error_workbook is not None:
                opts["errors_out"].write_bytes(result.error_workbook)
                self.stderr.write(f"错误文件已写入{opts['errors_out']}")
            raise CommandError(f"导入失败：{len(result.errors)}处错误，未写入任何数据")
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入{result.rows}行：新建家庭{result.households}户，"
                f"成员{result.members}人，其中新登记人员{result.persons_created}人"
            )
        )
