"""`minzheng unlock_login [--username NAME] [--ip ADDRESS]`: lift a log-in lock-out
before it expires (the unlock page does the same for a city administrator)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.core.throttling import login_unlock


class Command(BaseCommand):
    help = "解除登录锁定（按用户名和/或地址），记录审计日志"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="", help="用户名")
        parser.add_argument("--ip", default="", help="来源地址")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            login_unlock(actor=None, username=opts["username"], ip=opts["ip"])
        except ValidationError as exc:
            raise CommandError("请指定 --username 或 --ip") from exc
        self.stdout.write("已解除锁定")
