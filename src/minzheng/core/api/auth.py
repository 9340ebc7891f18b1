"""API authentication: a bearer token (other systems) or the browser session.

The token is tried first and needs no CSRF token: a browser never sends an
Authorization header on its own, so a forged cross-site request cannot carry one.
The session is tried only when the request carries a logged-in session, and then
its writes must pass the CSRF check (issue 7, item 2: the session check used to
fail every token write with "CSRF check Failed" before the token was looked at).
"""

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


class BrowserSessionAuth(SessionAuth):
    """The Django session; CSRF is checked only for a logged-in session, so a request
    without one (a token client) is answered by the other authenticators."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


auth = [TokenAuth(), BrowserSessionAuth(csrf=True)]
