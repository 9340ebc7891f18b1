"""Time limits and the late-ticket sweep (D8.3, D8.2, D8.4, D11), worked by hand on the
2026 calendar (D11.2): Fri 25 Sep is Mid-Autumn (off), 1–7 Oct National Day (off),
Sat 10 Oct a make-up working day. Limits are the example settings
(hotline/settings.yaml): complaint 13 working days, help 3, emergency 2 hours, body
collection 12 hours, urgent 24 hours, reminder 1 working day after the limit,
escalation 5 working days after the reminder, an emergency escalated within 30 minutes."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.hotline import limits, services
from minzheng.hotline.models import Event, EventKind, Ticket
from tests.hotline.conftest import at, intake

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "urgency", "received", "due"),
    [
        # Thu 24 Sep: 28,29,30 Sep, 8,9,10(Sat, make-up),12,13,14,15,16,19,20 Oct = 13
        ("complaint", "normal", at(2026, 9, 24, 10), at(2026, 10, 20, 23, 59, 59)),
        # Wed 30 Sep: 8 Oct, 9 Oct, Sat 10 Oct (make-up) = 3
        ("child_help", "normal", at(2026, 9, 30, 15), at(2026, 10, 10, 23, 59, 59)),
        # urgent: 24 hours is shorter than 3 working days
        ("child_help", "urgent", at(2026, 9, 30, 15), at(2026, 10, 1, 15)),
        # hours run through the night and the holiday (24 x 7)
        ("child_emergency", "normal", at(2026, 9, 30, 22, 30), at(2026, 10, 1, 0, 30)),
        ("body_collection", "normal", at(2026, 10, 1, 20), at(2026, 10, 2, 8)),
        # urgent does not lengthen a shorter limit
        ("child_emergency", "urgent", at(2026, 9, 30, 22, 30), at(2026, 10, 1, 0, 30)),
    ],
)
def test_time_limit(hotline_settings, category, urgency, received, due):
    assert limits.due_at(category, urgency, received, area=None) == due


def test_reminder_and_escalation_days(hotline_settings):
    # limit ends 20 Oct; reminder the next working day, Wed 21 Oct; escalation 5
    # working days later: 22, 23, 26, 27, 28 Oct.
    steps = limits.late_steps(at(2026, 10, 20, 23, 59, 59), area=None)
    assert (steps.remind_on, steps.escalate_on) == (dt.date(2026, 10, 21), dt.date(2026, 10, 28))
    # limit ends Sat 10 Oct (make-up): reminder Mon 12 Oct, escalation 13-16, 19 Oct.
    steps = limits.late_steps(at(2026, 10, 10, 23, 59, 59), area=None)
    assert (steps.remind_on, steps.escalate_on) == (dt.date(2026, 10, 12), dt.date(2026, 10, 19))


def _kinds(ticket: Ticket) -> list[str]:
    return list(Event.objects.filter(ticket=ticket).values_list("kind", flat=True))


def test_sweep_reminds_then_escalates_across_the_holidays(desk):
    ticket = intake(desk, category="complaint", received_at=at(2026, 9, 24, 10))
    assert services.sweep_overdue(at(2026, 10, 20, 23)) == services.SweepResult(0, 0, 0)
    # past the limit but the reminder day has not come
    assert (
        services.sweep_overdue(
            at(
                2026,
                10,
                20,
                23,
                59,
                59,
            )
        ).reminded
        == 0
    )
    assert services.sweep_overdue(at(2026, 10, 21, 9)) == services.SweepResult(1, 0, 0)
    assert services.sweep_overdue(at(2026, 10, 21, 18)) == services.SweepResult(0, 0, 0)
    assert services.sweep_overdue(at(2026, 10, 27, 9)) == services.SweepResult(0, 0, 0)
    assert services.sweep_overdue(at(2026, 10, 28, 9)) == services.SweepResult(0, 1, 0)
    ticket.refresh_from_db()
    assert (ticket.reminded_on, ticket.escalated_on) == (
        dt.date(2026, 10, 21),
        dt.date(2026, 10, 28),
    )
    assert _kinds(ticket).count(EventKind.REMINDER) == 1
    assert _kinds(ticket).count(EventKind.ESCALATION) == 1


def test_a_merged_ticket_is_never_reminded(desk):
    ticket = intake(desk, category="child_consult", received_at=at(2026, 9, 24, 10))
    services.act(ticket, "merge", desk.operator, note="重复", into=intake(desk))
    assert services.sweep_overdue(at(2026, 12, 1, 9)).reminded == 1  # only the other one


def test_an_emergency_not_escalated_within_its_minutes(desk):
    ticket = intake(desk, category="child_emergency", received_at=at(2026, 9, 30, 22, 0))
    assert services.sweep_overdue(at(2026, 9, 30, 22, 29)).emergencies_late == 0
    assert services.sweep_overdue(at(2026, 9, 30, 22, 31)).emergencies_late == 1
    assert services.sweep_overdue(at(2026, 9, 30, 22, 40)).emergencies_late == 0  # once
    assert EventKind.ESCALATION in _kinds(ticket)


def test_an_escalated_emergency_is_not_late(desk):
    ticket = intake(desk, category="child_emergency", received_at=at(2026, 9, 30, 22, 0))
    services.escalate_emergency(actor=desk.operator, ticket=ticket, duty_officer=desk.officer)
    assert services.sweep_overdue(at(2026, 9, 30, 22, 31)).emergencies_late == 0


def test_the_command_sweeps_at_a_given_time(desk):
    from io import StringIO

    from django.core.management import call_command

    intake(desk, category="complaint", received_at=at(2026, 9, 24, 10))
    out = StringIO()
    call_command("hotline_overdue", "--at", "2026-10-21 09:00", stdout=out)
    assert out.getvalue().strip() == "催办1件，升级督办0件，紧急来电未及时上报0件"
