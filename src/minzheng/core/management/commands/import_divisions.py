"""`minzheng import_divisions FILE.csv`: import an official township/community list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction
from minzheng.core.places import areas_upsert, load_xuzhou_reference, parse_division_csv


class Command(BaseCommand):
    help = "导入官方乡镇/村（社区）区划名单（CSV：code,name,urban_rural_code；UTF-8或GB18030）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--encoding", default="")

    def handle(self, *args: Any, **opts: Any) -> None:
        raw = opts["file"].read_bytes()
        text = self._decode(raw, opts["encoding"])
        with transaction.atomic():
            load_xuzhou_reference()
            rows, errors = parse_division_csv(text)
            if errors:
                for e in errors:
                    self.stderr.write(str(e))
                raise CommandError(f"导入失败：{len(errors)}处错误，未写入任何数据")
            count = areas_upsert(rows)
            audit_record(
                actor=None,
                action=AuditAction.IMPORT,
                object_type="core.area",
                summary=f"导入区划名单 {opts['file'].name}：{count}条",
            )
        self.stdout.write(self.style.SUCCESS(f"已导入{count}条区划"))

    @staticmethod
    def _decode(raw: bytes, encoding: str) -> str:
        for enc in [encoding] if encoding else ["utf-8-sig", "gb18030"]:
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
        raise CommandError("文件编码无法识别，请用 --encoding 指定（utf-8 或 gb18030）")
