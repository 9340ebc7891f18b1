"""`minzheng synth_parquet OUT_DIR`: write the synthetic city as Parquet (no database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minzheng.synth.parquet import write_city


class Command(BaseCommand):
    help = "生成合成城市并写出 Parquet 文件（areas / persons / households），分块流式写入"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out_dir", type=Path, help="输出目录")
        parser.add_argument("--residents", type=int, default=9_000_000, help="居民人数")
        parser.add_argument("--seed", type=int, default=20260101, help="随机种子")
        parser.add_argument("--chunk-size", type=int, default=250_000, help="每块人数")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["residents"] < 0 or opts["chunk_size"] <= 0:
            raise CommandError("居民人数不能为负数，每块人数必须为正整数")
        summary = write_city(
            opts["out_dir"],
            seed=opts["seed"],
            residents=opts["residents"],
            chunk_size=opts["chunk_size"],
            progress=not opts["no_progress"],
        )
        rows = summary["rows"]
        self.stdout.write(self.style.SUCCESS(f"已写出 {summary['out_dir']}"))
        self.stdout.write(
            f"  区划 {rows['areas']:,} 行；人员 {rows['persons']:,} 行；"
            f"家庭 {rows['households']:,} 行\n"
            f"  用时 {summary['seconds']:.1f} 秒，{summary['residents_per_second']:,} 人/秒，"
            f"内存峰值 {summary['peak_rss_mb']:.0f} MB"
        )
