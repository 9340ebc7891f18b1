"""What the case page shows beside the action forms: the household's facts, the
calculator's proposal, the materials checklist and the next step with who does it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.assistance.models import Application, Track
from minzheng.assistance.proposal import Proposal, proposal_for_application
from minzheng.assistance.workflows import FAST, REGULAR
from minzheng.core import workdays
from minzheng.core.models import HouseholdMembership
from minzheng.core.roles import Role
from minzheng.core.workflow import Workflow

# Transitions that end a case early are not "the next step" of its ordinary course.
_SIDE_EXITS = {"withdraw", "refuse", "refuse_fast", "reinvestigate", "request_materials"}


@dataclass(frozen=True)
class NextStep:
    label: str
    roles: list[str]  # role names in Chinese


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    working_days_left: int | None  # None once overdue
    overdue: bool


def workflow_of(application: Application) -> Workflow:
    return FAST if application.track == Track.FAST else REGULAR


def next_steps(application: Application) -> list[NextStep]:
    labels = dict(Role.choices)
    return [
        NextStep(t.label, [str(labels[r]) for r in sorted(t.roles)])
        for t in workflow_of(application).available(application.status)
        if t.action not in _SIDE_EXITS
    ]


def nearest_deadline(application: Application, today: dt.date) -> Deadline | None:
    limits = [d for d in (application.deadline, application.total_deadline) if d is not None]
    if not limits or application.status in workflow_of(application).final_states:
        return None
    day = min(limits)
    if today > day:
        return Deadline(day, None, True)
    return Deadline(day, workdays.working_days_between(today, day), False)


def current_members(application: Application, on: dt.date) -> list[HouseholdMembership]:
    return list(application.household.members_on(on).select_related("person").order_by("id"))


def proposal_or_none(application: Application, on: dt.date) -> Proposal | None:
    """The proposal while it still informs a decision (up to the county's approval)."""
    if application.track == Track.FAST or application.status in {"submitted", "withdrawn"}:
        return None
    return proposal_for_application(application, on)
