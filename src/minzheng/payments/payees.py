"""Who is paid for an enrolment (D13.1–D13.2): household benefits to the head of the
household, personal ones to the beneficiary (the applicant of the enrolment)."""

from __future__ import annotations

from minzheng.assistance.models import Enrolment, Programme
from minzheng.core.models import Person
from minzheng.payments.models import Institution, PayeeAccount

HOUSEHOLD_PROGRAMMES = frozenset({Programme.DIBAO, Programme.TEMPORARY})
# Paid to the institution's account while the person lives in one (集中供养, D13.1).
# payroll_sql restates this rule (the placement join): change both together.
INSTITUTIONAL_PROGRAMMES = frozenset({Programme.EXTREME_POVERTY})
NO_ACCOUNT = "收款人没有登记收款账户"
OTHERS_CARD = "账户户名与收款人姓名不一致，不得代持他人账户"


def payee_of(enrolment: Enrolment) -> Person | None:
    if enrolment.programme in HOUSEHOLD_PROGRAMMES:
        return enrolment.household.head
    return enrolment.application.applicant


def held_reason(payee_name: str, account: PayeeAccount | Institution | None) -> str:
    """Why a line cannot be sent, or "" (D13.2: nobody holds another person's card;
    an institution is paid to an account in its own name)."""
    if account is None:
        return NO_ACCOUNT
    if account.holder_name.strip() != payee_name.strip():
        return OTHERS_CARD
    return ""
