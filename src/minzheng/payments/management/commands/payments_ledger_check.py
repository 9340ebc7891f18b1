"""`minzheng payments_ledger_check`: exit 1 when any reconciled batch does not balance."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.payments.ledger import balances


class Command(BaseCommand):
    help = "核对资金台账：每个已对账批次、每个项目的发放额 = 到账 + 失败 + 退回（D13.3）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", default="", help="区划代码前缀（默认全部）")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = balances(options["area"])
        bad = [b for b in rows if not b.balanced]
        for b in bad:
            self.stderr.write(
                f"批次{b.cycle_id} {b.programme}：发放{b.issued}元，到账+失败+退回{b.answered}元"
            )
        if bad:
            raise CommandError(f"{len(bad)}个批次账不平")
        self.stdout.write(f"资金台账平衡：{len(rows)}个批次")
