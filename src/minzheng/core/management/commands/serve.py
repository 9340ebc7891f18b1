"""`minzheng serve`: the production-grade pure-Python WSGI server (waitress)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from waitress import serve


class Command(BaseCommand):
    help = "启动网页服务（waitress）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(f"服务已启动：http://{opts['host']}:{opts['port']}/  （Ctrl+C 停止）")
        serve(
            get_wsgi_application(), host=opts["host"], port=opts["port"], threads=opts["threads"]
        )
