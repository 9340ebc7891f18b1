"""Recording stops and the recovery orders they open in bulk (D13.5, D2.7, D6.4).

`stops_sweep` finds a month's stops (a few thousand in a city: deaths, terminations) and
hands them here at once: one `bulk_create` of the stops, one read of what their payees
were paid and of the months other stops' orders already claim, one `bulk_create` of the
orders, and one batch of audit entries (one per stop and one per order, in the order
one-by-one recording would write them: `core.audit.audit_record_many`). Recording them
one at a time cost about 26 ms each (bench/bench_payroll.py, 1,000 deaths). The rules are
those of one stop: payment stops from the event's month plus the programme's
`payments.stop.months_after`, never after `latest` (a termination's own effective
month); whatever was paid for a month from then on and not yet claimed by another
stop's order becomes one order, whose instalment is the whole amount (D13.5)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from minzheng.assistance.models import Programme
from minzheng.core import config
from minzheng.core.audit import Entry, audit_record_many
from minzheng.core.models import Area, AuditAction, User
from minzheng.payments.computation import months_after
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    STOP_RULES,
    CoveredMonth,
    LineStatus,
    PaymentStop,
    PayrollLine,
    RecoveryOrder,
    StopCause,
)

KEY = "payments.stop.months_after"
LABELS = dict(Programme.choices)
ZERO = Decimal("0.00")
CHUNK = 500  # ids per `IN (…)`: within SQLite's limit of bound variables
Key = tuple[int, int]  # (enrolment, payee)


@dataclass(frozen=True)
class Found:
    """A stop to record: the enrolment, its payee, the household's area (the settings'
    area and the audit's), the cause, the event and, for a termination, the month the
    stop may not start after."""

    enrolment_id: int
    beneficiary_id: int
    programme: str
    area_id: str
    cause: str
    event_on: dt.date
    reason: str
    latest: dt.date | None = None


def stop_month(programme: str, event_on: dt.date, area: Area) -> dt.date:
    """The first month not paid: the event's month plus the programme's setting."""
    months = dict(config.config_typed(KEY, on=event_on, area=area))  # type: ignore[call-overload]
    if programme not in months:
        raise PaymentError(f"停发月数：未设置“{LABELS.get(programme, programme)}”的停发月数")
    return months_after(event_on, int(months[programme]))


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _fresh(found: list[Found]) -> list[Found]:
    """Those not recorded yet (`one_stop_per_cause`), each once."""
    recorded: set[tuple[int, int, str]] = set()
    for ids in _chunks(f.enrolment_id for f in found):
        rows = PaymentStop.objects.filter(enrolment_id__in=ids)
        recorded.update(rows.values_list("enrolment_id", "beneficiary_id", "cause"))
    fresh = []
    for f in found:
        key = (f.enrolment_id, f.beneficiary_id, f.cause)
        if key not in recorded:
            recorded.add(key)
            fresh.append(f)
    return fresh


def _stops(found: list[Found], actor: User | None) -> list[PaymentStop]:
    areas = Area.objects.in_bulk({f.area_id for f in found})
    months: dict[tuple[str, dt.date, str], dt.date] = {}
    stops = []
    for f in found:
        key = (f.programme, f.event_on, f.area_id)
        if key not in months:
            months[key] = stop_month(f.programme, f.event_on, areas[f.area_id])
        from_month = months[key]
        if f.latest is not None:
            from_month = min(from_month, f.latest.replace(day=1))
        stops.append(
            PaymentStop(
                enrolment_id=f.enrolment_id,
                beneficiary_id=f.beneficiary_id,
                programme=f.programme,
                cause=f.cause,
                event_on=f.event_on,
                from_month=from_month,
                rule=STOP_RULES[StopCause(f.cause)],
                reason=f.reason[:300],
                created_by=actor,
            )
        )
    return stops


def paid_by(keys: set[Key]) -> dict[Key, dict[dt.date, Decimal]]:
    """Each month paid to each payee under each enrolment and what it paid: the months
    of its paid lines, a paid re-issue counting the months of its source."""
    sources: dict[Key, list[int]] = defaultdict(list)
    for ids in _chunks(person for _, person in keys):
        lines = PayrollLine.objects.filter(beneficiary_id__in=ids, status=LineStatus.PAID)
        for line, source, enrolment, person in lines.values_list(
            "id", "reissue_of_id", "enrolment_id", "beneficiary_id"
        ):
            if (enrolment, person) in keys:
                sources[(enrolment, person)].append(source or line)
    months: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for ids in _chunks(line for lines in sources.values() for line in lines):
        rows = CoveredMonth.objects.filter(line_id__in=ids)
        for line, month, amount in rows.values_list("line_id", "month", "amount"):
            months[line].append((month, amount))
    return {key: dict(m for line in lines for m in months[line]) for key, lines in sources.items()}


def _claimed(persons: Iterable[int]) -> dict[tuple[int, str], set[str]]:
    """Months already in a stop's recovery order, per person and programme."""
    claimed: dict[tuple[int, str], set[str]] = defaultdict(set)
    for ids in _chunks(persons):
        orders = RecoveryOrder.objects.filter(beneficiary_id__in=ids, stop__isnull=False)
        rows = orders.values_list("beneficiary_id", "programme", "months")
        for person, programme, months in rows:
            claimed[(person, programme)].update(months)
    return claimed


def _order(
    stop: PaymentStop, area_id: str, owed: dict[str, Decimal], actor: User | None
) -> tuple[RecoveryOrder, str]:
    amount = sum(owed.values(), ZERO)
    months = sorted(owed)
    cause = f"{stop.get_cause_display()}后已发放（{stop.from_month:%Y年%m月}起停发）"
    order = RecoveryOrder(
        beneficiary_id=stop.beneficiary_id,
        programme=stop.programme,
        area_id=area_id[:6],
        amount=amount,
        instalment=amount,
        months=months,
        reason=f"{cause}：{stop.reason}"[:300],
        rule=stop.rule,
        stop=stop,
        created_by=actor,
    )
    return order, f"停发后追回：{'、'.join(months)}共{amount}元"


def orders_after(
    stops: list[PaymentStop], areas: list[str], actor: User | None
) -> dict[int, tuple[RecoveryOrder, str]]:
    """The order (unsaved, with its audit summary) each stop opens, by the stop's
    position: what was paid for months from the stop on and not yet claimed by another
    stop's order, the stops claiming months in turn. `areas`: each stop's household's."""
    paid = paid_by({(s.enrolment_id, s.beneficiary_id) for s in stops})
    claimed = _claimed(s.beneficiary_id for s in stops)
    orders = {}
    for i, (stop, area_id) in enumerate(zip(stops, areas, strict=True)):
        taken = claimed[(stop.beneficiary_id, stop.programme)]
        owed = {
            f"{m:%Y-%m}": amount
            for m, amount in paid.get((stop.enrolment_id, stop.beneficiary_id), {}).items()
            if m >= stop.from_month and f"{m:%Y-%m}" not in taken
        }
        if sum(owed.values(), ZERO) > 0:
            orders[i] = _order(stop, area_id, owed, actor)
            taken.update(owed)
    return orders


def record_stops(*, actor: User | None, found: list[Found]) -> list[PaymentStop]:
    """Record the stops not recorded yet and open their recovery orders, audited;
    returns the stops recorded."""
    found = _fresh(found)
    if not found:
        return []
    stops = _stops(found, actor)
    with transaction.atomic():
        PaymentStop.objects.bulk_create(stops, batch_size=1000)
        orders = orders_after(stops, [f.area_id for f in found], actor)
        RecoveryOrder.objects.bulk_create([o for o, _ in orders.values()], batch_size=1000)
        entries = []
        for i, (stop, f) in enumerate(zip(stops, found, strict=True)):
            summary = f"停发：{stop.get_cause_display()}，{stop.from_month:%Y年%m月}起"
            entries.append(Entry(AuditAction.CREATE, stop, summary, area_code=f.area_id))
            if i in orders:
                entries.append(Entry(AuditAction.CREATE, orders[i][0], orders[i][1]))
        audit_record_many(actor=actor, entries=entries)
    return stops
