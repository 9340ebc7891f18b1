"""The calculator's proposal for a case: what the reviewer and the approver start from
(D1.11, D1.14, D1.16), through the typed policy adapter.

The verification agency's report gives the household's verified monthly income as one
total (D1.6), not per member, so the proposal enters it as one counted income of the
applicant (a net transfer: counted in full, with no work-related allowance); the
engine then divides it by the members it counts (D1.4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.models import Application, MeansTestReport
from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.vocabulary import IncomeKind, Programme
from minzheng.assistance.policy_adapter import assess_in_area, household_facts, proposal


@dataclass(frozen=True)
class Proposal:
    """The engine's answer for the case's programme on the means-test income."""

    programme_label: str
    means_test: MeansTestReport | None
    standard: Decimal | None  # the standard in force for the area class, yuan/month
    per_capita_income: Decimal | None
    counted_members: int
    eligible: bool
    amount: Decimal | None  # yuan/month
    covered_members: int
    review_months: int | None
    reasons: tuple[str, ...]  # in words, without rule codes


def proposal_for_application(application: Application, on: dt.date) -> Proposal:
    """The proposal on the latest means-test report (or on the registry alone)."""
    report = application.means_tests.order_by("-received_on", "-id").first()
    incomes = (
        {application.applicant_id: (pf.Income(IncomeKind.TRANSFER_NET, report.monthly_income),)}
        if report is not None
        else None
    )
    facts = household_facts(application.household, on=on, incomes=incomes)
    assessment, in_force = assess_in_area(facts, application.area)
    typed = proposal(assessment, Programme(application.programme), examples=in_force.examples)
    return Proposal(
        programme_label=application.get_programme_display(),
        means_test=report,
        standard=typed.standard,
        per_capita_income=typed.per_capita_income,
        counted_members=typed.counted_members,
        eligible=typed.eligible,
        amount=typed.amount,
        covered_members=typed.covered_members,
        review_months=typed.review_months,
        reasons=tuple(e.text for e in typed.explanations),
    )
