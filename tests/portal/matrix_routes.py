"""Scope-matrix rows of the portal's staff pages: the notifications' delivery log lies
in the recipient's area (D0.3); the published texts are the city office's (manage_config).
The public pages (no log-in) are listed in test_scope_matrix.PUBLIC_ROUTES."""

from __future__ import annotations

from minzheng.core.roles import Capability
from minzheng.portal.models import Notification, OptOut
from tests.core.matrix_base import Endpoint, Target


def _marker(t: Target) -> str:
    return f"矩阵通知{t.area_code}"


def _notifications(client, t: Target):
    Notification.objects.get_or_create(
        text=_marker(t),
        defaults={"event": "decision", "channel": "portal", "person": t.person,
                  "area_id": t.area_code, "status": "sent"},
    )  # fmt: skip
    return client.get("/portal/notifications/")


ROUTES = [
    Endpoint(
        "portal_staff:notification_list",
        "list",
        Capability.VIEW_PERSONAL,
        _notifications,
        lambda r, t: _marker(t) in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "portal_staff:opt_out",
        "detail",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.get(f"/portal/persons/{t.person.pk}/opt-out/"),
    ),
    Endpoint(
        "portal_staff:opt_out",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/portal/persons/{t.person.pk}/opt-out/", {"event": "deadline"}),
        changed=lambda t: OptOut.objects.filter(person=t.person, event="deadline").exists(),
    ),
    Endpoint(
        "portal_staff:content_list",
        "page",
        Capability.MANAGE_CONFIG,
        lambda c, t: c.get("/portal/content/"),
    ),
    Endpoint(
        "portal_staff:content_edit",
        "page",
        Capability.MANAGE_CONFIG,
        lambda c, t: c.get("/portal/content/guide.programme.dibao/"),
    ),
]
