"""Creating staff accounts (each with one role and one area, D0.3)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, User
from minzheng.core.roles import Role


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
