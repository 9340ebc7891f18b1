"""The credit lists (D10.7): listing (by the daily run or by a registrar's decision),
the two-year escalation, penalties, and removal after rectification.

The daily run (`organisations_credit_run`, and a huey periodic task) is the system's
own act: it creates listings with no actor (the audit entry says "system"), which the
engine does not need since a new listing starts in its initial state. Removal is a
registrar's decision and goes through the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.policy.dates import add_months
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.config import config_decimal, config_int, config_raw
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.deadlines import deadline_of, is_exempt, last_closed_year
from minzheng.organisations.models import (
    LIST_OF_REASON,
    RULE,
    AnnualReport,
    CreditListing,
    ListingReason,
    Organisation,
)
from minzheng.organisations.services.common import today_or

AUTHORITY_DEADLINE_KEY = "organisations.annual_report.authority_deadline"
EXEMPT_MONTHS_KEY = "organisations.annual_report.exempt_months"
ESCALATION_YEARS_KEY = "organisations.credit.abnormal_years_to_serious"
SERIOUS_FINE_KEY = "organisations.credit.serious_fine"


def listing_create(
    *,
    organisation: Organisation,
    reason: str,
    on: dt.date,
    actor: User | None,
    year: int | None = None,
    detail: str = "",
    escalated_from: CreditListing | None = None,
) -> CreditListing:
    listing = CreditListing.objects.create(
        organisation=organisation,
        area_id=organisation.area_id,
        list_kind=LIST_OF_REASON[ListingReason(reason)],
        reason=reason,
        rule=RULE,
        year=year,
        listed_on=on,
        detail=detail[:200],
        listed_by=actor,
        escalated_from=escalated_from,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=listing,
        after=snapshot(listing),
        summary=(
            f"列入{listing.get_list_kind_display()}：{organisation.name}，"
            f"{listing.get_reason_display()}（{RULE}）"
        ),
    )
    return listing


@dataclass(frozen=True)
class RunResult:
    year: int  # the report year whose deadline was checked
    listed: int
    escalated: int


def _late_reporters(year: int, deadline: dt.date, exempt_months: int) -> list[Organisation]:
    """Operating organisations registered by 31 December of `year`, not exempt, with no
    report for the year filed by the deadline and not yet listed for it."""
    on_time = AnnualReport.objects.filter(year=year, filed_on__lte=deadline)
    listed = CreditListing.objects.filter(reason=ListingReason.LATE_REPORT, year=year)
    candidates = (
        Organisation.objects.operating()
        .filter(registered_on__lte=dt.date(year, 12, 31))
        .exclude(pk__in=on_time.values("organisation_id"))
        .exclude(pk__in=listed.values("organisation_id"))
    )
    return [o for o in candidates if not is_exempt(o.registered_on, year, exempt_months)]


def _due_escalations(on: dt.date, years: int) -> list[CreditListing]:
    """Abnormal listings still in force `years` full years after listing: listed on
    1 June 2025, two years are complete on 1 June 2027 (届满)."""
    listed = CreditListing.objects.listed().filter(
        list_kind="abnormal", listed_on__lte=dt.date(on.year - years, 12, 31)
    )
    listed = listed.exclude(escalations__isnull=False).select_related("organisation")
    return [x for x in listed if add_months(x.listed_on, 12 * years) <= on]


@transaction.atomic
def credit_run(*, on: dt.date) -> RunResult:
    """The daily run: list late or missing annual reports after the deadline, and move
    organisations listed for the full term to the serious-violation list (D10.7)."""
    deadline_text = config_raw(AUTHORITY_DEADLINE_KEY, on=on).value
    year = last_closed_year(on, deadline_text)
    deadline = deadline_of(year, deadline_text)
    exempt_months = config_int(EXEMPT_MONTHS_KEY, on=on)
    late = _late_reporters(year, deadline, exempt_months)
    for org in late:
        detail = f"{year}年度工作报告截至{deadline:%Y-%m-%d}未报送"
        listing_create(
            organisation=org, reason="late_report", on=on, actor=None, year=year, detail=detail
        )
    due = _due_escalations(on, config_int(ESCALATION_YEARS_KEY, on=on))
    for listing in due:
        listing_create(
            organisation=listing.organisation,
            reason="abnormal_two_years",
            on=on,
            actor=None,
            detail=f"{listing.listed_on:%Y-%m-%d}列入活动异常名录，至今未移出",
            escalated_from=listing,
        )
    return RunResult(year, len(late), len(due))


@transaction.atomic
def penalty_record(
    *,
    actor: User,
    organisation: Organisation,
    decision: str,
    decided_on: dt.date,
    fine: Decimal | None = None,
    today: dt.date | None = None,
) -> CreditListing:
    """A warning or a fine (D10.7): under the threshold the abnormal list, from it on
    the serious-violation list; the decision and the amount go into the listing."""
    check_record(organisation, "penalise", actor)
    errors = {}
    if not decision.strip():
        errors["decision"] = "请填写处罚决定文号"
    if decided_on > today_or(today):
        errors["decided_on"] = "处罚日期不能晚于今天"
    if fine is not None and fine <= 0:
        errors["fine"] = "罚款金额应大于0；警告不填金额"
    if errors:
        raise ValidationError(errors)
    threshold = config_decimal(SERIOUS_FINE_KEY, on=decided_on)
    large = fine is not None and fine >= threshold
    what = f"罚款{fine}元" if fine is not None else "警告"
    return listing_create(
        organisation=organisation,
        reason="large_penalty" if large else "small_penalty",
        on=decided_on,
        actor=actor,
        detail=f"{decision.strip()}：{what}",
    )


@transaction.atomic
def listing_remove(
    *, actor: User, listing: CreditListing, note: str, today: dt.date | None = None
) -> CreditListing:
    """Removal after rectification: the engine checks role, area, the note and that the
    ground is rectified (a late report filed); the date and reason stay on the row."""
    today = today_or(today)
    transition(listing, "remove", actor, note=note, today=today)
    listing.removed_on, listing.removal_reason = today, note.strip()[:200]
    listing.save(update_fields=["removed_on", "removal_reason"])
    return listing
