"""`minzheng supervision_ingest PATH`: load a published supervision run's findings.

PATH is the run's `findings.parquet`, its run directory, or the analytics store the run
was published in: then the store's last published supervision run is read
(`STORE/supervision/runs/LATEST` names it; layout in analytics/store.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minzheng.supervision.services import FindingsFileError, findings_ingest, read_findings


class Command(BaseCommand):
    help = "资金监管：读取一次监管比对发布的 findings.parquet（或其所在目录），生成监管问题"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path",
            help="findings.parquet、包含它的运行目录，或比对库目录（读取最近一次发布的监管比对）",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        latest = path / "supervision" / "runs" / "LATEST"
        if latest.is_file():
            run_id = latest.read_text(encoding="utf-8").strip()
            if not run_id or "/" in run_id or run_id.startswith("."):
                raise CommandError(f"{latest}：最近一次发布的运行编号无效")
            path = latest.parent / run_id
            self.stdout.write(f"最近一次发布的监管比对：{run_id}")
        if path.is_dir():
            path = path / "findings.parquet"
        if not path.is_file():
            raise CommandError(f"{path}：文件不存在")
        try:
            result = findings_ingest(findings=read_findings(path), today=timezone.localdate())
        except FindingsFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.summary())
        for line in result.unplaced:
            self.stdout.write(f"  区划不存在：{line}")
