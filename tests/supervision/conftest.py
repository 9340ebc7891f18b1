from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import CalendarYear
from minzheng.core.settings_write import seed_examples


@pytest.fixture
def sup_settings(areas):
    """The labelled example deadlines (10 working days to verify, 20 to rectify), the
    payments' stop months, and 2027's calendar (deadlines may run into it)."""
    seed_examples(apps=["supervision", "payments"])
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：2027年放假安排"})
    return dt.date(2026, 9, 1)
