"""A failed or returned payment is told to its payee (D13.3: re-issued within days; the
payee may need to correct the account), through core's notice hook; the masked minimum
only — the month and the programme, never the amount or the account."""

from __future__ import annotations

from minzheng.assistance.documents.issuers import township_office
from minzheng.core.codes import Programme
from minzheng.core.public import NoticeEvent, notice_emit
from minzheng.payments.models import PayrollLine


def payee_tell_failed(line: PayrollLine) -> None:
    household = line.household
    notice_emit(
        NoticeEvent(
            kind="payment_failed",
            person_id=line.beneficiary_id,
            area_code=household.area_id,
            reference=line.reference,
            fields={
                "month": f"{line.month:%Y年%m月}",
                "programme": dict(Programme.choices).get(line.programme, "社会救助"),
                "office": township_office(household.area),
            },
        )
    )
