"""The lines of a payroll cycle, computed as a set (D13.3, D1.14, D1.17, D13.5).

A fixed number of queries per cycle whatever its size: the enrolments in force with
their changes (`assistance.entitlements`), the payees' accounts, the months already
paid, the county's earlier cycles (for arrears) and the open recovery orders. Each
part of a line names the rule that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.db.models import Q

from minzheng.assistance.entitlements import (
    amount_in,
    in_force_on,
    in_force_query,
    in_gradual_exit,
)
from minzheng.assistance.models import Enrolment
from minzheng.core import config
from minzheng.core.models import Area
from minzheng.payments.models import (
    CoveredMonth,
    CycleKind,
    Institution,
    PayeeAccount,
    PaymentStop,
    PayrollCycle,
    PayrollLine,
    Placement,
    RecoveryOrder,
    RecoveryStatus,
)
from minzheng.payments.models.payroll import ZERO, LineStatus
from minzheng.payments.payees import INSTITUTIONAL_PROGRAMMES, held_reason, payee_of

FEN = Decimal("0.01")


def months_before(month: dt.date, count: int) -> list[dt.date]:
    """The `count` months before `month`, oldest first."""
    found, year, mon = [], month.year, month.month
    for _ in range(count):
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
        found.append(dt.date(year, mon, 1))
    return found[::-1]


def months_after(month: dt.date, count: int) -> dt.date:
    """The first of the month `count` months after `month`'s."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Context:
    """What the whole cycle needs, read once."""

    cycle: PayrollCycle
    window: list[dt.date]  # months arrears may reach back to
    paid_months: set[tuple[int, dt.date]]  # (person, month) already claimed
    cycle_months: set[dt.date]  # months the county's payroll ran
    accounts: dict[int, PayeeAccount] = field(default_factory=dict)
    recoveries: dict[int, RecoveryOrder] = field(default_factory=dict)
    share: Fraction = Fraction(0)
    stops: dict[tuple[int, int], dt.date] = field(default_factory=dict)  # (enrolment, payee)
    institutions: dict[int, Institution] = field(default_factory=dict)  # person placed


def _context(cycle: PayrollCycle, enrolments: list[Enrolment]) -> Context:
    on, area = cycle.month, cycle.area
    window = months_before(on, config.config_int("payments.arrears.max_months", on=on, area=area))
    payees = {p.pk for e in enrolments if (p := payee_of(e)) is not None}
    covered = CoveredMonth.objects.filter(
        programme=cycle.programme,
        beneficiary_id__in=payees,
        month__gte=window[0] if window else on,
    ).values_list("beneficiary_id", "month")
    ran = PayrollCycle.objects.filter(
        programme=cycle.programme, area=area, kind=CycleKind.REGULAR, month__in=window
    ).exclude(status="draft")
    ctx = Context(cycle, window, set(covered), set(ran.values_list("month", flat=True)))
    ctx.accounts = {a.person_id: a for a in PayeeAccount.objects.filter(person_id__in=payees)}
    orders = RecoveryOrder.objects.filter(
        programme=cycle.programme, beneficiary_id__in=payees, status=RecoveryStatus.OPEN
    ).order_by("created_at", "id")
    for order in orders:  # the oldest open order is deducted first
        ctx.recoveries.setdefault(order.beneficiary_id, order)
    ctx.share = _ratio("payments.recovery.max_deduction_share", on=on, area=area)
    stops = PaymentStop.objects.filter(enrolment_id__in=[e.pk for e in enrolments])
    for enrolment_id, person_id, month in stops.values_list(
        "enrolment_id", "beneficiary_id", "from_month"
    ):  # the earliest stop of a payee's enrolment wins
        key = (enrolment_id, person_id)
        ctx.stops[key] = min(month, ctx.stops.get(key, month))
    if cycle.programme in INSTITUTIONAL_PROGRAMMES:
        placed = (
            Placement.objects.filter(person_id__in=payees, starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
            .select_related("institution")
        )
        ctx.institutions = {p.person_id: p.institution for p in placed}
    return ctx


def _ratio(key: str, *, on: dt.date, area: Area) -> Fraction:
    """A ratio setting as declared (a decimal or a fraction such as 1/3), exactly."""
    typed = config.config_typed(key, on=on, area=area)
    assert isinstance(typed, Fraction)
    return typed


def _arrears(ctx: Context, enrolment: Enrolment, payee_id: int) -> dict[dt.date, Decimal]:
    """Months since the start the county's payroll ran without this payee (approved
    late, D1.8), within the configured reach and before any stop (D13.5), each at
    that month's amount."""
    stop = ctx.stops.get((enrolment.pk, payee_id))
    return {
        month: amount_in(enrolment, month)
        for month in ctx.window
        if month in ctx.cycle_months
        and in_force_on(enrolment, month)
        and (payee_id, month) not in ctx.paid_months
        and (stop is None or month < stop)
    }


def _line(ctx: Context, enrolment: Enrolment, number: int) -> PayrollLine | None:
    cycle, month = ctx.cycle, ctx.cycle.month
    payee = payee_of(enrolment)
    if payee is None or (payee.pk, month) in ctx.paid_months:
        return None  # no payee recorded, or already paid this month by another batch
    stop = ctx.stops.get((enrolment.pk, payee.pk))
    if stop is not None and stop <= month:
        return None  # stopped (death, termination, breach: D13.5, D6.4)
    amount = amount_in(enrolment, month)
    exiting = in_gradual_exit(enrolment, month)
    by_month = _arrears(ctx, enrolment, payee.pk)
    arrears = sum(by_month.values(), ZERO)
    institution = ctx.institutions.get(payee.pk)
    account: PayeeAccount | Institution | None = institution or ctx.accounts.get(payee.pk)
    line = PayrollLine(
        cycle=cycle,
        reference=f"{cycle.pk:08d}{number:08d}",
        beneficiary=payee,
        household=enrolment.household,
        enrolment=enrolment,
        programme=cycle.programme,
        month=month,
        payee_name=institution.name if institution else payee.name,
        payee_id_number=institution.credit_code if institution else payee.id_number,
        institution=institution,
        bank=account.bank if account else "",
        account_number=account.account_number if account else "",
        holder_name=account.holder_name if account else "",
        base=ZERO if exiting else amount,
        gradual_exit=amount if exiting else ZERO,
        arrears=arrears,
        arrears_months=[f"{m:%Y-%m}" for m in by_month],
        basis={"gradual_exit" if exiting else "base": "D1.17" if exiting else "D1.14"},
    )
    line.month_amounts = {month: amount, **by_month}
    if arrears:
        line.basis["arrears"] = "D1.8 D13.3"
    if institution:
        line.basis["payee"] = "D13.1"  # centralised support: the institution's account
    _deduct(ctx, line)
    reason = held_reason(line.payee_name, account)
    line.status, line.held_reason = (
        (LineStatus.HELD, reason) if reason else (LineStatus.PENDING, "")
    )
    return line


def _deduct(ctx: Context, line: PayrollLine) -> None:
    """One instalment of the oldest open recovery order, never more than what is owed
    nor more than the configured share of the line (D13.5)."""
    gross = line.base + line.arrears + line.gradual_exit
    order = ctx.recoveries.get(line.beneficiary_id)
    deduction = ZERO
    if order is not None:
        share = ctx.share
        cap = (gross * share.numerator / share.denominator).quantize(FEN, rounding=ROUND_DOWN)
        deduction = min(order.instalment, order.outstanding, cap)
    if deduction > 0:
        line.deductions, line.recovery = deduction, order
        line.basis["deductions"] = order.rule or "D13.5"  # type: ignore[union-attr]
    line.total = gross - deduction


def cycle_lines(cycle: PayrollCycle) -> list[PayrollLine]:
    """The unsaved lines of `cycle`: one per payee (a second enrolment of the same
    programme paying the same person in the month is left out, never paid twice)."""
    enrolments = list(
        in_force_query(cycle.area_id, cycle.month)
        .filter(programme=cycle.programme)
        .select_related("household__head", "application__applicant")
        .order_by("id")
    )
    ctx = _context(cycle, enrolments)
    lines: list[PayrollLine] = []
    seen: set[int] = set()
    for enrolment in enrolments:
        line = _line(ctx, enrolment, len(lines) + 1)
        if line is not None and line.beneficiary_id not in seen:
            seen.add(line.beneficiary_id)
            lines.append(line)
    return lines


def covered_months(lines: list[PayrollLine]) -> list[CoveredMonth]:
    """The months the saved `lines` pay: each its own and its arrears months."""
    return [
        CoveredMonth(
            line=line,
            beneficiary_id=line.beneficiary_id,
            programme=line.programme,
            month=month,
            amount=amount,
        )
        for line in lines
        for month, amount in line.month_amounts.items()
    ]
