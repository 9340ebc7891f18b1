"""`minzheng issue_token USERNAME LABEL [--days N]`: a bearer token for the API,
printed once; it expires after N days (default: MINZHENG_API_TOKEN_DAYS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minzheng.core.accounts import api_token_issue
from minzheng.core.models import User


class Command(BaseCommand):
    help = "为用户签发接口令牌（只显示一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("label")
        parser.add_argument("--days", type=int, default=None, help="有效天数")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"用户{opts['username']}不存在")
        days = opts["days"]
        if days is not None and not 1 <= days <= 3660:
            raise CommandError("有效天数须在1至3660之间")
        lifetime = dt.timedelta(days=days) if days else None
        try:
            _, clear = api_token_issue(
                actor=None, user=user, label=opts["label"], lifetime=lifetime
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(clear)
