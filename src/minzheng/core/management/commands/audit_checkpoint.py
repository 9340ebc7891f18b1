"""`minzheng audit_checkpoint`: sign the current end of the audit chain and append it
to the checkpoint file outside the database (also run hourly by the task queue)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.core.audit_anchor import anchor_path
from minzheng.core.audit_chain import ChainBroken, chain_checkpoint


class Command(BaseCommand):
    help = "为审计日志写入带签名的库外检查点"

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            checkpoint = chain_checkpoint()
        except ChainBroken as exc:
            raise CommandError(f"审计日志已被改动，不写检查点：{exc}") from exc
        if checkpoint is None:
            self.stdout.write("自上一检查点以来没有新的审计记录，未写入")
            return
        self.stdout.write(
            self.style.SUCCESS(f"已写入检查点：第{checkpoint.seq}条 → {anchor_path()}")
        )
