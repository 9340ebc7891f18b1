"""The household page's adopting organisations (D10.4): who adopted the household,
since when, what they do and how many visits; through core's household-section hook
(the page has already checked that the viewer may read the household)."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string

from minzheng.core.models import Household, User
from minzheng.organisations.models import Adoption


def adoption_section(user: User, household: Household) -> str:
    adoptions = list(
        Adoption.objects.filter(household=household)
        .select_related("organisation")
        .annotate(visit_count=Count("visits"))
        .order_by("status", "-adopted_on")
    )
    if not adoptions:
        return ""
    return render_to_string("organisations/_household_section.html", {"adoptions": adoptions})
