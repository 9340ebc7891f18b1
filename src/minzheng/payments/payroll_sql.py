"""A cycle's lines written by the database itself (D13.3, D1.14, D1.17, D13.2): one
`INSERT … SELECT` over the enrolments in force, and one for the months they claim.

Why: building a model instance per line and sending it back through `bulk_create`
cost about 2 ms a line on the shared machine — half an hour for a city of a million
beneficiaries (bench/bench_payroll.py). Here the SELECT is an ORM queryset, so Django
writes it for SQLite and PostgreSQL alike, and the rules stay the ones of
`assistance.entitlements` and `payments.payees`, expressed as a query:

- the amount in force is that of the latest amount-setting change effective by the
  month (else the enrolment's amount), and it is a gradual-exit amount when that
  change entered the gradual exit (D1.16, D1.17) — as `entitlements.amount_in`;
- the payee is the head for household programmes, the applicant otherwise (D13.1,
  D13.2) — as `payees.payee_of`; one line per payee (the lowest enrolment wins), and
  none for a payee whose month another batch already claimed;
- the account is the payee's at this moment (frozen on the line); a line without one,
  or whose holder is not the payee, is held with the reason of `payees.held_reason`.

Arrears and recovery deductions concern few lines; they are added afterwards by the
Python rules of `payments.computation` (`patch_lines`)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, LPad, RowNumber, Trim

from minzheng.assistance.entitlements import in_force_query
from minzheng.assistance.models import EnrolmentChange
from minzheng.assistance.models.enrolment import ChangeKind
from minzheng.payments.models import CoveredMonth, PayeeAccount, PayrollCycle, PayrollLine
from minzheng.payments.models.payroll import ZERO, LineStatus
from minzheng.payments.payees import HOUSEHOLD_PROGRAMMES, NO_ACCOUNT, OTHERS_CARD

MONEY = DecimalField(max_digits=12, decimal_places=2)


def _payee(cycle: PayrollCycle) -> str:
    return (
        "household__head" if cycle.programme in HOUSEHOLD_PROGRAMMES else "application__applicant"
    )


def _in_force(cycle: PayrollCycle, payee: str) -> QuerySet[Any]:
    """Enrolments paid this month: in force, with a payee, not yet paid by another
    batch, and the first of each payee."""
    claimed = CoveredMonth.objects.filter(
        beneficiary_id=OuterRef(f"{payee}_id"), programme=cycle.programme, month=cycle.month
    )
    base = (
        in_force_query(cycle.area_id, cycle.month)
        .filter(programme=cycle.programme, **{f"{payee}__isnull": False})
        .exclude(Exists(claimed))
    )
    first = base.annotate(
        n=Window(RowNumber(), partition_by=[F(f"{payee}_id")], order_by=F("id").asc())
    ).filter(n=1)
    return base.filter(pk__in=first.values("pk"))


def _columns(cycle: PayrollCycle) -> dict[str, Any]:
    """Each column of a line as an expression over an enrolment row."""
    payee = _payee(cycle)
    change = EnrolmentChange.objects.filter(
        enrolment=OuterRef("pk"), amount_after__isnull=False, effective_on__lte=cycle.month
    ).order_by("-effective_on", "-id")
    account = PayeeAccount.objects.filter(person_id=OuterRef(f"{payee}_id"))
    amount = Coalesce(Subquery(change.values("amount_after")[:1]), F("monthly_amount"))
    exiting = Q(x_kind=ChangeKind.GRADUAL_EXIT)
    held = Case(
        When(x_holder__isnull=True, then=Value(LineStatus.HELD)),
        When(x_holder_t=F("x_name_t"), then=Value(LineStatus.PENDING)),
        default=Value(LineStatus.HELD),
    )
    reason = Case(
        When(x_holder__isnull=True, then=Value(NO_ACCOUNT)),
        When(x_holder_t=F("x_name_t"), then=Value("")),
        default=Value(OTHERS_CARD),
    )
    return {
        # helpers, not inserted
        "x_kind": Subquery(change.values("kind")[:1]),
        "x_amount": Cast(amount, MONEY),
        "x_holder": Subquery(account.values("holder_name")[:1]),
        "x_holder_t": Trim("x_holder"),
        "x_name_t": Trim(f"{payee}__name"),  # str.strip() in held_reason; names hold no tabs
        # the line
        "cycle_id": Value(cycle.pk),
        "reference": Concat(
            Value(f"{cycle.pk:08d}"), LPad(Cast("pk", CharField()), 10, Value("0"))
        ),
        "beneficiary_id": F(f"{payee}_id"),
        "household_id": F("household_id"),
        "enrolment_id": F("pk"),
        "programme": Value(cycle.programme),
        "month": Value(cycle.month),
        "payee_name": F(f"{payee}__name"),
        "payee_id_number": F(f"{payee}__id_number"),
        "bank": Coalesce(Subquery(account.values("bank")[:1]), Value("")),
        "account_number": Coalesce(Subquery(account.values("account_number")[:1]), Value("")),
        "holder_name": Coalesce(F("x_holder"), Value("")),
        "base": Case(When(exiting, then=Value(ZERO)), default=F("x_amount"), output_field=MONEY),
        "arrears": Value(ZERO, output_field=MONEY),
        "gradual_exit": Case(
            When(exiting, then=F("x_amount")), default=Value(ZERO), output_field=MONEY
        ),
        "deductions": Value(ZERO, output_field=MONEY),
        "total": F("x_amount"),
        "basis": Case(
            When(exiting, then=Value({"gradual_exit": "D1.17"}, output_field=JSONField())),
            default=Value({"base": "D1.14"}, output_field=JSONField()),
        ),
        "arrears_months": Value([], output_field=JSONField()),
        "status": held,
        "held_reason": reason,
        "bank_reason": Value(""),
    }


def insert_select(model: type[Any], query: QuerySet[Any]) -> int:
    """`INSERT INTO model (columns) SELECT …` of a `.values()` query of annotations
    named `c_<attname>` (a name of the source model's own may not be reused); the
    columns are taken in the order the SQL selects them."""
    compiler = query.query.get_compiler(using=query.db)
    sql, params = compiler.as_sql()
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    names = [alias.removeprefix("c_") for _, _, alias in compiler.select]
    columns = ", ".join(connection.ops.quote_name(fields[n]) for n in names)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        return int(cursor.rowcount)


def insert_lines(cycle: PayrollCycle) -> int:
    """Write the cycle's lines (without arrears or deductions); returns their count."""
    columns = {k if k.startswith("x_") else f"c_{k}": v for k, v in _columns(cycle).items()}
    stored = [k for k in columns if k.startswith("c_")]
    query = _in_force(cycle, _payee(cycle)).annotate(**columns).values(*stored)
    return insert_select(PayrollLine, query.order_by())


def insert_covered(cycle: PayrollCycle) -> int:
    """The month each line of the cycle pays for, claimed once (`a_month_is_paid_once`)."""
    query = (
        PayrollLine.objects.filter(cycle=cycle)
        .annotate(
            c_line_id=F("pk"),
            c_beneficiary_id=F("beneficiary_id"),
            c_programme=F("programme"),
            c_month=F("month"),
        )
        .values("c_line_id", "c_beneficiary_id", "c_programme", "c_month")
    )
    return insert_select(CoveredMonth, query.order_by())
