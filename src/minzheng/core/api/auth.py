"""API authentication: the browser session (with CSRF on writes) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from minzheng.core.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_description = "Authorization: Bearer <令牌>（由管理员签发，`minzheng issue_token`）"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.objects.user_for(token)
        if user is not None:
            request.user = user
        return user


auth = [SessionAuth(csrf=True), TokenAuth()]
