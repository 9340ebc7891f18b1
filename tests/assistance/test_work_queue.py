"""The work queue's deadline status (D11): "due soon" within the configured number of
working days of the deadline, the boundary itself included. The number comes from the
configuration row this test writes for the township (2, not the example 3), so a queue
that reads the wrong setting or moves the boundary by one working day fails here
(issue 18 mutant 5, planted in the caller rather than in `core.workdays`)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.models import Application
from minzheng.assistance.selectors import work_queue
from minzheng.assistance.services import applications as apps
from minzheng.core.models import ConfigValue
from minzheng.core.workdays import DeadlineStatus
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date
DEADLINE = D(2026, 3, 4)  # Wednesday


@pytest.fixture
def accepted(family, users):
    ConfigValue.objects.create(
        key="assistance.due_soon_working_days",
        area_id=AREAS["township_a"],
        value="2",
        effective_from=D(2026, 1, 1),
        basis="测试：本街道临期提醒 2 个工作日",
    )
    app = apps.application_submit(
        actor=users["caseworker"],
        household=family,
        applicant=family.head,
        programme="dibao",
        channel="online",
        track="regular",
        pledge_signed=False,
        urgency_reason="",
        applied_on=D(2026, 2, 24),
    )
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 2, 24))
    # The deadline is set directly so that this test is about the status alone (the
    # counting of the 30 working days is test_procedure's).
    Application.objects.filter(pk=app.pk).update(deadline=None, total_deadline=DEADLINE)
    return app


@pytest.mark.parametrize(
    "today, expected",
    [
        # Sat 28 Feb 2026 is a make-up working day (D11.2): Mon 2, Tue 3, Wed 4 Mar
        # are 3 working days, one more than the township's 2.
        (D(2026, 2, 28), DeadlineStatus.ON_TIME),
        # Mon 2 Mar: Tue 3 and Wed 4 are exactly 2 working days, the boundary.
        (D(2026, 3, 2), DeadlineStatus.DUE_SOON),
        (D(2026, 3, 4), DeadlineStatus.DUE_SOON),
        (D(2026, 3, 5), DeadlineStatus.OVERDUE),
    ],
    ids=["3-working-days-left", "2-left-the-boundary", "deadline-day", "day-after"],
)
def test_due_soon_follows_the_townships_setting(accepted, users, today, expected):
    items = work_queue(users["township"], today)
    assert [(i.application, i.deadline, i.status) for i in items] == [
        (accepted, DEADLINE, expected)
    ]
