"""The parts of a payroll line that concern few lines: arrears and recovery
deductions (D1.8, D13.3, D13.5), added to the lines the database wrote
(`payments.payroll_sql`, which also leaves out stopped payees and pays placed 特困
people's institutions). Arrears never reach a stop month (D13.5). A fixed number of
queries per cycle whatever its size: the lines needing either, their enrolments with
their changes (`assistance.entitlements`), the months already paid, the county's
earlier cycles, the open recovery orders and the stops. Each part of a line names the
rule that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q

from minzheng.assistance.entitlements import amount_in, in_force_on, in_force_query
from minzheng.assistance.models import Enrolment
from minzheng.core import config
from minzheng.core.models import Area
from minzheng.payments.models import (
    CoveredMonth,
    CycleKind,
    PaymentStop,
    PayrollCycle,
    PayrollLine,
    RecoveryOrder,
    RecoveryStatus,
)
from minzheng.payments.models.payroll import ZERO
from minzheng.payments.payees import HOUSEHOLD_PROGRAMMES

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
    # (household, month) claimed for the household (household programmes, D13.1)
    household_months: set[tuple[int, dt.date]] = field(default_factory=set)
    recoveries: dict[int, RecoveryOrder] = field(default_factory=dict)
    share: Fraction = Fraction(0)
    stops: dict[tuple[int, int], dt.date] = field(default_factory=dict)  # (enrolment, payee)


def _ratio(key: str, *, on: dt.date, area: Area) -> Fraction:
    """A ratio setting as declared (a decimal or a fraction such as 1/3), exactly."""
    typed = config.config_typed(key, on=on, area=area)
    assert isinstance(typed, Fraction)
    return typed


def _arrears(ctx: Context, enrolment: Enrolment, payee_id: int) -> dict[dt.date, Decimal]:
    """Months since the start the county's payroll ran without this payee — nor, for a
    household programme, without this household (a former head paid, D13.1) — approved
    late (D1.8), within the configured reach and before any stop (D13.5), each at that
    month's amount."""
    stop = ctx.stops.get((enrolment.pk, payee_id))
    return {
        month: amount_in(enrolment, month)
        for month in ctx.window
        if month in ctx.cycle_months
        and in_force_on(enrolment, month)
        and (payee_id, month) not in ctx.paid_months
        and (enrolment.household_id, month) not in ctx.household_months
        and (stop is None or month < stop)
    }


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


def _needing_arrears(cycle: PayrollCycle, ran: set[dt.date]) -> set[int]:
    """Lines of `cycle` whose enrolment was in force in a month the county's payroll
    ran without this payee, nor (a household programme) without this household, approved
    late (D1.8): one anti-join per such month."""
    found: set[int] = set()
    household = cycle.programme in HOUSEHOLD_PROGRAMMES
    for month in ran:
        claims = CoveredMonth.objects.filter(programme=cycle.programme, month=month)
        lines = (
            PayrollLine.objects.filter(cycle=cycle, enrolment__starts_on__lte=month)
            .filter(Q(enrolment__ends_on__isnull=True) | Q(enrolment__ends_on__gt=month))
            .exclude(Exists(claims.filter(beneficiary_id=OuterRef("beneficiary_id"))))
        )
        if household:
            mine = claims.filter(household_id=OuterRef("household_id"), household_claim=True)
            lines = lines.exclude(Exists(mine))
        found |= set(lines.values_list("pk", flat=True))
    return found


def patch_lines(cycle: PayrollCycle) -> list[PayrollLine]:
    """Add arrears and deductions to the stored lines of `cycle` that have any (the
    database wrote the rest, `payroll_sql.insert_lines`): few lines, a fixed number of
    queries. Returns the lines changed."""
    on, area = cycle.month, cycle.area
    window = months_before(on, config.config_int("payments.arrears.max_months", on=on, area=area))
    ran = PayrollCycle.objects.filter(
        programme=cycle.programme, area=area, kind=CycleKind.REGULAR, month__in=window
    ).exclude(status="draft")
    ctx = Context(cycle, window, set(), set(ran.values_list("month", flat=True)))
    owing = RecoveryOrder.objects.filter(
        programme=cycle.programme,
        status=RecoveryStatus.OPEN,
        beneficiary_id=OuterRef("beneficiary_id"),
    )
    ids = _needing_arrears(cycle, ctx.cycle_months) | set(
        PayrollLine.objects.filter(cycle=cycle).filter(Exists(owing)).values_list("pk", flat=True)
    )
    if not ids:
        return []
    lines = list(PayrollLine.objects.filter(pk__in=ids).order_by("id"))
    payees = {ln.beneficiary_id for ln in lines}
    claims = CoveredMonth.objects.filter(
        programme=cycle.programme, month__gte=window[0] if window else on
    )
    ctx.paid_months = set(
        claims.filter(beneficiary_id__in=payees).values_list("beneficiary_id", "month")
    )
    if cycle.programme in HOUSEHOLD_PROGRAMMES:
        households = {ln.household_id for ln in lines}
        ctx.household_months = set(
            claims.filter(household_id__in=households, household_claim=True).values_list(
                "household_id", "month"
            )
        )
    orders = RecoveryOrder.objects.filter(
        programme=cycle.programme, beneficiary_id__in=payees, status=RecoveryStatus.OPEN
    ).order_by("created_at", "id")
    for order in orders:  # the oldest open order is deducted first
        ctx.recoveries.setdefault(order.beneficiary_id, order)
    ctx.share = _ratio("payments.recovery.max_deduction_share", on=on, area=area)
    stops = PaymentStop.objects.filter(enrolment_id__in={ln.enrolment_id for ln in lines})
    for enrolment_id, person_id, month in stops.values_list(
        "enrolment_id", "beneficiary_id", "from_month"
    ):  # the earliest stop of a payee's enrolment wins
        key = (enrolment_id, person_id)
        ctx.stops[key] = min(month, ctx.stops.get(key, month))
    enrolments = {
        e.pk: e
        for e in in_force_query(cycle.area_id, on).filter(pk__in={ln.enrolment_id for ln in lines})
    }
    for line in lines:
        line.month_amounts = _arrears(ctx, enrolments[line.enrolment_id], line.beneficiary_id)
        line.arrears = sum(line.month_amounts.values(), ZERO)
        line.arrears_months = [f"{m:%Y-%m}" for m in line.month_amounts]
        if line.arrears:
            line.basis["arrears"] = "D1.8 D13.3"
        _deduct(ctx, line)
    PayrollLine.objects.bulk_update(
        lines, ["arrears", "arrears_months", "basis", "deductions", "total", "recovery"]
    )
    return lines


def arrears_covered(lines: list[PayrollLine]) -> list[CoveredMonth]:
    """The months of arrears the patched `lines` pay, each with its amount (what a stop
    later recovers, D13.5), claimed for the household too in a household programme;
    their own month is claimed by `payroll_sql.insert_covered`."""
    return [
        CoveredMonth(
            line=line,
            beneficiary_id=line.beneficiary_id,
            household_id=line.household_id,
            household_claim=line.programme in HOUSEHOLD_PROGRAMMES,
            programme=line.programme,
            month=month,
            amount=amount,
        )
        for line in lines
        for month, amount in line.month_amounts.items()
    ]
