"""Scoped reads of leads and the run history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404

from minzheng.analytics.runner import history
from minzheng.core import workdays
from minzheng.core.audit import audit_read
from minzheng.core.config import config_int
from minzheng.core.models import User
from minzheng.warning.models import Lead, LeadQuerySet
from minzheng.warning.pipeline import store_root


def leads_visible(user: User) -> LeadQuerySet:
    return Lead.objects.visible_to(user).select_related(
        "person", "household", "assigned_to", "area"
    )


def lead_for_reading(user: User, pk: int, *, log: bool = True) -> Lead:
    lead = leads_visible(user).filter(pk=pk).first()
    if lead is None:
        raise Http404("未找到该线索，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=lead, summary=f"查看预警线索：{lead.rule_title}")
    return lead


def with_deadline_status(user: User, leads: list[Lead], today: dt.date) -> list[tuple[Lead, Any]]:
    calendar = workdays.get_calendar()
    due_soon = config_int("warning.due_soon_working_days", on=today, area=user.area)
    return [
        (
            lead,
            workdays.deadline_status(calendar, lead.deadline, today, due_soon)
            if lead.deadline and lead.status != "closed"
            else None,
        )
        for lead in leads
    ]


def run_history() -> list[dict[str, Any]]:
    """Published runs, newest first (per-rule counts, timings, input sizes)."""
    root = store_root()
    return list(reversed(history(root))) if (root / "runs").exists() else []


def rule_titles(user: User) -> list[tuple[str, str]]:
    """(rule id, title) of the rules that found leads in the user's area, for the filter."""
    rows = Lead.objects.visible_to(user).order_by().values_list("rule_id", "rule_title")
    rows = rows.distinct()
    return sorted(set(rows))
