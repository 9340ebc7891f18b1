"""Demo data of the assistance domain: the labelled example standards, and a handful of
cases at different steps in the demo caseworker's community, so that every demo role
finds work in its queue."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.assistance.proposal import proposal_for_application
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import Household, User
from minzheng.core.workflow.engine import transition

# The demo log-ins created by `minzheng demo` (core.demo_users).
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
                reference=f"HD-DEMO-{step}",
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


@transaction.atomic
def seed_demo(**_: object) -> str:
    written = seed_example_standards()
    lines = [f"录入示例救助标准与办理时限：{written}条（均标注为示例）"] if written else []
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
    if len(users) == len(DEMO_USERS) and not Application.objects.exists():
        community = users["caseworker"].area_id
        households = list(
            Household.objects.filter(area_id=community, head__isnull=False).select_related(
                "head", "area"
            )[:6]
        )
        if households:
            lines.append(
                f"演示救助案件：{_cases(users, households)}件（受理、调查、公示、先办后核等环节）"
            )
    return "\n".join(lines)
