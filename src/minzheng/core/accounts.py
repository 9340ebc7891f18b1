"""Staff accounts (each with one role and one area, D0.3) and their API tokens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import ApiToken, Area, AuditAction, User
from minzheng.core.roles import Capability, Role


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    area_code: str,
    display_name: str = "",
) -> User:
    if role not in Role.values:
        raise ValidationError({"role": f"角色“{role}”不存在"})
    area = Area.objects.filter(code=area_code).first()
    if area is None:
        raise ValidationError({"area": f"区划代码{area_code}不存在"})
    if actor is not None and not actor.reaches(area_code):
        raise ValidationError({"area": "不能在本人管辖区域以外创建用户"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名{username}已存在"})
    user = User(username=username, role=role, area=area, display_name=display_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        area_code=area_code,
        after={"username": username, "role": role, "area": area_code},
        summary=f"创建用户 {username}（{user.get_role_display()}，{area.name}）",
    )
    return user


@transaction.atomic
def api_token_issue(
    *, actor: User | None, user: User, label: str, lifetime: dt.timedelta | None = None
) -> tuple[ApiToken, str]:
    """A bearer token for `user`, expiring after `lifetime` (default: the declared
    API_TOKEN_LIFETIME); the clear value is returned once and never stored."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ValidationError({"label": "用途须填写，且不超过100个字"})
    token, clear = ApiToken.issue(user=user, label=label, lifetime=lifetime)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        area_code=user.area_id or "",
        summary=f"签发接口令牌：{user.username}（{label}），有效期至{_local(token.expires_at)}",
    )
    return token, clear


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """A user revokes their own token; a city administrator any token in their area."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    own = token.user_id == actor.pk
    if not own and not (
        actor.can(Capability.MANAGE_ACCOUNTS) and actor.reaches(token.user.area_id or "")
    ):
        raise PermissionDenied("只能吊销本人的接口令牌")
    if token.revoked_at is not None:
        raise ValidationError({"token": "该令牌已吊销"})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=token,
        area_code=token.user.area_id or "",
        summary=f"吊销接口令牌：{token.user.username}（{token.label}）",
    )
    return token


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "长期"
