"""Beneficiaries already on the city's roll when it adopts the platform (issue 10 item
8): each becomes an enrolment in force from its start month, under a case of the roll
track — born approved, in the one state of the `assistance_roll` workflow, because the
decision was taken before the platform. From then on the enrolment is reviewed like
any other (D1.16) and paid by the payroll (D13.3).

Called by payments' roll import once every row has been validated; written in bulk
(a city's roll is tens of thousands of rows) with one audit entry per enrolment."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.assistance.models.applications import Track
from minzheng.assistance.models.enrolment import ChangeKind, ReviewClass
from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.services.decisions import REVIEW_CLASS_KEYS
from minzheng.core.audit import Entry, audit_record_many
from minzheng.core.config import config_int
from minzheng.core.models import AuditAction, Household, Person, User


@dataclass(frozen=True)
class RollEnrolment:
    """One validated row of the roll: who, which programme, how much from when."""

    person: Person
    household: Household
    programme: str
    monthly_amount: Decimal
    starts_on: dt.date  # first day of the first month paid
    covered_members: int
    row: int  # the row of the file, quoted in the history


def _next_review(starts: dt.date, months: int, today: dt.date) -> dt.date:
    """The first review date after today on the class-A cycle counted from the start:
    the roll does not say when the household was last reviewed (D1.16)."""
    due = add_months(starts, months)
    while due <= today:
        due = add_months(due, months)
    return due


@transaction.atomic
def roll_enrol(
    *, actor: User, entries: list[RollEnrolment], source: str, today: dt.date
) -> list[Enrolment]:
    """Create the cases, enrolments and their start changes of validated roll rows.
    The caller has checked the rows (area, person, duplicates, enrolments in force)."""
    batch = f"RL{today:%Y%m%d}{secrets.token_hex(3).upper()}"
    name = source.rsplit(".", 1)[0] or source  # the roll's name, without its file type
    apps = Application.objects.bulk_create(
        Application(
            number=f"{batch}{n:06d}",
            track=Track.ROLL,
            status="approved",  # the roll workflow's initial (and only) state
            programme=e.programme,
            household=e.household,
            applicant=e.person,
            channel="committee",
            applied_on=e.starts_on,
            decided_amount=e.monthly_amount,
            decided_on=e.starts_on,
            area_id=e.household.area_id,
            created_by=actor,
        )
        for n, e in enumerate(entries, start=1)
    )
    months = {
        area: config_int(REVIEW_CLASS_KEYS["A"], on=today, area=area)
        for area in {e.household.area for e in entries}
    }
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            household=e.household,
            programme=e.programme,
            application=app,
            starts_on=e.starts_on,
            monthly_amount=e.monthly_amount,
            covered_members=e.covered_members,
            review_class=ReviewClass.A,
            next_review_on=_next_review(e.starts_on, months[e.household.area], today),
        )
        for e, app in zip(entries, apps, strict=True)
    )
    EnrolmentChange.objects.bulk_create(
        EnrolmentChange(
            enrolment=enrolment,
            kind=ChangeKind.START,
            effective_on=e.starts_on,
            amount_after=e.monthly_amount,
            reasons=[f"存量名册导入（{name}第{e.row}行），{e.starts_on:%Y年%m月}起在保"],
            decided_by=actor,
        )
        for e, enrolment in zip(entries, enrolments, strict=True)
    )
    audit_record_many(
        actor=actor,
        entries=[
            Entry(
                action=AuditAction.CREATE,
                obj=enrolment,
                area_code=e.household.area_id,
                summary=f"{app.number} 存量名册导入纳入保障，{e.starts_on:%Y年%m月}起，"
                f"{e.monthly_amount}元/月",
                after={"programme": e.programme, "amount": str(e.monthly_amount)},
            )
            for e, app, enrolment in zip(entries, apps, enrolments, strict=True)
        ],
    )
    return enrolments
