"""`minzheng warning_run [--period YYYY-MM]`: snapshot, run every rule, open leads."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minzheng.analytics.cli import last_month
from minzheng.warning.pipeline import warning_run


class Command(BaseCommand):
    help = "预警比对：登记库快照 → 运行全部预警规则 → 生成预警线索"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", default=None, help="数据期间 YYYY-MM（默认上月）")
        parser.add_argument("--run-id", default=None)
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")

    def handle(self, *args: Any, **opts: Any) -> None:
        period = opts["period"] or last_month()
        result = warning_run(
            period=period, run_id=opts["run_id"], engine=opts["engine"], progress=True
        )
        manifest = result.outcome.manifest
        state = "已发布" if result.outcome.status == "published" else "未变化（同一运行已发布）"
        self.stdout.write(f"运行 {result.outcome.run_id}：{state}，发现{manifest['findings']}条")
        for rule in manifest["rules"]:
            self.stdout.write(
                f"  {rule['id']} {rule['title_zh']}：{rule['findings']}条，{rule['seconds']}秒"
            )
        i = result.ingest
        self.stdout.write(
            f"线索：新增{i.created}条，已存在{i.already_open}条，登记库无此人{i.unknown_person}条"
        )
