"""Log-ins and failed log-ins go to the audit trail too."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from minzheng.core.audit import audit_record
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.middleware import client_ip
from minzheng.core.models import AuditAction
from minzheng.core.throttling import lockout_record


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with acting_from(RequestContext(ip=client_ip(request) if request else "", channel="web")):
        audit_record(
            actor=user,
            action=AuditAction.LOGIN,
            object_type="core.user",
            object_id=str(user.pk),
            area_code=user.area_id or "",
            summary="登录成功",
        )


@receiver(user_login_failed)
def record_failed_login(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    with acting_from(RequestContext(ip=client_ip(request) if request else "", channel="web")):
        audit_record(
            actor=None,
            action=AuditAction.LOGIN,
            object_type="core.user",
            summary=f"登录失败：{username}",
        )


@receiver(user_locked_out)
def record_lockout(sender: Any, request: Any, username: Any = None, **kwargs: Any) -> None:
    """Audited once, when a failure reaches the limit; later refused tries during the
    lock-out are audited as failed log-ins only."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    ip = client_ip(request) if request else ""
    with acting_from(RequestContext(ip=ip, channel="web")):
        lockout_record(username=str(username or "")[:150], ip=ip)
