"""`minzheng audit_verify`: recompute the keyed hash chain and check every signed
checkpoint outside the database; exit 1 on any break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.core.audit_anchor import anchor_path
from minzheng.core.audit_chain import chain_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链及库外检查点的完整性"

    def handle(self, *args: Any, **opts: Any) -> None:
        report = chain_verify()
        for p in report.problems:
            self.stderr.write(f"第{p.seq}条：{p.message}" if p.seq else p.message)
        if report.problems:
            raise CommandError(f"审计日志校验失败：发现{len(report.problems)}处问题")
        if report.entries and not report.checkpoints:
            self.stderr.write(f"提示：{anchor_path()} 中没有检查点，尚不能发现被整体截断的日志")
        self.stdout.write(
            self.style.SUCCESS(
                f"审计日志完整：共{report.entries}条，哈希链连续，"
                f"核对库外检查点{report.checkpoints}个"
            )
        )
