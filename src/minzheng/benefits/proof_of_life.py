"""生存认证 (D7.3) for many enrolments at once: when each old-age allowance's next proof
of life is due, in three queries whatever their number, and the daily reminder (the
portal's `proof_of_life` event, docs/portal.md) to each recipient whose proof falls due
within `benefits.old_age.proof_of_life_reminder_days` days.

A reminder is recorded per enrolment and due date (`LifeCheckReminder`): a second run on
the same day tells nobody again, and a day the task did not run is caught up the next
day. An overdue proof is not reminded — its payment is suspended by the sweep
(`life_checks_sweep`) and a late proof pays the suspended months (D7.3); a message
asking for a proof "before" a day already past would mislead."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from minzheng.assistance.documents.issuers import township_office
from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.benefits.models import LifeCheck, LifeCheckReminder
from minzheng.core.config import MissingSetting, config_int, config_int_on_dates
from minzheng.core.models import Area, LifeStatus
from minzheng.core.public import NoticeEvent, notice_emit

PROOF_KEY = "benefits.old_age.proof_of_life_months"
REMINDER_KEY = "benefits.old_age.proof_of_life_reminder_days"
OLD_AGE = Programme.OLD_AGE_ALLOWANCE.value


def checks_due(enrolments: QuerySet[Enrolment]) -> list[tuple[Enrolment, dt.date]]:
    """Each enrolment with its next proof of life: the last one (else the start) plus the
    months in force on that day for its area. One query for the enrolments, two for the
    setting, whatever their number."""
    last = LifeCheck.objects.filter(enrolment=OuterRef("pk")).order_by("-checked_on")
    rows = list(
        enrolments.annotate(last_check=Subquery(last.values("checked_on")[:1])).select_related(
            "household__area", "application"
        )
    )
    since = {e.pk: e.last_check or e.starts_on for e in rows}
    months = config_int_on_dates(
        PROOF_KEY, pairs={(e.household.area_id, since[e.pk]) for e in rows}
    )
    return [(e, add_months(since[e.pk], months[(e.household.area_id, since[e.pk])])) for e in rows]


def in_force(today: dt.date) -> QuerySet[Enrolment]:
    """Old-age allowances not stopped, of recipients alive."""
    return (
        Enrolment.objects.filter(
            programme=OLD_AGE, application__applicant__life_status=LifeStatus.ALIVE
        )
        .exclude(status=EnrolmentStatus.ENDED)
        .exclude(ends_on__lte=today)
    )


@transaction.atomic
def proof_of_life_reminders_emit(today: dt.date) -> int:
    """Tell each recipient whose proof falls due from today to the configured number of
    days ahead, once per due date; returns how many. Without the setting, none."""
    try:
        days = config_int(REMINDER_KEY, on=today)
    except MissingSetting:
        return 0
    horizon = today + dt.timedelta(days=days)
    told = set(
        LifeCheckReminder.objects.filter(due_on__gte=today, due_on__lte=horizon).values_list(
            "enrolment_id", "due_on"
        )
    )
    offices: dict[str, str] = {}
    made = []
    for enrolment, due in sorted(checks_due(in_force(today)), key=lambda r: (r[1], r[0].pk)):
        if not today <= due <= horizon or (enrolment.pk, due) in told:
            continue
        if enrolment.ends_on is not None and enrolment.ends_on <= due:
            continue  # stopping before the proof is due: nothing to prove
        _tell(enrolment, due, offices)
        made.append(LifeCheckReminder(enrolment=enrolment, due_on=due, sent_on=today))
    LifeCheckReminder.objects.bulk_create(made)
    return len(made)


def _tell(enrolment: Enrolment, due: dt.date, offices: dict[str, str]) -> None:
    area: Area = enrolment.household.area
    if area.code not in offices:
        offices[area.code] = township_office(area)
    notice_emit(
        NoticeEvent(
            kind="proof_of_life",
            person_id=enrolment.application.applicant_id,
            area_code=area.code,
            reference=enrolment.application.number,
            fields={
                "programme": enrolment.programme_label,
                "deadline": f"{due:%Y年%m月%d日}",
                "office": offices[area.code],
            },
        )
    )
