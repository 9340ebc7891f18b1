from minzheng.payments.models.accounts import PayeeAccount
from minzheng.payments.models.institutions import Institution, Placement
from minzheng.payments.models.ledger import LedgerEntry, LedgerKind
from minzheng.payments.models.payables import InstitutionalPayable, PayableProgramme
from minzheng.payments.models.payroll import (
    CoveredMonth,
    CycleKind,
    LineStatus,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.models.recovery import RecoveryOrder, RecoveryStatus
from minzheng.payments.models.stops import STOP_RULES, PaymentStop, StopCause

__all__ = [
    "STOP_RULES",
    "CoveredMonth",
    "CycleKind",
    "Institution",
    "InstitutionalPayable",
    "LedgerEntry",
    "LedgerKind",
    "LineStatus",
    "PayableProgramme",
    "PayeeAccount",
    "PaymentStop",
    "PayrollCycle",
    "PayrollLine",
    "Placement",
    "RecoveryOrder",
    "RecoveryStatus",
    "StopCause",
]
