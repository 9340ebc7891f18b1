"""The bank's return file (D13.4): checked whole against the batch, applied whole or
not at all. Any bad line — unknown reference, amount or name mismatch, a line given
twice or already answered, header totals not those of the lines — refuses the file
with a report naming each line and reason; nothing is applied partially."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow import ActionNotPermitted, get_workflow
from minzheng.core.workflow.engine import transition
from minzheng.payments.bankfiles import Layout, codec, layout
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    LedgerEntry,
    LedgerKind,
    LineStatus,
    PaymentStop,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.notices import payee_tell_failed
from minzheng.payments.recoveries import recover_from_line
from minzheng.payments.services.stops import recover_after


@dataclass(frozen=True)
class Problem:
    line_no: int  # in the file, the header being line 1
    reason: str

    def __str__(self) -> str:
        return f"第{self.line_no}行：{self.reason}"


class ReturnFileRefused(PaymentError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("回盘文件未导入，请更正后重新上传：" + "；".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Answer:
    line_no: int
    line: PayrollLine
    outcome: str
    reason: str


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=dict)
    reconciled: bool = False


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value == value.quantize(Decimal("0.01")) else None


def _check_header(rows: list[list[str]], lay: Layout, problems: list[Problem]) -> None:
    if len(rows[0]) != len(lay.header):
        problems.append(Problem(1, f"表头应有{len(lay.header)}项，实有{len(rows[0])}项"))
        return
    head = dict(zip(lay.header, rows[0], strict=True))
    amounts = [
        _amount(dict(zip(lay.return_detail, r, strict=False)).get("amount", "")) for r in rows[1:]
    ]
    total = sum((a for a in amounts if a is not None), Decimal("0.00"))
    if head.get("count", "") != str(len(rows) - 1) or _amount(head.get("total", "")) != total:
        problems.append(
            Problem(1, f"表头合计（{head.get('count')}笔，{head.get('total')}元）与明细不符")
        )


def _check_row(
    no: int, row: list[str], lay: Layout, lines: dict[str, PayrollLine], seen: set[str]
) -> Answer | Problem:
    if len(row) != len(lay.return_detail):
        return Problem(no, f"应有{len(lay.return_detail)}项，实有{len(row)}项")
    item = dict(zip(lay.return_detail, row, strict=True))
    ref = item["reference"]
    if ref in seen:
        return Problem(no, f"流水号{ref}重复出现")
    seen.add(ref)
    line = lines.get(ref)
    if line is None:
        return Problem(no, f"流水号{ref}不属于本批次")
    if line.status != LineStatus.SENT:
        return Problem(no, f"流水号{ref}已有回盘结果（{line.get_status_display()}），不能重复回盘")
    if _amount(item["amount"]) != line.total:
        return Problem(no, f"金额{item['amount']}与发放金额{line.total}不符")
    if item["name"] != line.payee_name:
        return Problem(no, "户名与发放名单不符")
    outcome = lay.results.get(item["result"])
    if outcome is None:
        return Problem(no, f"无法识别的处理结果代码“{item['result']}”")
    return Answer(no, line, outcome, item.get("reason", ""))


def check_return_file(
    cycle: PayrollCycle, data: bytes, lay: Layout, encoding: str
) -> list[Answer]:
    try:
        text = data.decode(codec(encoding))
    except UnicodeDecodeError:
        raise ReturnFileRefused([Problem(1, f"文件不是 {encoding} 编码")]) from None
    rows = [r.split(lay.delimiter) for r in text.splitlines() if r.strip()]
    if len(rows) < 2:
        raise ReturnFileRefused([Problem(1, "文件没有明细行")])
    problems: list[Problem] = []
    _check_header(rows, lay, problems)
    lines = {ln.reference: ln for ln in PayrollLine.objects.filter(cycle=cycle)}
    answers: list[Answer] = []
    seen: set[str] = set()
    for no, row in enumerate(rows[1:], start=2):
        found = _check_row(no, row, lay, lines, seen)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            answers.append(found)
    if problems:
        raise ReturnFileRefused(problems)
    return answers


LEDGER = {"paid": LedgerKind.PAID, "failed": LedgerKind.FAILED, "returned": LedgerKind.RETURNED}


def _apply(answer: Answer, cycle: PayrollCycle, actor: User, today: dt.date) -> None:
    line = answer.line
    PayrollLine.objects.filter(pk=line.pk).update(
        status=answer.outcome, bank_reason=answer.reason[:200], answered_on=today
    )
    LedgerEntry.objects.create(
        kind=LEDGER[answer.outcome],
        amount=line.total,
        programme=cycle.programme,
        area_id=cycle.area_id,
        cycle=cycle,
        line=line,
        actor=actor,
        note=answer.reason[:200],
    )
    if answer.outcome == "paid" and line.recovery_id:
        recover_from_line(line, actor=actor)
    if answer.outcome != "paid":
        payee_tell_failed(line)


def _recover_stopped(answers: list[Answer], actor: User) -> None:
    """A line in flight when its payee was stopped, paid all the same: recovered."""
    paid = {(a.line.enrolment_id, a.line.beneficiary_id) for a in answers if a.outcome == "paid"}
    stops = PaymentStop.objects.filter(enrolment_id__in={e for e, _ in paid})
    for stop in stops.select_related("enrolment__household"):
        if (stop.enrolment_id, stop.beneficiary_id) in paid:
            recover_after(stop, actor)


OUTCOME_LABELS = {"paid": "成功", "failed": "失败", "returned": "退回"}


def _counted(outcome: Outcome) -> str:
    return "，".join(f"{OUTCOME_LABELS[k]}{n}笔" for k, n in sorted(outcome.counts.items()))


def return_file_apply(
    *,
    actor: User,
    cycle: PayrollCycle,
    data: bytes,
    layout_code: str,
    encoding: str,
    today: dt.date | None = None,
) -> Outcome:
    lay = layout(layout_code)
    if not lay.return_detail:
        raise PaymentError(f"银行文件格式：“{lay.name}”没有回盘文件格式，请选择银行回盘所用的格式")
    reconcile = get_workflow("payroll").find("reconcile")
    if actor.role not in reconcile.roles:  # the import ends by reconciling the batch
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权导入回盘文件")
    with transaction.atomic():
        locked = PayrollCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status != "sent":
            raise PaymentError("只有已送银行的批次可以导入回盘文件")
        if not actor.reaches(locked.area_id):
            raise PaymentError("该批次不在您的管辖区域内")
        answers = check_return_file(locked, data, lay, encoding)
        outcome = Outcome()
        for answer in answers:
            _apply(answer, locked, actor, today or timezone.localdate())
            outcome.counts[answer.outcome] = outcome.counts.get(answer.outcome, 0) + 1
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=locked,
            summary=f"导入回盘文件：{len(answers)}笔（{_counted(outcome)}）",
        )
        _recover_stopped(answers, actor)
        if not PayrollLine.objects.filter(cycle=locked, status=LineStatus.SENT).exists():
            transition(locked, "reconcile", actor)
            outcome.reconciled = True
    cycle.status = cycle._loaded_status = locked.status
    return outcome
