"""`minzheng payments_roll_import FILE --user USERNAME`: the roll import of the page from
the command line; prints every problem and exits 1 when the file is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.core.models import User
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.roll.importer import RollRefused, roll_import


class Command(BaseCommand):
    help = "导入保障名册（Excel/CSV）：全部校验通过才导入，否则列出每处错误"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="以该用户身份导入（县级审批人）")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户“{opts['user']}”")
        path: Path = opts["file"]
        try:  # the audit trail records the channel as cli (core.context's default)
            outcome = roll_import(actor=user, content=path.read_bytes(), filename=path.name)
        except ActionNotPermitted as refused:
            raise CommandError(str(refused)) from None
        except RollRefused as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            raise CommandError(f"名册未导入：{len(refused.errors)}处错误") from None
        self.stdout.write(outcome.summary_zh())  # with the rows matched by identity
