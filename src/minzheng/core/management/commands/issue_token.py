"""`minzheng issue_token USERNAME LABEL`: a bearer token for the API, printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.core.audit import audit_record
from minzheng.core.models import ApiToken, AuditAction, User


class Command(BaseCommand):
    help = "为用户签发接口令牌（只显示一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("label")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"用户{opts['username']}不存在")
        token, clear = ApiToken.issue(user=user, label=opts["label"])
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=token,
            area_code=user.area_id or "",
            summary=f"签发接口令牌：{user.username}",
        )
        self.stdout.write(clear)
