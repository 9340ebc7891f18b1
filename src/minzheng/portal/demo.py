"""Demo data of the portal: the labelled example guides and message templates, and the
portal's example settings (what the recipient lists publish, look-up limits, retries).
Idempotent; the notifications themselves come from the domains' demo decisions, which
is why the portal is installed (and seeded) before the domains: their demo decisions
then find the templates in force."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from minzheng.core.settings_write import seed_examples
from minzheng.portal.examples import seed_example_content


@transaction.atomic
def seed_demo(**options: object) -> str:
    settings = seed_examples(apps=["portal"])
    written = seed_example_content(timezone.localdate().replace(month=1, day=1))
    if not (settings or written):
        return ""
    return f"演示公众服务：示例办事指南和通知模板{written}项、示例参数{settings}项"
