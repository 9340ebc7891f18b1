"""Log-in throttling (issue 7, item 7), on django-axes with its counters in the cache.

After `AXES_FAILURE_LIMIT` failed log-ins for one account, or from one address,
that account or address is refused until `AXES_COOLOFF_TIME` has passed since
the last failure. Failures are audited by `signals.record_failed_login`; the
lock-out itself and every unlock are audited here. A city administrator unlocks
earlier from the unlock page or with `minzheng unlock_login`.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"登录失败次数过多，该账号或本机地址已被暂时锁定，请{lockout_minutes()}分钟后再试，"
        "或联系市级管理员解除锁定。"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The log-in page again, saying why and for how long (429 Too Many Requests)."""
    return render(request, "core/login.html", {"lockout_message": lockout_message()}, status=429)


def lockout_record(*, username: str, ip: str) -> None:
    """One audit entry when the limit is reached (not for each later refused try,
    which `record_failed_login` already logs)."""
    audit_record(
        actor=None,
        action=AuditAction.LOGIN,
        object_type="core.user",
        summary=f"登录锁定：账号{username or '（空）'}，地址{ip or '（未知）'}，"
        f"连续失败{settings.AXES_FAILURE_LIMIT}次，锁定{lockout_minutes()}分钟",
    )


def login_unlock(*, actor: User | None, username: str = "", ip: str = "") -> int:
    """Clear the failure counters of an account and/or an address; audited.
    `actor` None is the command line (an operator on the server)."""
    username, ip = username.strip(), ip.strip()
    if actor is not None and not actor.can(Capability.MANAGE_ACCOUNTS):
        raise PermissionDenied("只有市级管理员可以解除登录锁定")
    if not (username or ip):
        raise ValidationError({"username": "请填写要解除锁定的用户名或地址"})
    cleared = 0
    if username:
        cleared += AxesProxyHandler.reset_attempts(username=username)
    if ip:
        cleared += AxesProxyHandler.reset_attempts(ip_address=ip)
    target = "、".join(
        filter(None, [f"账号{username}" if username else "", f"地址{ip}" if ip else ""])
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOGIN,
        object_type="core.user",
        summary=f"解除登录锁定：{target}",
    )
    return cleared
