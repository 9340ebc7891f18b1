"""The 15-minute circle map (issue 14 item 4): counties shaded by coverage, facilities as
points by kind, drill-down tables from county to township to community, the places
left outside ranked and the suggested next stations. Figures only, no person: the
dashboard capability. The county outlines are served from core's data, offline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.analytics.elderly.circle import ANY
from minzheng.core import divisions
from minzheng.core.models import Area
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.elderly import selectors
from minzheng.elderly.models import FacilityKind
from minzheng.elderly.services.coverage import coverage_measure
from minzheng.elderly.views import user_of

GROUP_LABELS = {
    "aged60": "60周岁以上老人",
    "aged80": "80周岁以上老人",
    "alone": "独居老人",
    "disabled": "残疾老人",
    "assisted": "享受社会救助的老人",
}
KIND_LABELS = {ANY: "任一类设施", **dict(FacilityKind.choices)}
LEVEL_LABELS = {"county": "县（区）", "township": "乡镇（街道）", "community": "村（社区）"}


def _area(request: HttpRequest) -> Area:
    user = user_of(request)
    code = request.GET.get("area", "") or user.area_id or ""
    area = Area.objects.filter(code=code[:12]).first()
    if area is None or not user.reaches(area.code) or area.level not in selectors.CHILD_LEVEL:
        raise Http404("没有找到该区划")
    return area


def _choice(request: HttpRequest, name: str, allowed: dict[str, Any], default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


def _map_data(request: HttpRequest, run: Any, kind: str, group: str) -> dict[str, Any]:
    user = user_of(request)
    counties = (
        selectors.coverage_rows(user, run, level="county", prefix="", kind=kind, group=group)
        if run
        else []
    )
    points: dict[str, list[list[Any]]] = {}
    facilities = selectors.facilities_visible(user, Capability.VIEW_DASHBOARD).filter(
        status="open"
    )
    for f in facilities.values("name", "kind", "longitude", "latitude"):
        label = str(KIND_LABELS[f["kind"]])
        points.setdefault(label, []).append(
            [float(f["longitude"]), float(f["latitude"]), f["name"]]
        )
    return {
        "shapes": reverse("elderly:county_shapes"),
        "counties": [
            {
                "name": r.name,
                "value": round(100 * r.covered / r.elderly, 1) if r.elderly else 0,
                "elderly": r.elderly,
                "covered": r.covered,
            }
            for r in counties
        ],
        "facilities": points,
    }


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def coverage_map(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    area = _area(request)
    kind = _choice(request, "kind", KIND_LABELS, ANY)
    group = _choice(request, "group", GROUP_LABELS, "aged60")
    run = selectors.latest_run(user)
    level = selectors.CHILD_LEVEL[area.level]
    prefix = area.code if area.level != "city" else ""
    rows, uncovered, suggestions = [], [], []
    if run is not None:
        rows = selectors.coverage_rows(
            user, run, level=level, prefix=prefix, kind=kind, group=group
        )
        uncovered = selectors.uncovered_places(user, run, prefix=prefix, kind=kind, group=group)
        names = dict(
            Area.objects.filter(code__in=[s[0] for s in run.suggestions]).values_list(
                "code", "name"
            )
        )
        suggestions = [
            {"code": code, "name": names.get(code, code), "gain": gain, "cumulative": total}
            for code, gain, total in run.suggestions
            if code.startswith(prefix) and user.reaches(code)
        ]
    context = {
        "run": run,
        "area": area,
        "kind": kind,
        "group": group,
        "kinds": KIND_LABELS.items(),
        "groups": GROUP_LABELS.items(),
        "level_label": LEVEL_LABELS[level],
        "drill": level != "community",
        "rows": rows,
        "uncovered": uncovered,
        "suggestions": suggestions,
        "map_data": _map_data(request, run, kind, group),
        "can_measure": user.can(Capability.MANAGE_CONFIG),
    }
    return render(request, "elderly/map.html", context)


@require_GET
@requires(Capability.VIEW_DASHBOARD)
def county_shapes(request: HttpRequest) -> HttpResponse:
    """The county outlines (GeoJSON) for the map, from core's data: no tile server."""
    response = JsonResponse(divisions.county_shapes(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
@requires(Capability.MANAGE_CONFIG)
def coverage_measure_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    area = Area.objects.filter(code=request.POST.get("area", "")[:12]).first()
    if area is None or not user.reaches(area.code):
        raise Http404("没有找到该区划")
    run = coverage_measure(actor=user, area=area)
    messages.success(request, f"已重新测算：住户{run.homes}户，设施{run.facilities}个")
    return redirect_after_post(request, f"{reverse('elderly:map')}?area={area.code}")
