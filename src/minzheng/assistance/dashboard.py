"""The assistance figures on the leaders' dashboard (aggregates for the viewer's area)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum

from minzheng.assistance.models import Application, Enrolment, Programme
from minzheng.core.extensions import Figure
from minzheng.core.models import User


def assistance_panel(user: User) -> tuple[str, list[Figure]]:
    prefix = user.scope_prefix
    enrolled = Enrolment.objects.current().within_prefix(prefix)
    labels = dict(Programme.choices)
    figures = [
        Figure(f"{labels.get(row['programme'], row['programme'])}（户）", str(row["n"]))
        for row in enrolled.values("programme").annotate(n=Count("id")).order_by("programme")
    ]
    monthly = enrolled.aggregate(s=Sum("monthly_amount"))["s"] or Decimal("0")
    open_cases = Application.objects.within_prefix(prefix).open().count()
    return "社会救助", [
        *figures,
        Figure("月保障金额合计（元）", f"{monthly:,.2f}"),
        Figure("在办救助案件", str(open_cases)),
    ]
