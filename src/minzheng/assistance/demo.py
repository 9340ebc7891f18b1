"""Demo data of the assistance domain: the labelled example standards, and a handful of
cases at different steps in the demo caseworker's community, so that every demo role
finds work in its queue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.models import Application, Enrolment
from minzheng.assistance.proposal import proposal_for_application
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.assistance.simulation import Scenario
from minzheng.assistance.simulation_runs import simulation_request
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.config import config_decimal
from minzheng.core.models import Household, User
from minzheng.core.workflow.engine import transition

# The demo log-ins, created by `minzheng demo` before any seeder runs (minzheng.demo.users).
DEMO_USERS = ("caseworker", "township", "county")


def _cases(users: dict[str, User], households: list[Household]) -> int:
    today = timezone.localdate()
    created = 0
    for step, household in enumerate(households):
        assert household.head is not None  # selected with a head
        fast = step == 5
        app = apps.application_submit(
            actor=users["caseworker"],
            household=household,
            applicant=household.head,
            programme="temporary" if fast else "dibao",
            channel="in_person",
            track="fast" if fast else "regular",
            pledge_signed=fast,
            urgency_reason="突发火灾，住房受损，基本生活困难（演示）" if fast else "",
            applied_on=today,
        )
        created += 1
        if fast:
            fast_track.fast_grant(
                actor=users["township"], application=app, amount=Decimal("1500"), today=today
            )
            continue
        if step >= 1:
            apps.application_accept(actor=users["township"], application=app, today=today)
        if step >= 2:
            apps.means_test_record(
                actor=users["caseworker"],
                application=app,
                reference=f"核对〔{today.year}〕{step:03d}号",
                received_on=today,
                monthly_income=Decimal("900"),
            )
            apps.home_visit_record(
                actor=users["caseworker"],
                application=app,
                visited_on=today,
                findings="家庭困难属实（演示）",
                investigators=[users["caseworker"], users["township"]],
            )
        if step >= 3:
            transition(app, "complete_investigation", users["caseworker"], today=today)
            decisions.application_review(
                actor=users["township"],
                application=app,
                opinion="民主评议同意（演示）",
                proposed_amount=proposal_for_application(app, today).amount,
                proposed_members=household.members_on(today).count(),
                today=today,
            )
        if step >= 4:
            apps.notice_post(
                actor=users["caseworker"], application=app, place="社区公开栏", today=today
            )
    return created


def _approved(users: dict[str, User], household: Household) -> None:
    """A regular dibao case carried to approval, dated so that its notice has ended."""
    day = timezone.localdate() - dt.timedelta(days=40)
    assert household.head is not None
    app = apps.application_submit(
        actor=users["caseworker"],
        household=household,
        applicant=household.head,
        programme="dibao",
        channel="in_person",
        applied_on=day,
    )
    apps.application_accept(actor=users["township"], application=app, today=day)
    apps.means_test_record(
        actor=users["caseworker"],
        application=app,
        reference=f"核对〔{day.year}〕{household.pk:04d}号",
        received_on=day,
        monthly_income=Decimal("600"),
    )
    apps.home_visit_record(
        actor=users["caseworker"],
        application=app,
        visited_on=day,
        findings="家庭困难属实（演示）",
        investigators=[users["caseworker"], users["township"]],
    )
    transition(app, "complete_investigation", users["caseworker"], today=day)
    proposal = proposal_for_application(app, day)
    if not proposal.eligible or not proposal.amount:
        return
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="民主评议同意（演示）",
        proposed_amount=proposal.amount,
        proposed_members=proposal.covered_members or None,
        today=day,
    )
    apps.notice_post(actor=users["caseworker"], application=app, place="社区公开栏", today=day)
    later = day + dt.timedelta(days=10)
    transition(app, "submit_for_decision", users["township"], today=later)
    decisions.application_approve(
        actor=users["county"],
        application=app,
        amount=proposal.amount,
        covered_members=proposal.covered_members or household.members_on(later).count(),
        today=later,
    )


@transaction.atomic
def seed_demo(**_: object) -> str:
    written = seed_example_standards()
    lines = [f"录入示例救助标准与办理时限：{written}条（均标注为示例）"] if written else []
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
    if len(users) == len(DEMO_USERS) and not Application.objects.exists():
        community = users["caseworker"].area_id
        households = list(
            Household.objects.filter(area_id=community, head__isnull=False)
            .select_related("head", "area")
            .order_by("id")[:8]
        )
        # Two families already enrolled, so the monitoring run finds this community's
        # people; the other six are cases at different steps.
        for household in households[:2]:
            _approved(users, household)
        count = Enrolment.objects.filter(household__area_id=community).count()
        if count:
            lines.append(f"演示保障对象：{count}户（已批准，纳入低保）")
        if households[2:]:
            created = _cases(users, households[2:])
            lines.append(f"演示救助案件：{created}件（受理、调查、公示、先办后核等环节）")
        lines.append(_simulation(users["county"]))
    return "\n".join(lines)


def _simulation(county: User) -> str:
    """One policy simulation of the demo county: its urban standard 40 yuan higher from
    next month (issue 15 item 4), so that the result page has something to show."""
    today = timezone.localdate()
    month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    key = "dibao.standard.urban"
    standard = config_decimal(key, on=month, area=county.area)
    run = simulation_request(
        actor=county,
        month=month,
        scenarios=[Scenario("A", key, str(standard + 40))],
        background=False,
    )
    return f"演示政策模拟测算：{run.area.name}城市低保标准提高40元（{run.get_state_display()}）"
