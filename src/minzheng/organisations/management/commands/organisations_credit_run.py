"""`minzheng organisations_credit_run [--on YYYY-MM-DD]`: the daily credit-list run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.organisations.services.credit import credit_run


class Command(BaseCommand):
    help = (
        "社会组织信用名录日常运行：逾期未报年度工作报告列入活动异常名录，满期转入严重违法失信名单"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", default=None, help="运行日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            on = dt.date.fromisoformat(opts["on"]) if opts["on"] else timezone.localdate()
        except ValueError:
            raise CommandError("--on 应为日期，如 2026-06-01") from None
        result = credit_run(on=on)
        self.stdout.write(
            f"{on:%Y-%m-%d}：{result.year}年度工作报告逾期未报送，列入活动异常名录{result.listed}个；"
            f"转入严重违法失信名单{result.escalated}个"
        )
