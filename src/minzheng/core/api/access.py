"""Access checks shared by every domain's API endpoints."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from minzheng.core.models import User
from minzheng.core.roles import Capability


def require(request: HttpRequest, capability: Capability) -> User:
    """The role's capability is checked before any record is looked up (403, not an
    empty answer); the area scope is then applied by the selectors (404 outside it)."""
    user = request.user
    if not isinstance(user, User) or not user.can(capability):
        raise PermissionDenied("您的角色无权执行此操作")
    return user
