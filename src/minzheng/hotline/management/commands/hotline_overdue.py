"""`minzheng hotline_overdue [--at "YYYY-MM-DD HH:MM"]`: remind and escalate late tickets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.hotline.services import sweep_overdue


class Command(BaseCommand):
    help = (
        "热线工单超时检查：超过时限后催办，催办后仍未办结升级督办，"
        "紧急来电未及时上报值班人员的升级督办"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--at", default=None, help="按该时间检查（默认现在），如 2026-10-21 09:00"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        now = timezone.now()
        if opts["at"]:
            try:
                now = timezone.make_aware(dt.datetime.fromisoformat(opts["at"]))
            except ValueError:
                raise CommandError("--at 应为时间，如 2026-10-21 09:00") from None
        r = sweep_overdue(now)
        self.stdout.write(
            f"催办{r.reminded}件，升级督办{r.escalated}件，紧急来电未及时上报{r.emergencies_late}件"
        )
