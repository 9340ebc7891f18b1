"""The warning domain's settings (versioned configuration) and their example values."""

from __future__ import annotations

import datetime as dt

from minzheng.core.models import ConfigValue

EXAMPLES = {
    "warning.lead.verify_working_days": "10",  # D5.3: visit and verify within N working days
    "warning.due_soon_working_days": "2",
}
BASIS = "示例默认值，须按本地预警工作要求核定"


def seed_example_settings() -> int:
    present = set(
        ConfigValue.objects.filter(area__isnull=True, key__in=EXAMPLES).values_list(
            "key", flat=True
        )
    )
    rows = [
        ConfigValue(
            key=k, value=v, effective_from=dt.date(2016, 1, 1), is_example=True, basis=BASIS
        )
        for k, v in EXAMPLES.items()
        if k not in present
    ]
    ConfigValue.objects.bulk_create(rows)
    return len(rows)
