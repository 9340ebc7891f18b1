"""`minzheng payments_stops`: record the stops found since the last run (deaths in the
registry, terminations, breaches) and open their recovery orders (D13.5, D6.4). Run
nightly; every payroll computation also runs it for its county first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minzheng.payments.services.stops import stops_sweep


class Command(BaseCommand):
    help = "停发核查：记录死亡、终止保障、失信停止救助，已多发的生成追回单（D13.5、D6.4）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", default="", help="区划代码前缀（默认全部）")

    def handle(self, *args: Any, **options: Any) -> None:
        made = stops_sweep(actor=None, prefix=options["area"])
        self.stdout.write(f"停发核查完成：新记录{made}项")
