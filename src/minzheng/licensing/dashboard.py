"""The licensing figures on the dashboard: this year's decisions and on-time rates in
the user's area (D15.3), open and paused applications. No personal data."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
from minzheng.licensing.models import LicenceApplication
from minzheng.licensing.rates import on_time_rates


def licensing_panel(user: User) -> tuple[str, list[Figure]]:
    year = timezone.localdate().year
    _, _, total = on_time_rates(user.scope_prefix, year)
    scoped = LicenceApplication.objects.within_prefix(user.scope_prefix)
    return "行政许可", [
        Figure(f"{year}年办结件数", str(total.decided)),
        Figure("法定时限内办结率", total.statutory_rate),
        Figure("承诺时限内办结率", total.promised_rate),
        Figure("在办件数", str(scoped.open().count())),
        Figure("中止计时件数", str(scoped.filter(status="paused").count())),
    ]
