"""The payments settings (`settings.yaml` beside this module) and their example values,
seeded the way the other domains seed theirs until the settings registry loads them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from minzheng.core.models import ConfigValue

SPEC_FILE = Path(__file__).with_name("settings.yaml")
BASIS = "示例默认值，须按本地资金发放管理办法核定"


def specs() -> list[dict[str, Any]]:
    return list(yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8")))


def seed_example_settings() -> int:
    examples = {s["key"]: str(s["example"]) for s in specs()}
    present = set(
        ConfigValue.objects.filter(area__isnull=True, key__in=examples).values_list(
            "key", flat=True
        )
    )
    rows = [
        ConfigValue(
            key=k, value=v, effective_from=dt.date(2016, 1, 1), is_example=True, basis=BASIS
        )
        for k, v in examples.items()
        if k not in present
    ]
    ConfigValue.objects.bulk_create(rows)
    return len(rows)
