"""The bank's return file (D13.4): checked whole against the batch, applied whole or
not at all. Any bad line — unknown reference, amount or name mismatch, a line given
twice or already answered, header totals not those of the lines — refuses the file
with a report naming each line and reason; nothing is applied partially."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow import ActionNotPermitted, get_workflow
from minzheng.core.workflow.engine import transition
from minzheng.payments.bankfiles import Layout, codec, fixed_fields, fixed_length, layout
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    LedgerKind,
    LineStatus,
    PaymentStop,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.notices import payee_tell_failed
from minzheng.payments.recoveries import recover_from_lines
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


class Sent(NamedTuple):
    """What the check needs of a line of the batch: a tuple, not a model instance, so
    that a city-sized batch (a million lines) is read in seconds and little memory."""

    pk: int
    status: str
    total: Decimal
    payee_name: str


@dataclass(frozen=True)
class Answer:
    line_no: int
    line: Sent
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
    no: int, row: list[str], lay: Layout, lines: dict[str, Sent], seen: set[str]
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
        label = LineStatus(line.status).label
        return Problem(no, f"流水号{ref}已有回盘结果（{label}），不能重复回盘")
    if _amount(item["amount"]) != line.total:
        return Problem(no, f"金额{item['amount']}与发放金额{line.total}不符")
    if item["name"] != line.payee_name:
        return Problem(no, "户名与发放名单不符")
    outcome = lay.results.get(item["result"])
    if outcome is None:
        return Problem(no, f"无法识别的处理结果代码“{item['result']}”")
    return Answer(no, line, outcome, item.get("reason", ""))


def _fixed_rows(data: bytes, lay: Layout, enc: str) -> tuple[list[list[str]], list[Problem]]:
    """A fixed-width file's lines cut by bytes (a Chinese character is two bytes in GBK);
    a line of the wrong length is a problem of its own, its row left empty."""
    rows: list[list[str]] = []
    problems: list[Problem] = []
    lines = [line for line in data.splitlines() if line.strip()]
    for no, line in enumerate(lines, start=1):
        fields = lay.header if no == 1 else lay.return_detail
        expected = fixed_length(fields, lay)
        if len(line) != expected:
            problems.append(Problem(no, f"长度应为{expected}字节，实有{len(line)}字节"))
            rows.append([])
            continue
        rows.append(fixed_fields(line, fields, lay, enc))
    return rows, problems


def _rows(data: bytes, lay: Layout, encoding: str) -> tuple[list[list[str]], list[Problem]]:
    try:
        if lay.format == "fixed":
            return _fixed_rows(data, lay, codec(encoding))
        text = data.decode(codec(encoding))
    except UnicodeDecodeError:
        raise ReturnFileRefused([Problem(1, f"文件不是 {encoding} 编码")]) from None
    return [r.split(lay.delimiter) for r in text.splitlines() if r.strip()], []


def check_return_file(
    cycle: PayrollCycle, data: bytes, lay: Layout, encoding: str
) -> list[Answer]:
    rows, problems = _rows(data, lay, encoding)
    if len(rows) < 2:
        raise ReturnFileRefused([Problem(1, "文件没有明细行")])
    cut = {p.line_no for p in problems}  # fixed-width lines of the wrong length
    if not cut:  # (with a line unread, the header's totals cannot match: not said twice)
        _check_header(rows, lay, problems)
    found = PayrollLine.objects.filter(cycle=cycle).order_by()
    lines = {
        ref: Sent(pk, status, total, name)
        for ref, pk, status, total, name in found.values_list(
            "reference", "pk", "status", "total", "payee_name"
        )
    }
    answers: list[Answer] = []
    seen: set[str] = set()
    for no, row in enumerate(rows[1:], start=2):
        if no in cut:
            continue
        checked = _check_row(no, row, lay, lines, seen)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            answers.append(checked)
    if problems:
        raise ReturnFileRefused(problems)
    return answers


LEDGER = {"paid": LedgerKind.PAID, "failed": LedgerKind.FAILED, "returned": LedgerKind.RETURNED}

# The ledger entry of each line answered, written by the database from the line (its
# amount is the line's total, which the check compared with the file's).
ANSWERED_TO_LEDGER = """
INSERT INTO payments_ledgerentry
    (kind, amount, programme, area_id, cycle_id, line_id, at, actor_id, note)
SELECT %s, total, programme, %s, cycle_id, id, %s, %s, %s
FROM payments_payrollline WHERE cycle_id = %s AND id IN ({ids})
"""


CHUNK = 10_000  # lines per statement (on SQLite, the parameters it takes)


def _chunks(ids: list[int]) -> list[list[int]]:
    """`ids` in pieces an `IN (…)` takes on either engine (SQLite: 999 parameters)."""
    limit = connection.features.max_query_params  # None on PostgreSQL
    size = min(CHUNK, limit - 10) if limit else CHUNK
    return [ids[k : k + size] for k in range(0, len(ids), size)]


def _write(answers: list[Answer], cycle: PayrollCycle, actor: User, today: dt.date) -> None:
    """Set-based: per outcome and bank reason, the lines answered that way are updated
    and get their ledger entries (issued = paid + failed/returned, D13.3) with two
    statements per few thousand lines — not two per line."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for a in answers:
        groups[a.outcome, a.reason[:200]].append(a.line.pk)
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for (outcome, reason), ids in groups.items():
            for chunk in _chunks(ids):
                PayrollLine.objects.filter(pk__in=chunk).update(
                    status=outcome, bank_reason=reason, answered_on=today
                )
                cursor.execute(
                    ANSWERED_TO_LEDGER.format(ids=", ".join(["%s"] * len(chunk))),
                    [LEDGER[outcome].value, cycle.area_id, at, actor.pk, reason, cycle.pk, *chunk],
                )


@dataclass(frozen=True)
class InFlight:
    """The lines in flight that concern few lines, read before the answers are
    written: those deducting for a recovery order, and those whose payee was stopped
    while they were in flight (with the stops), by line."""

    deducting: set[int]
    stopped: dict[int, list[PaymentStop]]


def _in_flight(cycle: PayrollCycle) -> InFlight:
    sent = PayrollLine.objects.filter(cycle=cycle, status=LineStatus.SENT)
    stop = PaymentStop.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), beneficiary_id=OuterRef("beneficiary_id")
    )
    pairs = {
        (e, b): pk
        for pk, e, b in sent.filter(Exists(stop)).values_list(
            "pk", "enrolment_id", "beneficiary_id"
        )
    }
    stopped: dict[int, list[PaymentStop]] = defaultdict(list)
    stops = PaymentStop.objects.filter(enrolment_id__in={e for e, _ in pairs})
    for s in stops.select_related("enrolment__household").order_by("id"):
        if (s.enrolment_id, s.beneficiary_id) in pairs:
            stopped[pairs[s.enrolment_id, s.beneficiary_id]].append(s)
    deducting = set(sent.filter(recovery__isnull=False).values_list("pk", flat=True))
    return InFlight(deducting, stopped)


def _follow_up(answers: list[Answer], before: InFlight, actor: User) -> None:
    """What concerns few lines, once the lines are written: deductions of paid lines
    recovered (D13.5), payees of failed lines told, stopped payees' paid lines
    recovered."""
    paid = {a.line.pk for a in answers if a.outcome == "paid"}
    deducted = PayrollLine.objects.filter(pk__in=before.deducting & paid).order_by("id")
    recover_from_lines(list(deducted), actor=actor)
    failed = [a.line.pk for a in answers if a.outcome != "paid"]
    for chunk in _chunks(failed):
        for line in PayrollLine.objects.filter(pk__in=chunk).select_related("household__area"):
            payee_tell_failed(line)
    for line_id, stops in before.stopped.items():
        if line_id in paid:
            for stop in stops:
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
            outcome.counts[answer.outcome] = outcome.counts.get(answer.outcome, 0) + 1
        before = _in_flight(locked)
        _write(answers, locked, actor, today or timezone.localdate())
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=locked,
            summary=f"导入回盘文件：{len(answers)}笔（{_counted(outcome)}）",
        )
        _follow_up(answers, before, actor)
        if not PayrollLine.objects.filter(cycle=locked, status=LineStatus.SENT).exists():
            transition(locked, "reconcile", actor)
            outcome.reconciled = True
    cycle.status = cycle._loaded_status = locked.status
    return outcome
