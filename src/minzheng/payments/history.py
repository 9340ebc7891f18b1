"""Payment histories (D13.3) on core's pages, through core's section hooks: what each
payroll line came to and where it stands, newest month first — on the household page
the household's lines, on the person page the lines paying that person. The page has
already checked that the viewer may read the household or person; a person's lines
are those the viewer reaches (a line lies where its household lives)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.template.loader import render_to_string

from minzheng.core.models import Household, Person, User
from minzheng.payments.models import PayrollLine

SHOWN = 24  # two years of monthly lines; the API lists the rest (/api/v1/payments/lines)


def _section(lines: QuerySet[PayrollLine], section_id: str, table_id: str, title: str) -> str:
    found = list(lines.select_related("cycle").order_by("-month", "-id")[: SHOWN + 1])
    if not found:
        return ""
    return render_to_string(
        "payments/_history_section.html",
        {
            "lines": found[:SHOWN],
            "more": len(found) > SHOWN,
            "shown": SHOWN,
            "section_id": section_id,
            "table_id": table_id,
            "title": title,
        },
    )


def household_payments(user: User, household: Household) -> str:
    lines = PayrollLine.objects.filter(household=household)
    return _section(lines, "household-payments", "payment-history", "资金发放记录")


def person_payments(user: User, person: Person) -> str:
    lines = PayrollLine.objects.visible_to(user).filter(beneficiary=person)
    return _section(lines, "person-payments", "person-payment-history", "本人收款记录")
