"""Correction batches (D13.3): a failed, returned or held line is paid again in a
correction batch of the same county, programme and month, once its account is in
order — each source line at most once (a unique constraint on `reissue_of`), and
never while it is still in flight (only lines of batches already sent count)."""

from __future__ import annotations

from minzheng.payments.models import PayeeAccount, PayrollCycle, PayrollLine
from minzheng.payments.models.payroll import REISSUABLE, LineStatus
from minzheng.payments.payees import held_reason

SETTLED = ("sent", "reconciled", "closed")


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
        .select_related("beneficiary")
        .order_by("id")
    )


def reissue_lines(cycle: PayrollCycle) -> list[PayrollLine]:
    """Unsaved lines re-paying each reissuable source whose account is now in order;
    the parts are the source's, the account the current one (snapshotted again)."""
    sources = reissuable(cycle)
    accounts = {
        a.person_id: a
        for a in PayeeAccount.objects.filter(person_id__in={s.beneficiary_id for s in sources})
    }
    lines: list[PayrollLine] = []
    for source in sources:
        account = accounts.get(source.beneficiary_id)
        if account is None or held_reason(source.beneficiary, account):
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
                payee_name=source.beneficiary.name,
                payee_id_number=source.beneficiary.id_number,
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
    return lines
