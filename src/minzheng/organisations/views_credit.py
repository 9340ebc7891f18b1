"""The annual-report cycle and the credit lists: a year's reports (filed on time,
late, missing, exempt), filing and review, the lists with removal after rectification,
and the public view of the lists (no log-in; personal data masked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page
from minzheng.core.config import config_int
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.organisations import selectors
from minzheng.organisations.deadlines import is_exempt
from minzheng.organisations.forms import NoteForm, RemoveForm, ReportForm, ReviewForm
from minzheng.organisations.models import AnnualReport, CreditList, Organisation
from minzheng.organisations.services.common import is_registrar
from minzheng.organisations.services.credit import (
    EXEMPT_MONTHS_KEY,
    listing_remove,
)
from minzheng.organisations.services.reports import (
    annual_report_act,
    annual_report_file,
    annual_report_review,
    deadlines_for,
)
from minzheng.organisations.views import form_page, registrar_of, user_of
from minzheng.organisations.workflows import ANNUAL_REPORT, CREDIT_LISTING

PUBLIC_PAGE = 50


def _year(request: HttpRequest, today: dt.date) -> int:
    """The report year asked for, by default last year's (the cycle under way)."""
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and len(text) == 4 else today.year - 1
    return min(max(year, 2000), today.year - 1)


def _row(org: Organisation, year: int, deadlines: Any, months: int) -> dict[str, Any]:
    report = org.year_reports[0] if org.year_reports else None  # type: ignore[attr-defined]
    state = "exempt" if is_exempt(org.registered_on, year, months) else "missing"
    if report is not None:
        state = "late" if report.filed_on > deadlines.authority else "on_time"
    sponsor_late = bool(
        report
        and org.sponsor_unit
        and report.sponsor_filed_on
        and report.sponsor_filed_on > deadlines.sponsor
    )
    return {"org": org, "report": report, "state": state, "sponsor_late": sponsor_late}


STATES = {"on_time": "按时报送", "late": "逾期报送", "missing": "未报送", "exempt": "免于报送"}


@require_GET
@requires(Capability.VIEW_PERSONAL)
def report_list(request: HttpRequest) -> HttpResponse:
    """The year's cycle: every operating organisation registered by 31 December, and
    where its report stands against the two deadlines (D10.2)."""
    user, today = user_of(request), timezone.localdate()
    year = _year(request, today)
    deadlines = deadlines_for(year, on=today)
    months = config_int(EXEMPT_MONTHS_KEY, on=today)
    orgs = (
        selectors.organisations_visible(user)
        .operating()
        .filter(registered_on__lte=dt.date(year, 12, 31))
        .prefetch_related(
            Prefetch(
                "annual_reports",
                AnnualReport.objects.filter(year=year),
                to_attr="year_reports",
            )
        )
        .order_by("name", "id")
    )
    page = page_of(request, orgs, 30)
    audit_page(
        actor=user, object_type="organisations.annualreport", criteria={"年度": year}, page=page
    )
    rows = [_row(o, year, deadlines, months) for o in page.object_list]
    for r in rows:
        r["state_label"] = STATES[r["state"]]
    context = {"page": page, "rows": rows, "year": year, "deadlines": deadlines}
    return render(request, "organisations/reports.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    org = selectors.organisation_for(user, pk)
    today = timezone.localdate()
    form = ReportForm(request.POST or None, initial={"year": today.year - 1, "filed_on": today})

    def act(data: dict[str, Any]) -> tuple[str, str]:
        report = annual_report_file(actor=user, organisation=org, filing=form.filing())
        url = reverse("organisations:detail", args=[org.pk])
        return f"已录入{report.year}年度工作报告", url

    return form_page(request, form, f"录入年度工作报告 · {org.name}", act)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def report_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = registrar_of(request)
    report = selectors.report_for(user, pk)
    if action not in {t.action for t in ANNUAL_REPORT.transitions}:
        raise Http404("没有该办理事项")
    label = ANNUAL_REPORT.find(action).label
    form = (
        ReviewForm(request.POST or None) if action == "review" else NoteForm(request.POST or None)
    )
    url = reverse("organisations:detail", args=[report.organisation_id])

    def act(data: dict[str, Any]) -> tuple[str, str]:
        if action == "review":
            annual_report_review(actor=user, report=report, **data)
        else:
            annual_report_act(actor=user, report=report, action=action, note=data["note"])
        return f"已办理“{label}”", url

    title = f"{label} · {report.organisation.name} {report.year}年度工作报告"
    return form_page(request, form, title, act, label)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def credit_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    kind = request.GET.get("list", "")
    status = request.GET.get("status", "listed")
    qs = selectors.listings_visible(user)
    if kind in CreditList.values:
        qs = qs.filter(list_kind=kind)
    if status in {"listed", "removed"}:
        qs = qs.filter(status=status)
    page = page_of(request, qs.order_by("-listed_on", "-id"), 30)
    criteria = {
        "名录": dict(CreditList.choices).get(kind, ""),
        "状态": CREDIT_LISTING.criterion(status),
    }
    audit_page(actor=user, object_type="organisations.creditlisting", criteria=criteria, page=page)
    context = {
        "page": page,
        "kind": kind,
        "status": status,
        "lists": CreditList.choices,
        "can_register": is_registrar(user),
    }
    return render(request, "organisations/credit.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def listing_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = registrar_of(request)
    listing = selectors.listing_for(user, pk)
    form = RemoveForm(request.POST or None)

    def act(data: dict[str, Any]) -> tuple[str, str]:
        listing_remove(actor=user, listing=listing, note=data["note"])
        name = listing.organisation.name
        return f"已将“{name}”移出{listing.get_list_kind_display()}", reverse(
            "organisations:credit"
        )

    title = f"整改后移出 · {listing.organisation.name}（{listing.get_list_kind_display()}）"
    return form_page(request, form, title, act, "移出名录")


@require_GET
def public_credit(request: HttpRequest) -> HttpResponse:
    """The lists as the public sees them, without log-in: organisation, code, list,
    reason, date and rule; the legal representative's name masked (张*)."""
    kind = request.GET.get("list", "")
    qs = selectors.public_listings()
    if kind in CreditList.values:
        qs = qs.filter(list_kind=kind)
    page = page_of(request, qs, PUBLIC_PAGE)
    context = {"page": page, "kind": kind, "lists": CreditList.choices}
    return render(request, "organisations/public_credit.html", context)
