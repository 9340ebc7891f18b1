"""Hotline figures without personal data (issue 12 item 5): tickets by line, category,
area and state, the on-time rate and the overdue count, for the user's area."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from minzheng.core.extensions import DashboardPanel, Figure, PanelRows, PanelValues
from minzheng.core.models import Area, User
from minzheng.core.panel_figures import by_area
from minzheng.hotline.models import DONE_STATES, Category, Line, Ticket
from minzheng.hotline.workflows import TICKET


@dataclass(frozen=True)
class HotlineFigures:
    total: int
    open: int
    overdue: int
    closed: int
    on_time: int
    by_line: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_area: list[tuple[str, int, int]]  # county, tickets, overdue

    @property
    def on_time_rate(self) -> str:
        return f"{100 * self.on_time / self.closed:.1f}%" if self.closed else "—"


def _counts(qs: QuerySet[Ticket], field: str) -> Counter[str]:
    return Counter(dict(qs.order_by().values_list(field).annotate(n=Count("id"))))


def figures(user: User, now: dt.datetime | None = None) -> HotlineFigures:
    """All tickets of the area, sensitive ones included, as counts only."""
    now = now or timezone.now()
    qs = Ticket.objects.within_prefix(user.scope_prefix).exclude(status="merged")
    open_qs = qs.exclude(status__in=DONE_STATES)
    done = qs.filter(status__in=DONE_STATES)
    lines, cats = dict(Line.choices), dict(Category.choices)
    overdue_by_county = _counts(open_qs.filter(due_at__lt=now), "area_id")
    county_rows: Counter[str] = Counter()
    county_late: Counter[str] = Counter()
    for code, n in _counts(qs, "area_id").items():
        county_rows[code[:6]] += n
    for code, n in overdue_by_county.items():
        county_late[code[:6]] += n
    names = dict(Area.objects.filter(code__in=list(county_rows)).values_list("code", "name"))
    return HotlineFigures(
        total=qs.count(),
        open=open_qs.count(),
        overdue=open_qs.filter(due_at__lt=now).count(),
        closed=done.count(),
        on_time=done.filter(Q(closed_at__lte=F("due_at"))).count(),
        by_line=[(str(lines.get(k, k)), n) for k, n in sorted(_counts(qs, "line").items())],
        by_category=[(str(cats.get(k, k)), n) for k, n in sorted(_counts(qs, "category").items())],
        by_status=[
            (TICKET.label(s), n)
            for s, n in sorted(
                _counts(qs, "status").items(), key=lambda i: list(TICKET.states).index(i[0])
            )
        ],
        by_area=[
            (names.get(code, code), n, county_late[code])
            for code, n in sorted(county_rows.items())
        ],
    )


def _panel_numbers(today: dt.date, now: dt.datetime) -> PanelRows:
    """Open, overdue (open past due at the refresh), closed, and closed by the due time,
    per area, in one grouped query (merged tickets are not counted)."""
    done = Q(status__in=DONE_STATES)
    return by_area(
        Ticket.objects.exclude(status="merged"),
        key="hotline",
        open=Count("id", filter=~done),
        overdue=Count("id", filter=~done & Q(due_at__lt=now)),
        closed=Count("id", filter=done),
        on_time=Count("id", filter=done & Q(closed_at__lte=F("due_at"))),
    )


def _show(v: PanelValues) -> list[Figure]:
    closed = int(v["hotline.closed"])
    rate = f"{100 * int(v['hotline.on_time']) / closed:.1f}%" if closed else "—"
    return [
        Figure("在办工单", v.count("hotline.open")),
        Figure("超时工单", v.count("hotline.overdue")),
        Figure("按时办结率", rate),
    ]


PANEL = DashboardPanel("hotline", "服务热线", _panel_numbers, _show)
