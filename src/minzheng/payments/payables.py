"""Institutional payables (单位资金拨付): paying an organisation rather than a person
(D13.1: "to the institution's account"; D13.3: payee and account copied when the
payable is opened, a failed payment re-issued within the window, issued = paid +
failed + returned). The general mechanism domains use (issue 14 items 5 and 6):

- `payable_open(...)` when the domain's decision is approved (an approved meal
  settlement, an approved facility subsidy): one payable per source object — a second
  is refused here and by the database (`a_source_is_paid_once`);
- `payable_act(...)` by the county bureau: send (ledger `issued`), the bank's answer
  (`paid`, `failed`, `returned` with the bank's reason), and `reissue` (ledger
  `reissued`) within `payments.reissue.working_days` working days of the answer, to the
  payee's current account (`register_payee_source`: the domain tells where it is).

Every ledger entry names the payable (and so its source object: `source_kind`,
`source_id`); its note repeats the source in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import transition
from minzheng.payments.models import InstitutionalPayable, LedgerEntry, LedgerKind
from minzheng.payments.models.payables import PayableProgramme

CENT = Decimal("0.01")
LEDGER_KIND = {
    "send": LedgerKind.ISSUED,
    "confirm_paid": LedgerKind.PAID,
    "record_failed": LedgerKind.FAILED,
    "record_returned": LedgerKind.RETURNED,
    "reissue": LedgerKind.REISSUED,
}
DOUBLE = "该事项已生成拨付记录，不能重复拨付"


@dataclass(frozen=True)
class Payee:
    """The organisation paid and its account, as the domain keeps them."""

    kind: str  # e.g. "elderly.operator"
    ref: int
    name: str
    credit_code: str
    bank: str
    account_number: str
    holder_name: str


PayeeSource = Callable[[int], Payee | None]
_PAYEE_SOURCES: dict[str, PayeeSource] = {}


def register_payee_source(kind: str, source: PayeeSource) -> None:
    """Where the current account of a payee of `kind` is read (for a re-issue)."""
    _PAYEE_SOURCES[kind] = source


def check_payee(payee: Payee) -> None:
    if not payee.bank or not payee.account_number:
        raise ValidationError({"account_number": f"收款单位“{payee.name}”未登记开户银行和账号"})
    if payee.holder_name != payee.name:
        raise ValidationError(
            {"holder_name": "账户户名与收款单位名称不一致，不得拨付到他人账户（D13.2）"}
        )


@transaction.atomic
def payable_open(
    *,
    actor: User,
    programme: str,
    county_code: str,
    month: dt.date,
    amount: Decimal,
    source_kind: str,
    source_id: int,
    source_label: str,
    subject_kind: str,
    subject_id: int,
    payee: Payee,
) -> InstitutionalPayable:
    """Open the payable of one source object (refused if it has one already)."""
    if programme not in PayableProgramme.values:
        raise ValidationError({"programme": "未知的资金项目"})
    amount = Decimal(amount).quantize(CENT)
    if amount <= 0:
        raise ValidationError({"amount": "拨付金额必须大于零"})
    check_payee(payee)
    if InstitutionalPayable.objects.filter(source_kind=source_kind, source_id=source_id).exists():
        raise ValidationError({"source": DOUBLE})
    payable = InstitutionalPayable(
        area_id=county_code[:6],
        programme=programme,
        month=month.replace(day=1),
        amount=amount,
        source_kind=source_kind,
        source_id=source_id,
        source_label=source_label[:120],
        subject_kind=subject_kind,
        subject_id=subject_id,
        payee_kind=payee.kind,
        payee_ref=payee.ref,
        payee_name=payee.name,
        payee_credit_code=payee.credit_code,
        bank=payee.bank,
        account_number=payee.account_number,
        holder_name=payee.holder_name,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            payable.save()
    except IntegrityError as exc:  # the same source opened at the same moment
        raise ValidationError({"source": DOUBLE}) from exc
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=payable,
        area_code=payable.area_id,
        summary=f"生成单位资金拨付：{payable.source_label}，{payable.payee_name}，{amount}元",
    )
    return payable


def _current_account(payable: InstitutionalPayable) -> None:
    source = _PAYEE_SOURCES.get(payable.payee_kind)
    payee = source(payable.payee_ref) if source else None
    if payee is None:
        return
    check_payee(payee)
    payable.payee_name, payable.payee_credit_code = payee.name, payee.credit_code
    payable.bank, payable.account_number = payee.bank, payee.account_number
    payable.holder_name = payee.holder_name


@transaction.atomic
def payable_act(
    *,
    actor: User,
    payable: InstitutionalPayable,
    action: str,
    note: str = "",
    today: dt.date | None = None,
) -> InstitutionalPayable:
    """One step of the payable through the engine, and its ledger entry."""
    today = today or timezone.localdate()
    transition(payable, action, actor, note=note, today=today)
    kind = LEDGER_KIND[action]
    fields: list[str] = []
    if action in ("record_failed", "record_returned"):
        payable.bank_reason, payable.answered_on = note[:200], today
        fields = ["bank_reason", "answered_on"]
    elif action == "reissue":
        _current_account(payable)
        payable.reissues += 1
        fields = ["payee_name", "payee_credit_code", "bank", "account_number", "holder_name"]
        fields += ["reissues"]
    if fields:
        payable.save(update_fields=fields)
    LedgerEntry.objects.create(
        kind=kind,
        amount=payable.amount,
        programme=payable.programme,
        area_id=payable.area_id,
        payable=payable,
        actor=actor,
        note=f"{payable.source_label}（来源编号{payable.source_id}）"[:200],
    )
    return payable


def payable_of(source_kind: str, source_id: int) -> InstitutionalPayable | None:
    return InstitutionalPayable.objects.filter(
        source_kind=source_kind, source_id=source_id
    ).first()


def payable_balances(prefix: str = "") -> list[tuple[int, Decimal, Decimal]]:
    """(payable, issued + reissued, paid + failed + returned) of each paid payable under
    `prefix` whose two sums differ (D13.3); empty when the ledger balances."""
    out = []
    entries = LedgerEntry.objects.filter(
        payable__isnull=False, area__code__startswith=prefix, payable__status="paid"
    ).values_list("payable_id", "kind", "amount")
    sums: dict[int, list[Decimal]] = {}
    for pid, kind, amount in entries:
        pair = sums.setdefault(pid, [Decimal("0.00"), Decimal("0.00")])
        pair[0 if kind in (LedgerKind.ISSUED, LedgerKind.REISSUED) else 1] += amount
    for pid, (out_, back) in sorted(sums.items()):
        if out_ != back:
            out.append((pid, out_, back))
    return out
