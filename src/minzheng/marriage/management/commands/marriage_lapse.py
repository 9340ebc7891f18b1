"""`minzheng marriage_lapse --user U [--today YYYY-MM-DD]`: the daily job of D9.3 by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.workflow import WorkflowError
from minzheng.marriage.services.divorces import divorces_lapse


class Command(BaseCommand):
    help = "协议离婚：冷静期届满后申领期限已过仍未申领的申请，视为撤回（D9.3，每日运行）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="以此账户办理（婚姻登记员或市级管理员）")
        parser.add_argument("--today", default="", help="按此日期计算（默认今天），YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"用户{options['user']}不存在或已停用")
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError("--today 应为 YYYY-MM-DD 格式的日期") from None
        try:
            lapsed = divorces_lapse(actor=actor, today=today or timezone.localdate())
        except WorkflowError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"视为撤回的离婚申请：{len(lapsed)}件")
