"""Scope-matrix rows of the legal-education pages and API: records lie in the area
where the activity was held or the unit whose plan it is (D0.3)."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.roles import Capability
from minzheng.legaledu.models import Activity, StudyPlan
from tests.core.matrix_base import Endpoint, Target
from tests.legaledu.matrix import LegalEducationPlace


def _le(t: Target) -> LegalEducationPlace:
    assert t.legaledu is not None
    return t.legaledu


def _activity(t: Target) -> dict[str, object]:
    return {
        "kind": "study_session",
        "held_on": timezone.localdate().isoformat(),
        "area": t.area_code,
        "venue": "会议室",
        "topic": f"矩阵登记-{t.area_code}",
        "organiser": "民政办",
        "participant_count": 12,
    }


ROUTES = [
    Endpoint(
        "legaledu:activity_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/legal-education/"),
        lambda r, t: _le(t).activity.topic in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "legaledu:activity_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post("/legal-education/activities/new/", _activity(t)),
        changed=lambda t: Activity.objects.filter(topic=f"矩阵登记-{t.area_code}").exists(),
    ),
    Endpoint(
        "legaledu:plan_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/legal-education/plans/"),
        lambda r, t: _le(t).plan.content in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "legaledu:plan_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/legal-education/plans/new/",
            {"area": t.area_code, "year": 2027, "planned_sessions": 4, "content": "矩阵"},
        ),
        changed=lambda t: StudyPlan.objects.filter(area_id=t.area_code, year=2027).exists(),
    ),
    Endpoint(
        "GET /api/v1/legaledu/activities",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/legaledu/activities", {"page_size": 200}),
        lambda r, t: any(i["id"] == _le(t).activity.pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "GET /api/v1/legaledu/totals",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/api/v1/legaledu/totals", {"year": 2026}),
    ),
]
