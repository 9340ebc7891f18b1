"""待遇资格认证提醒 (D7.3, docs/portal.md): on 2027-03-01, with reminders 10 days ahead,
every old-age allowance in force whose next proof of life falls from 1 to 11 March 2027
is told once. The proof's period is read per area and per date as the payroll reads it:
18 months city-wide before 2026, 12 months from 2026, 6 months in 彭城街道's community
from 2026. All dates below are worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minzheng.benefits.models import LifeCheck, LifeCheckReminder
from minzheng.benefits.proof_of_life import (
    PROOF_KEY,
    REMINDER_KEY,
    checks_due,
    in_force,
    proof_of_life_reminders_emit,
)
from minzheng.benefits.services.enrolment import benefit_enrol, benefit_stop
from minzheng.core.models import ConfigValue, Person
from minzheng.core.settings_write import seed_examples
from minzheng.portal.examples import seed_example_content
from minzheng.portal.models import Notification, OptOut
from minzheng.portal.notify import notification_deliver
from tests.benefits.conftest import set_value
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2027, 3, 1)
A1, B1 = AREAS["community_a1"], AREAS["community_b1"]


@pytest.fixture
def periods(benefit_settings):
    seed_examples(apps=["portal"])
    seed_example_content(D(2020, 1, 1))
    ConfigValue.objects.filter(key__in=[PROOF_KEY, REMINDER_KEY]).delete()
    set_value(PROOF_KEY, "18", D(2020, 1, 1))
    set_value(PROOF_KEY, "12", D(2026, 1, 1))
    set_value(PROOF_KEY, "6", D(2026, 1, 1), area=B1)


def _allowance(clerk, starts: dt.date, checked: dt.date | None = None, area: str = A1, **kw):
    household = make_household(area, size=1)
    enrolment = benefit_enrol(
        actor=clerk,
        household=household,
        person=household.head,
        programme=kw.get("programme", "old_age_allowance"),
        amount=Decimal("50.00"),
        starts_on=starts,
        next_review_on=D(2030, 1, 1),
        reasons=["测试"],
    )
    if checked is not None:
        LifeCheck.objects.create(
            enrolment=enrolment, checked_on=checked, method="上门", recorded_by=clerk
        )
    return enrolment


def _city(clerk):
    """Name → enrolment, with its due date by hand in the comment."""
    ended = _allowance(clerk, D(2026, 3, 1))  # due 2027-03-01, but stopped
    benefit_stop(actor=clerk, enrolment=ended, cause="moved_out", event_on=D(2026, 12, 5))
    dead = _allowance(clerk, D(2026, 3, 1))  # due 2027-03-01, but the recipient died
    Person.objects.filter(pk=dead.application.applicant_id).update(
        life_status="deceased", death_date=D(2027, 1, 9)
    )
    return {
        "start": _allowance(clerk, D(2026, 3, 1)),  # 2026-03-01 + 12 = 2027-03-01
        "edge": _allowance(clerk, D(2026, 1, 1), D(2026, 3, 11)),  # + 12 = 2027-03-11
        "later": _allowance(clerk, D(2026, 1, 1), D(2026, 3, 12)),  # + 12 = 2027-03-12
        "old_period": _allowance(clerk, D(2025, 1, 1), D(2025, 9, 4)),  # + 18 = 2027-03-04
        "own_area": _allowance(clerk, D(2026, 6, 1), D(2026, 9, 5), area=B1),  # + 6 = 03-05
        "overdue": _allowance(clerk, D(2026, 1, 1), D(2026, 2, 20)),  # + 12 = 2027-02-20
        "disability": _allowance(clerk, D(2026, 3, 1), programme="disability_living_subsidy"),
    }


def _told() -> dict[int, str]:
    """Person → the SMS text of their reminder."""
    sms = Notification.objects.filter(event="proof_of_life", channel="sms")
    return {n.person_id: n.text for n in sms}


def test_the_due_dates_follow_the_period_in_force_for_the_area_and_day(periods, users):
    made = _city(users["city"])
    due = {e.pk: d for e, d in checks_due(in_force(TODAY))}
    assert {name: due.get(e.pk) for name, e in made.items()} == {
        "start": D(2027, 3, 1),
        "edge": D(2027, 3, 11),
        "later": D(2027, 3, 12),
        "old_period": D(2027, 3, 4),
        "own_area": D(2027, 3, 5),
        "overdue": D(2027, 2, 20),
        "disability": None,  # not an old-age allowance
    }
    assert len(due) == 6  # the stopped one and the dead recipient's are out of force


def test_recipients_due_within_ten_days_are_told_once(periods, users):
    made = _city(users["city"])
    assert proof_of_life_reminders_emit(TODAY) == 0  # the example's key removed: nobody
    set_value(REMINDER_KEY, "10", D(2026, 1, 1))
    assert proof_of_life_reminders_emit(TODAY) == 4
    person = {name: e.application.applicant_id for name, e in made.items()}
    hua_lou, peng_cheng = "徐州市鼓楼区黄楼街道办事处", "徐州市云龙区彭城街道办事处"
    text = "请于{}前完成高龄津贴待遇资格认证，可到{}办理。"
    assert _told() == {
        person["start"]: text.format("2027年03月01日", hua_lou),
        person["edge"]: text.format("2027年03月11日", hua_lou),
        person["old_period"]: text.format("2027年03月04日", hua_lou),
        person["own_area"]: text.format("2027年03月05日", peng_cheng),
    }
    # A second run the same day, and the next day, tell nobody again; the 12th's comes
    # the day after.
    assert proof_of_life_reminders_emit(TODAY) == 0
    assert proof_of_life_reminders_emit(TODAY + dt.timedelta(days=1)) == 1
    assert set(_told()) == {person[n] for n in ("start", "edge", "old_period", "own_area")} | {
        person["later"]
    }
    assert LifeCheckReminder.objects.count() == 5


def test_an_overdue_proof_is_left_to_the_suspension_not_reminded(periods, users):
    """D7.3: the missed proof suspends payment (the sweep); a late one pays the months."""
    overdue = _allowance(users["city"], D(2026, 1, 1), D(2026, 2, 20))  # due 2027-02-20
    set_value(REMINDER_KEY, "10", D(2026, 1, 1))
    assert proof_of_life_reminders_emit(TODAY) == 0
    assert overdue.application.applicant_id not in _told()


def test_a_recipient_may_refuse_the_sms_but_keeps_the_portal_message(periods, users):
    enrolment = _allowance(users["city"], D(2026, 3, 1))
    person = enrolment.application.applicant
    OptOut.objects.create(person=person, event="proof_of_life", recorded_by=users["caseworker"])
    set_value(REMINDER_KEY, "10", D(2026, 1, 1))
    assert proof_of_life_reminders_emit(TODAY) == 1
    later = timezone.now() + dt.timedelta(minutes=1)
    for n in Notification.objects.filter(person=person):
        notification_deliver(n.pk, now=later)
    status = dict(Notification.objects.filter(person=person).values_list("channel", "status"))
    assert status == {"sms": "opted_out", "portal": "sent"}


def _queries_for(clerk, count: int) -> int:
    for _ in range(count):
        _allowance(clerk, D(2026, 5, 1))  # due 2027-05-01: outside the window
    with CaptureQueriesContext(connection) as captured:
        proof_of_life_reminders_emit(TODAY)
    return len(captured)


def test_the_queries_do_not_grow_with_the_number_of_allowances(periods, users):
    set_value(REMINDER_KEY, "10", D(2026, 1, 1))
    few = _queries_for(users["city"], 2)
    assert _queries_for(users["city"], 10) == few  # 12 allowances now, same statements
    assert few <= 7  # setting 1, reminders told 1, allowances 1, period 2, + savepoints
