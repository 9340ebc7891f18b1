"""The public portal (no log-in): home, service guides, standards, recipient lists,
status look-up, messages, hotlines, the residents' calculator. Pages that show nothing
personal are cacheable; the look-up and the forms (CSRF token) are not."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.assistance.views_calculator import calculator_input, calculator_results
from minzheng.core.config import MissingSetting, config_typed
from minzheng.core.middleware import client_ip
from minzheng.core.paging import page_of
from minzheng.core.public import public_pages
from minzheng.portal import recipients as rec
from minzheng.portal import standards
from minzheng.portal.forms import LookupForm
from minzheng.portal.guides import guide_in_force, guides_in_force
from minzheng.portal.lookup import case_lookup
from minzheng.portal.models import Notification
from minzheng.portal.models.notices import NotificationChannel

PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a page that is the same for all
View = Callable[..., HttpResponse]


def cacheable(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


@require_GET
@cacheable
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"pages": public_pages()})


@require_GET
@cacheable
def guides(request: HttpRequest) -> HttpResponse:
    found = guides_in_force(timezone.localdate())
    context = {
        "programmes": [g for g in found if g.key.programme],
        "licences": [g for g in found if g.key.licence],
    }
    return render(request, "portal/guides.html", context)


@require_GET
@cacheable
def guide(request: HttpRequest, key: str) -> HttpResponse:
    found = guide_in_force(key, timezone.localdate())
    if found is None:
        raise Http404("未找到该办事指南")
    return render(request, "portal/guide.html", {"guide": found})


@require_GET
@cacheable
def standards_page(request: HttpRequest) -> HttpResponse:
    area = standards.public_area(request.GET.get("county", "")[:12])
    if area is None:
        raise Http404("未找到该县（市、区）")
    today = timezone.localdate()
    changes = standards.history(area)
    years = standards.yearly(changes, today)
    chart = {
        "years": [p.year for p in years],
        "series": [
            {"name": label, "values": [str(p.values[k] or "") for p in years]}
            for k, label in standards.STANDARD_KEYS.items()
        ],
    }
    context = {
        "area": area,
        "counties": standards.counties(),
        "changes": list(reversed(changes)),
        "current": changes[-1] if changes else None,
        "years": years,
        "labels": standards.STANDARD_KEYS,
        "chart": json.dumps(chart, ensure_ascii=False),
    }
    return render(request, "portal/standards.html", context)


@require_GET
@cacheable
def recipients(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    place = rec.public_place(request.GET.get("area", "")[:12])
    if place is None:
        raise Http404("未找到该地区")
    month = rec.month_param(request.GET.get("month", ""), today)
    published = rec.publication(today)
    page = page_of(request, rec.enrolments(place, month, published), 50)
    context = {
        "place": place,
        "trail": [a for a in place.ancestors() if a.code.startswith(rec.CITY_PREFIX)],
        "children": rec.children(place) if place.level != "community" else [],
        "month": month,
        "page": page,
        "rows": [rec.row(e, published) for e in page.object_list],
        "published": published,
    }
    return render(request, "portal/recipients.html", context)


def _lookup(request: HttpRequest, template: str) -> HttpResponse:
    """GET: the form; POST: the answer (the same for "no such receipt" and "wrong
    characters"); 429 when the address or the receipt asked too often."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if not form.is_bound:
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=422)
    receipt, tail = form.cleaned_data["receipt"], form.cleaned_data["tail"]
    answer = case_lookup(receipt=receipt, tail=tail, ip=client_ip(request))
    context.update(answer=answer, asked=True)
    if answer.status is not None and template == "portal/messages.html":
        context["messages_found"] = Notification.objects.filter(
            reference=receipt, channel=NotificationChannel.PORTAL, status="sent"
        ).order_by("-created_at")[:50]
    return render(request, template, context, status=429 if answer.limited else 200)


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    return _lookup(request, "portal/status.html")


@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest) -> HttpResponse:
    return _lookup(request, "portal/messages.html")


@require_GET
@cacheable
def hotlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    lines = []
    for key, label in (
        ("hotline.children.numbers", "儿童救助保护热线"),
        ("hotline.funeral.number", "殡葬服务热线"),
    ):
        try:
            lines.append((label, str(config_typed(key, on=today)).replace(",", "、")))
        except MissingSetting:
            continue
    return render(request, "portal/hotlines.html", {"lines": lines})


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    """The residents' "am I likely eligible?" form: nothing is stored or audited (there
    is no one to audit and nothing kept); the same engine as the staff calculator."""
    city = standards.public_area("")
    areas = [(a.code, a.name) for a in [city, *standards.counties()] if a is not None]
    form, edited = calculator_input(request, None, None, timezone.localdate(), areas=areas)
    context, code = calculator_results(form, edited)
    return render(request, "portal/calculator.html", context, status=code)
