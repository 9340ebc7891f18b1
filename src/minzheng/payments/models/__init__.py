from minzheng.payments.models.accounts import PayeeAccount
from minzheng.payments.models.ledger import LedgerEntry, LedgerKind
from minzheng.payments.models.payroll import (
    CoveredMonth,
    CycleKind,
    LineStatus,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.models.recovery import RecoveryOrder, RecoveryStatus

__all__ = [
    "CoveredMonth",
    "CycleKind",
    "LedgerEntry",
    "LedgerKind",
    "LineStatus",
    "PayeeAccount",
    "PayrollCycle",
    "PayrollLine",
    "RecoveryOrder",
    "RecoveryStatus",
]
