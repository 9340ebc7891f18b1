"""Demo only: a declared calendar year for years `chinesecalendar` does not know yet.

Deadlines started late in a year run into the next one, which the official calendar
package covers only after the State Council's notice is published; the platform then
refuses to compute them (D11.3). For the demo, the next year is declared with the
fixed-date statutory holidays only (New Year, Labour Day, National Day), and says so:
the lunar holidays and make-up days must be entered from the official notice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from minzheng.core.models import CalendarYear, WorkdayOverride
from minzheng.core.workdays import OFFICIAL_YEARS

SOURCE = (
    "演示数据：仅录入固定日期的法定节假日（元旦、劳动节、国庆节）；春节、清明、端午、"
    "中秋及调休须按国务院办公厅通知补录"
)
FIXED_HOLIDAYS = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)]


@transaction.atomic
def seed_demo(**_: object) -> str:
    year = timezone.localdate().year + 1
    if year in OFFICIAL_YEARS or CalendarYear.objects.filter(year=year).exists():
        return ""
    CalendarYear.objects.create(year=year, source=SOURCE)
    for month, day in FIXED_HOLIDAYS:
        WorkdayOverride.objects.get_or_create(
            date=dt.date(year, month, day),
            defaults={"is_working_day": False, "note": "法定节假日（固定日期，演示）"},
        )
    return f"演示日历：{year}年尚无官方放假安排，已按固定日期法定节假日临时登记（须按通知补录）"
