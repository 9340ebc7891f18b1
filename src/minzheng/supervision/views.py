"""Supervision pages: the three platforms (aggregates, drill-down, Excel), the findings
list (with the overdue filter), a finding with its actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_export, audit_page, criteria_text
from minzheng.core.forms import attach_errors, refusal
from minzheng.core.masking import mask_name
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.export import EXPORT_LIMIT
from minzheng.core.spreadsheets.writer import table_xlsx, xlsx_response
from minzheng.core.views import requires
from minzheng.core.views_dashboard import _trail, dashboard_area
from minzheng.core.vocabulary import code_label
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.definitions import ActionNotPermitted
from minzheng.core.workflow.engine import allowed_actions, allowed_records, history
from minzheng.supervision import selectors, services
from minzheng.supervision.forms import CloseForm, RectifyForm, VerifyForm
from minzheng.supervision.models import OPEN_STATES, Finding, FindingQuerySet, Platform
from minzheng.supervision.platforms import platform_rows, platform_view
from minzheng.supervision.workflows import FINDING


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _platform(code: str) -> Platform:
    if code not in Platform.values:
        raise Http404("没有该监管平台")
    return Platform(code)


def _crumbs(user: User, platform: str, area: Any) -> list[tuple[str, str]]:
    base = reverse("supervision:platform", args=[platform])
    return [(name, base + url[url.index("?") :]) for name, url in _trail(user, area)]


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def home(request: HttpRequest) -> HttpResponse:
    """The three platforms side by side for the viewer's own area."""
    user = _user(request)
    assert user.area is not None
    tiles = [(p, selectors.totals(platform_rows(user, p.value, user.area))) for p in Platform]
    return render(request, "supervision/home.html", {"tiles": tiles, "area": user.area})


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def platform(request: HttpRequest, platform: str) -> HttpResponse:
    user = _user(request)
    chosen = _platform(platform)
    area = dashboard_area(user, request.GET.get("area"))
    view = platform_view(user, chosen.value, area, timezone.localdate())
    return render(
        request,
        "supervision/platform.html",
        {
            "platform": chosen,
            "area": area,
            "trail": _crumbs(user, chosen.value, area),
            "totals": view.totals,
            "charts": view.charts,
            "chart_data": [c.data() for c in view.charts],
            "can_list": user.can(Capability.VIEW_PERSONAL),
        },
    )


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def platform_export(request: HttpRequest, platform: str) -> HttpResponse:
    """One chart's table as an Excel workbook (aggregates only; audited as an export)."""
    user = _user(request)
    chosen = _platform(platform)
    area = dashboard_area(user, request.GET.get("area"))
    charts = platform_view(user, chosen.value, area, timezone.localdate()).charts
    chart = next((c for c in charts if c.id == request.GET.get("chart")), None)
    if chart is None:
        raise Http404("没有找到该图表")
    title = f"{chosen.label}-{chart.title}"
    content, count = table_xlsx(title[:31].replace("·", "-"), chart.header, chart.rows)
    audit_export(
        actor=user,
        object_type="supervision.platform",
        area_code=area.code,
        count=count,
        criteria=f"{area.name} {title}",
    )
    return xlsx_response(content, f"{area.name}-{title}.xlsx")


@dataclass
class _Filtered:
    """The findings list's criteria, read once for the page and for its Excel."""

    qs: FindingQuerySet
    status: str
    platform: str
    area: Any
    overdue: bool
    rule: str

    def criteria(self) -> dict[str, str]:
        return {
            "状态": "未办结" if self.status == "active" else FINDING.criterion(self.status),
            "平台": str(Platform(self.platform).label) if self.platform in Platform.values else "",
            "区划": self.area.name if self.area else "",
            "仅超期": "是" if self.overdue else "",
            "规则": self.rule,
        }

    def query(self) -> str:
        params = {"status": self.status, "platform": self.platform, "rule": self.rule}
        params["area"] = self.area.code if self.area else ""
        params["overdue"] = "1" if self.overdue else ""
        return urlencode({k: v for k, v in params.items() if v})


def _filtered(request: HttpRequest, user: User, today: Any) -> _Filtered:
    qs = selectors.findings_visible(user)
    status = request.GET.get("status", "active")
    if status == "active":
        qs = qs.filter(status__in=OPEN_STATES)
    elif status in FINDING.states:
        qs = qs.filter(status=status)
    elif status != "all":
        status = "active"
        qs = qs.filter(status__in=OPEN_STATES)
    platform = request.GET.get("platform", "")
    if platform in Platform.values:
        qs = qs.filter(platform=platform)
    else:
        platform = ""
    area = None
    if code := request.GET.get("area", ""):
        area = dashboard_area(user, code)  # outside the user's area: 404
        qs = qs.within_prefix(area.prefix)
    overdue = bool(request.GET.get("overdue"))
    if overdue:
        qs = selectors.overdue(qs, today)
    rule = request.GET.get("rule", "")[:8]
    if rule:
        qs = qs.filter(rule_id=rule)
    return _Filtered(qs, status, platform, area, overdue, rule)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def finding_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    chosen = _filtered(request, user, today)
    page = page_of(request, chosen.qs, 30)
    audit_page(
        actor=user, object_type="supervision.finding", criteria=chosen.criteria(), page=page
    )
    return render(
        request,
        "supervision/finding_list.html",
        {
            "page": page,
            "rows": selectors.with_deadline_status(user, list(page.object_list), today),
            "status": chosen.status,
            "states": FINDING.states,
            "platforms": Platform.choices,
            "platform": chosen.platform,
            "area_code": chosen.area.code if chosen.area else "",
            "overdue": chosen.overdue,
            "rule": chosen.rule,
            "export_query": chosen.query(),
            "may_export": user.can(Capability.EXPORT_PERSONAL),
        },
    )


FINDING_HEADER = (
    "问题编号",
    "规则编号",
    "规则",
    "监管平台",
    "救助项目",
    "姓名",
    "公民身份号码",
    "所在区划代码",
    "村（社区）",
    "起始月份",
    "截止月份",
    "涉及月数",
    "涉及金额（元）",
    "状态",
    "办理时限",
    "责任人",
    "比对批次",
)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def finding_export(request: HttpRequest) -> HttpResponse:
    """The findings list as Excel, with the list's criteria: names and ID numbers masked,
    at most EXPORT_LIMIT rows, the export audited with its criteria and count."""
    user = _user(request)
    today = timezone.localdate()
    chosen = _filtered(request, user, today)
    rows = chosen.qs.select_related("person", "area", "assigned_to").order_by(
        "area_id", "rule_id", "first_month", "id"
    )[:EXPORT_LIMIT]
    content, count = table_xlsx(
        "监管问题",
        FINDING_HEADER,
        (
            (
                f.pk,
                f.rule_id,
                f.rule_title,
                f.platform_label,
                code_label(f.programme, "programme"),
                mask_name(f.person.name) if f.person else "登记库无此人",
                f.id_number_masked,
                f.area_id,
                f.area.name,
                f.first_month,
                f.last_month,
                f.months,
                f.amount_at_risk,
                f.status_label,
                f.deadline,
                str(f.assigned_to) if f.assigned_to else "未分派",
                f.run_id,
            )
            for f in rows.iterator(chunk_size=2000)
        ),
    )
    audit_export(
        actor=user,
        object_type="supervision.finding",
        area_code=chosen.area.code if chosen.area else (user.area_id or ""),
        count=count,
        criteria=criteria_text(chosen.criteria()),
    )
    return xlsx_response(content, f"监管问题-{today:%Y%m%d}.xlsx")


def _context(user: User, pk: int, bound: dict[str, forms.Form] | None = None, log: bool = True):
    finding = selectors.finding_for_reading(user, pk, log=log)
    bound = bound or {}
    actions = {t.action for t in allowed_actions(finding, user)}
    records = {r.action for r in allowed_records(finding, user)}
    return {
        "finding": finding,
        "workflow": FINDING,
        "history": history(finding),
        "rectifications": finding.rectifications.select_related("actor"),
        "can_verify": bool(actions & {"confirm", "dismiss"}),
        "can_rectify": bool(records),
        "can_close": "close" in actions,
        "verify_form": bound.get("verify") or VerifyForm(),
        "rectify_form": bound.get("rectify") or RectifyForm(),
        "close_form": bound.get("close") or CloseForm(),
    }


@require_GET
@requires(Capability.VIEW_PERSONAL)
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "supervision/finding_detail.html", _context(_user(request), pk))


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    run: Callable[[User, Finding, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    """Parse, run the service; a role the workflow does not name is a 403, any other
    refusal shows the page again with the reason on its field (422)."""
    user = _user(request)
    finding = selectors.finding_for_reading(user, pk, log=False)  # outside the area: 404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(user, finding, form.cleaned_data)
        except ActionNotPermitted as exc:
            raise PermissionDenied(str(exc)) from exc
        except (ValidationError, WorkflowError) as exc:
            attach_errors(form, refusal(exc))
        else:
            messages.success(request, done)
            return redirect_after_post(request, reverse("supervision:finding_detail", args=[pk]))
    context = _context(user, pk, {name: form}, log=False)
    return render(request, "supervision/finding_detail.html", context, status=422)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def finding_verify(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, finding: Finding, data: dict[str, Any]) -> None:
        services.finding_verify(
            actor=user,
            finding=finding,
            verdict=data["verdict"],
            reason=data["note"],
            today=timezone.localdate(),
        )

    return _act(request, pk, "verify", VerifyForm, run, "已保存核实结论")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def finding_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, finding: Finding, data: dict[str, Any]) -> None:
        services.finding_rectify(actor=user, finding=finding, today=timezone.localdate(), **data)

    return _act(request, pk, "rectify", RectifyForm, run, "已登记整改")


@require_POST
@requires(Capability.EDIT_PERSONAL)
def finding_close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, finding: Finding, data: dict[str, Any]) -> None:
        services.finding_close(
            actor=user,
            finding=finding,
            evidence=data["note"],
            file_ref=data["file_ref"],
            today=timezone.localdate(),
        )

    return _act(request, pk, "close", CloseForm, run, "监管问题已办结")
