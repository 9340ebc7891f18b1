"""`minzheng demo`: migrate, build the synthetic city once, seed each domain's demo data,
print the log-ins, serve (docs/demo.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from minzheng.core.models import Person
from minzheng.demo.city import load_demo_city
from minzheng.demo.seeders import run_demo_seeders
from minzheng.demo.users import DEMO_PASSWORD, ensure_demo_users


class Command(BaseCommand):
    help = "演示：建库、生成合成城市数据（首次）、写入各业务的演示数据、打印演示账号并启动服务"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--residents", type=int, default=50_000, help="居民人数（首次）")
        parser.add_argument("--seed", type=int, default=20260101, help="随机种子")
        parser.add_argument("--host", default="127.0.0.1", help="服务地址")
        parser.add_argument("--port", type=int, default=8000, help="服务端口")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("migrate", verbosity=0)
        if not Person.objects.exists():
            self.stdout.write(f"生成合成城市：{opts['residents']} 人（种子 {opts['seed']}）…")
            summary = load_demo_city(seed=opts["seed"], residents=opts["residents"], progress=True)
            self.stdout.write(str(summary))
        logins = ensure_demo_users()
        for line in run_demo_seeders(seed=opts["seed"], residents=opts["residents"]):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"\n演示账号（密码均为 {DEMO_PASSWORD}）："))
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role_label:<16} {login.area_name}")
        url = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write(f"\n数据库：{settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"网页：{url}    接口文档：{url}api/v1/docs\n")
        if not opts["no_serve"]:
            call_command("serve", host=opts["host"], port=opts["port"])
