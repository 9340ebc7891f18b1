"""Correction batches (D13.3): a failed, returned or held line is paid again in a
correction batch of the same county, programme and month, once its account is in
order — each source line at most once (a unique constraint on `reissue_of`), and
never while it is still in flight (only lines of batches already sent count).

A failed or returned line is re-issued within `payments.reissue.working_days` working
days of the bank's answer (core.workdays, the official calendar); past that it is not
re-issued and the correction batch says why. A held line was never sent, so no
bank answer starts its window: it waits for its account to be fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core import config, workdays
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import (
    Institution,
    PayeeAccount,
    PaymentStop,
    PayrollCycle,
    PayrollLine,
)
from minzheng.payments.models.payroll import REISSUABLE, LineStatus
from minzheng.payments.payees import held_reason

SETTLED = ("sent", "reconciled", "closed")
KEY = "payments.reissue.working_days"
ANSWERED = frozenset({LineStatus.FAILED, LineStatus.RETURNED})


RULE = "D13.3"


@dataclass(frozen=True)
class NotReissued:
    reference: str
    reason: str  # in words, for the page; the rule's number is kept beside it
    rule: str = RULE

    def as_dict(self) -> dict[str, str]:
        return {"reference": self.reference, "reason": self.reason, "rule": self.rule}


class NothingReissued(PaymentError):
    """Every source of a correction batch was refused: past the re-issue window
    (D13.3) or its payee stopped (D13.5); `refused` says which and why."""

    def __init__(self, refused: list[NotReissued]) -> None:
        super().__init__("；".join(f"流水号{r.reference}{r.reason}" for r in refused))
        self.refused = refused


def reissuable(cycle: PayrollCycle) -> list[PayrollLine]:
    """Lines of the month that ended without payment and were not re-issued yet."""
    already = PayrollLine.objects.filter(reissue_of__isnull=False).values("reissue_of_id")
    return list(
        PayrollLine.objects.filter(
            cycle__area_id=cycle.area_id,
            programme=cycle.programme,
            month=cycle.month,
            cycle__status__in=SETTLED,
            status__in=REISSUABLE,
        )
        .exclude(pk__in=already)
        .exclude(cycle=cycle)
        .select_related("beneficiary", "institution")
        .order_by("id")
    )


def window_closed(cycle: PayrollCycle, source: PayrollLine, today: dt.date) -> str:
    """Why `source` may no longer be re-issued on `today`, or "" (D13.3)."""
    if source.status not in ANSWERED or source.answered_on is None:
        return ""
    days = config.config_int(KEY, on=today, area=cycle.area)
    last = workdays.add_working_days(source.answered_on, days)
    if today <= last:
        return ""
    return (
        f"已超过失败发放补发时限：银行{source.answered_on:%Y年%m月%d日}回盘，"
        f"应在{days}个工作日内（最迟{last:%Y年%m月%d日}）补发"
    )


def _payee(
    source: PayrollLine, accounts: dict[int, PayeeAccount]
) -> tuple[str, str, PayeeAccount | Institution | None]:
    """Name, ID (or credit code) and the account to pay now: an institution's line goes
    to the institution's current account, a person's to their current account."""
    if source.institution is not None:
        inst: Institution = source.institution
        return inst.name, inst.credit_code, inst
    person = source.beneficiary
    return person.name, person.id_number, accounts.get(source.beneficiary_id)


def reissue_lines(
    cycle: PayrollCycle, today: dt.date
) -> tuple[list[PayrollLine], list[NotReissued]]:
    """Unsaved lines re-paying each reissuable source whose account is now in order;
    the parts are the source's, the account the current one (snapshotted again). Also
    the sources refused for good (past the window), each with its reason."""
    sources = reissuable(cycle)
    stops = {
        (stop.enrolment_id, stop.beneficiary_id): stop
        for stop in PaymentStop.objects.filter(
            enrolment_id__in={s.enrolment_id for s in sources}
        ).order_by("-from_month")  # the earliest stop of a payee's enrolment wins
    }
    accounts = {
        a.person_id: a
        for a in PayeeAccount.objects.filter(person_id__in={s.beneficiary_id for s in sources})
    }
    lines: list[PayrollLine] = []
    refused: list[NotReissued] = []
    for source in sources:
        stop = stops.get((source.enrolment_id, source.beneficiary_id))
        if stop is not None and stop.from_month <= source.month:
            why = f"已停发（{stop.get_cause_display()}，{stop.from_month:%Y年%m月}起），不再补发"
            refused.append(NotReissued(source.reference, why, stop.rule))
            continue
        if reason := window_closed(cycle, source, today):
            refused.append(NotReissued(source.reference, reason))
            continue
        name, id_number, account = _payee(source, accounts)
        if account is None or held_reason(name, account):
            continue  # still not payable: stays for a later correction batch
        lines.append(
            PayrollLine(
                cycle=cycle,
                reference=f"{cycle.pk:08d}{len(lines) + 1:08d}",
                beneficiary_id=source.beneficiary_id,
                household_id=source.household_id,
                enrolment_id=source.enrolment_id,
                programme=source.programme,
                month=source.month,
                payee_name=name,
                payee_id_number=id_number,
                institution_id=source.institution_id,
                bank=account.bank,
                account_number=account.account_number,
                holder_name=account.holder_name,
                base=source.base,
                arrears=source.arrears,
                gradual_exit=source.gradual_exit,
                deductions=source.deductions,
                total=source.total,
                basis={**source.basis, "reissue": "D13.3"},
                arrears_months=source.arrears_months,
                recovery_id=source.recovery_id,
                status=LineStatus.PENDING,
                reissue_of=source,
            )
        )
    return lines, refused
