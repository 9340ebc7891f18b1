"""`minzheng audit_verify`: recompute the hash chain; exit 1 on any break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.core.audit import verify_chain
from minzheng.core.models import AuditEntry


class Command(BaseCommand):
    help = "校验审计日志哈希链的完整性"

    def handle(self, *args: Any, **opts: Any) -> None:
        problems = list(verify_chain())
        for p in problems:
            self.stderr.write(f"第{p.seq}条：{p.message}")
        if problems:
            raise CommandError(f"审计日志校验失败：发现{len(problems)}处问题")
        self.stdout.write(
            self.style.SUCCESS(f"审计日志完整：共{AuditEntry.objects.count()}条，哈希链连续")
        )
