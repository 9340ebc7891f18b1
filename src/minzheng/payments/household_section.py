"""The household page's payment history (D13.3): what each payroll line for the household
came to and where it stands, newest month first. Core shows it through its household-section
hook; the page has already checked that the viewer may read the household."""

from __future__ import annotations

from django.template.loader import render_to_string

from minzheng.core.models import Household, User
from minzheng.payments.models import PayrollLine

SHOWN = 24  # two years of monthly lines; the API lists the rest (/api/v1/payments/lines)


def payments_section(user: User, household: Household) -> str:
    lines = list(
        PayrollLine.objects.filter(household=household)
        .select_related("cycle")
        .order_by("-month", "-id")[: SHOWN + 1]
    )
    if not lines:
        return ""
    return render_to_string(
        "payments/_household_section.html",
        {"lines": lines[:SHOWN], "more": len(lines) > SHOWN, "shown": SHOWN},
    )
