"""`minzheng duty grant|revoke|list …`: duties (岗位) from the command line, for the
first city administrator's set-up and for scripts (the 岗位管理 page does the same;
both go through `core.duties`, audited, acting as the system)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.core.duties import all_duties, duty_grant, duty_label, duty_revoke
from minzheng.core.models import DutyGrant, User


class Command(BaseCommand):
    help = "授予、撤销或列出岗位（记录审计日志）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("duty", nargs="?", default="")
        parser.add_argument("--note", default="", help="说明（撤销时必填）")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "list":
            for d in all_duties().values():
                holders = DutyGrant.objects.filter(duty=d.code, revoked_at__isnull=True)
                names = ", ".join(holders.values_list("user__username", flat=True))
                self.stdout.write(f"{d.code}\t{d.label}\t{names or '-'}")
            return
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"用户名“{opts['username']}”不存在")
        try:
            if opts["what"] == "grant":
                duty_grant(actor=None, user=user, code=opts["duty"], note=opts["note"])
            else:
                duty_revoke(actor=None, user=user, code=opts["duty"], note=opts["note"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "已授予" if opts["what"] == "grant" else "已撤销"
        self.stdout.write(f"{verb} {user.username} 岗位“{duty_label(opts['duty'])}”")
