"""The funds balance (D13.3): per batch and programme, what was issued (or re-issued)
equals what was paid plus what failed or came back, once the batch is reconciled."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from minzheng.payments.models import LedgerEntry, LedgerKind

ZERO = Decimal("0.00")
OUT = (LedgerKind.ISSUED, LedgerKind.REISSUED)
BACK = (LedgerKind.PAID, LedgerKind.FAILED, LedgerKind.RETURNED)


@dataclass(frozen=True)
class Balance:
    cycle_id: int
    programme: str
    issued: Decimal
    answered: Decimal  # paid + failed + returned

    @property
    def balanced(self) -> bool:
        return self.issued == self.answered


def fen(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(ZERO)


def balances(prefix: str = "") -> list[Balance]:
    """One row per reconciled or closed batch and programme under `prefix`."""
    rows = (
        LedgerEntry.objects.filter(
            area__code__startswith=prefix, cycle__status__in=["reconciled", "closed"]
        )
        .values("cycle_id", "programme")
        .annotate(
            issued=Sum("amount", filter=Q(kind__in=OUT)),
            answered=Sum("amount", filter=Q(kind__in=BACK)),
        )
        .order_by("cycle_id", "programme")
    )
    return [
        Balance(r["cycle_id"], r["programme"], fen(r["issued"]), fen(r["answered"])) for r in rows
    ]


def imbalances(prefix: str = "") -> list[Balance]:
    return [b for b in balances(prefix) if not b.balanced]
