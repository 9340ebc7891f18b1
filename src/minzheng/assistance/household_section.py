"""The assistance section of a household's page: current assistance (programme, amount,
since), open cases with their step, and closed cases (D1.2: one case per programme)."""

from __future__ import annotations

from django.template.loader import render_to_string

from minzheng.assistance.models import Application, Enrolment
from minzheng.core.models import Household, User


def assistance_section(user: User, household: Household) -> str:
    """Rendered for users who may read the household (the page checked that already)."""
    enrolments = Enrolment.objects.filter(household=household).order_by("-starts_on")
    cases = Application.objects.filter(household=household).order_by("-applied_on", "-id")
    open_ids = set(cases.open().values_list("id", flat=True))
    return render_to_string(
        "assistance/_household_section.html",
        {
            "current": [e for e in enrolments if e.status != "ended"],
            "ended": [e for e in enrolments if e.status == "ended"],
            "open_cases": [c for c in cases if c.pk in open_ids],
            "closed_cases": [c for c in cases if c.pk not in open_ids],
        },
    )
