"""The warning figures on the leaders' dashboard."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
from minzheng.warning.models import Lead


def warning_panel(user: User) -> tuple[str, list[Figure]]:
    leads = Lead.objects.within_prefix(user.scope_prefix)
    today = timezone.localdate()
    open_leads = leads.open()
    return "救助预警", [
        Figure("待办线索", str(open_leads.count())),
        Figure("已超期线索", str(open_leads.filter(deadline__lt=today).count())),
        Figure("已发起救助申请", str(leads.filter(outcome="apply").count())),
        Figure("已办结线索", str(leads.filter(status="closed").count())),
    ]
