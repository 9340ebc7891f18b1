"""The calculator's proposal for a case: what the reviewer and the approver start from
(D1.11, D1.14, D1.16). One small function over the engine's JSON, so that the typed
policy adapter can replace its inside without touching the pages that use it.

The verification agency's report gives the household's verified monthly income as one
total (D1.6), not per member, so the proposal enters it as one counted income of the
applicant; the engine then divides it by the members it counts (D1.4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from minzheng.assistance.calculator import calculate_for_area, request_from_household
from minzheng.assistance.models import Application, MeansTestReport

COUNTED_KIND = "transfer_net"  # a counted kind with no special treatment (D1.11)


@dataclass(frozen=True)
class Proposal:
    """The engine's answer for the case's programme on the means-test income."""

    programme_label: str
    means_test: MeansTestReport | None
    standard: Decimal | None  # the standard in force for the area class, yuan/month
    per_capita_income: Decimal | None
    counted_members: int
    eligible: bool
    amount: Decimal | None  # yuan/month; None when the engine could not answer
    covered_members: int
    review_months: int | None
    reasons: tuple[str, ...]  # in words, without rule codes


def _request(application: Application, report: MeansTestReport | None, on: dt.date) -> dict:
    request = request_from_household(application.household, on)
    request["programmes"] = [application.programme]
    if report is not None:
        for member in request["household"]["members"]:
            if member["id"] == f"p{application.applicant_id}":
                member["incomes"] = {COUNTED_KIND: str(report.monthly_income)}
    return request


def _decimal(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def proposal_for_application(application: Application, on: dt.date) -> Proposal:
    """The proposal on the latest means-test report (or on the registry alone)."""
    report = application.means_tests.order_by("-received_on", "-id").first()
    response = calculate_for_area(_request(application, report, on), application.area)
    decision = (response.get("programmes") or {}).get(application.programme) or {}
    figures = decision.get("figures") or {}
    income = (response.get("household") or {}).get("income") or {}
    return Proposal(
        programme_label=application.get_programme_display(),
        means_test=report,
        standard=_decimal(figures.get("standard")),
        per_capita_income=_decimal(income.get("per_capita_monthly")),
        counted_members=int((response.get("household") or {}).get("counted_members") or 0),
        eligible=bool(decision.get("eligible")),
        amount=_decimal(decision.get("amount")) if response.get("ok") else None,
        covered_members=len(decision.get("covered_members") or []),
        review_months=figures.get("review_months"),
        reasons=tuple(r["message"] for r in decision.get("reasons") or []),
    )
