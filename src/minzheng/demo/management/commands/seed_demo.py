"""`minzheng seed_demo`: load the synthetic city into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.demo.city import DemoDataError, load_demo_city


class Command(BaseCommand):
    help = "生成合成城市（演示数据）并导入空数据库"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=20260101, help="随机种子")
        parser.add_argument("--residents", type=int, default=50_000, help="居民人数")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            summary = load_demo_city(
                seed=opts["seed"], residents=opts["residents"], progress=not opts["no_progress"]
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))
