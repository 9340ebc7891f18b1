"""办理时限提醒 (docs/portal.md): with the reminder set to 3 days, on 2026-11-17 the
applicant of an open application whose total time limit (D1.9) ends 2026-11-20 is told
the day; one ending the 21st is not (its day comes tomorrow), nor a decided one, nor
any without the setting. The notification names the case, never the person."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.models import Application
from minzheng.assistance.reminders import REMINDER_KEY, deadline_reminders_emit
from minzheng.core.models import ConfigValue
from minzheng.portal.models import Notification
from tests.assistance.enrolments import make_case
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 17)


def _setting(days: str) -> None:
    ConfigValue.objects.create(
        key=REMINDER_KEY, area=None, effective_from=dt.date(2026, 1, 1), value=days, basis="测试"
    )


def test_the_applicant_is_reminded_three_days_ahead_once(areas):
    a1 = AREAS["community_a1"]
    due = make_case(a1, "dibao", dt.date(2026, 10, 1), total_deadline=dt.date(2026, 11, 20))
    make_case(a1, "dibao", dt.date(2026, 10, 2), total_deadline=dt.date(2026, 11, 21))
    decided = make_case(a1, "dibao", dt.date(2026, 10, 3), total_deadline=dt.date(2026, 11, 20))
    # Decided already (the workflow's own steps are tested elsewhere): not open any more.
    Application.objects.filter(pk=decided.pk).update(status="approved")
    assert deadline_reminders_emit(TODAY) == 0  # not configured: nobody is reminded
    _setting("3")
    assert deadline_reminders_emit(TODAY) == 1
    sent = Notification.objects.filter(event="deadline")
    assert {n.reference for n in sent} == {due.number}
    assert {n.person_id for n in sent} == {due.applicant_id}
    assert deadline_reminders_emit(TODAY + dt.timedelta(days=1)) == 1  # the 21st's, next day
