"""The disability two subsidies' procedure (D4.5), transition by transition, through the
services and the one workflow engine. Expected amounts by hand from D4.3 and the example
settings: urban dibao standard 780 (the tenth example rise, in force since 2025-07);
a near-dibao household is covered by the example extension (D4.1); physical grade 2 is
severe: living subsidy 30 % = 234.00 (the applicant has a fixed income of 300, so not the
100 % case), care subsidy 130.00 urban (D4.3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import SubsidyApplication
from minzheng.benefits.workflows import DISABILITY
from minzheng.core.models import TransitionLog
from minzheng.core.workflow import ActionNotPermitted, NoteRequired, WorkflowError
from tests.benefits.helpers import D, act, receive, to_reviewed
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db

CW, TR, CA = "caseworker", "township_reviewer", "county_approver"
FED = "disability_federation_reviewer"
# The procedure's table, by hand from D4.5: action -> (sources, target, who).
TABLE = {
    "forward": ({"received"}, "forwarded", {CW, TR}),
    "accept": ({"received", "forwarded"}, "accepted", {TR}),
    "check": ({"accepted"}, "checked", {TR}),
    "send_back": ({"checked"}, "accepted", {FED}),
    "review": ({"checked"}, "reviewed", {FED}),
    "decide": ({"reviewed"}, "approved", {CA}),
    "refuse": ({"accepted", "checked", "reviewed"}, "refused", {TR, CA}),
    "withdraw": (
        {"received", "forwarded", "accepted", "checked", "reviewed"},
        "withdrawn",
        {CW, TR},
    ),
}


def test_the_declared_workflow_is_the_procedure_of_the_rulebook() -> None:
    declared = {t.action: (set(t.sources), t.target, set(t.roles)) for t in DISABILITY.transitions}
    assert declared == TABLE
    assert DISABILITY.final_states == {"approved", "refused", "withdrawn"}


def test_a_local_application_goes_to_its_decision_and_is_paid_from_the_month_applied(
    family, users, reviewer
) -> None:
    app = receive(users["caseworker"], family)
    assert app.status == "received" and app.area_id == family.area_id
    app = to_reviewed(app, users, reviewer)
    assert app.status == "reviewed" and app.reviewed_by == reviewer
    app = act(app, "decide", users["county"])
    assert app.status == "approved"
    assert (app.living_amount, app.care_amount) == (Decimal("234.00"), Decimal("130.00"))
    enrolments = {e.programme: e for e in Enrolment.objects.filter(household=family)}
    assert set(enrolments) == {"disability_living_subsidy", "disability_care_subsidy"}
    living = enrolments["disability_living_subsidy"]
    assert living.starts_on == D(2026, 3, 1)  # D4.5: from the month of application
    assert living.application.applicant == family.head
    assert living.application.track == "benefit"
    assert living.benefit_grant.ratio == "0.3"
    assert "2026年03月起按月发放" in app.notice
    actions = list(
        TransitionLog.objects.filter(object_id=str(app.pk), workflow="benefits_disability")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["accept", "check", "review", "decide"]


def test_received_elsewhere_it_is_forwarded_to_the_registration_place(
    family, users, reviewer
) -> None:
    app = receive(users["caseworker_b"], family)  # 云龙区 receives a 鼓楼区 resident
    assert app.area_id == AREAS["community_b1"] and app.intake_area_id == AREAS["community_b1"]
    with pytest.raises(WorkflowError):  # the registration township does not reach it yet
        act(app, "accept", users["township"])
    township_b = make_user("tr_b", TR, AREAS["township_b"])
    with pytest.raises(WorkflowError, match="须先转交户籍地"):
        act(app, "accept", township_b)
    app = act(app, "forward", users["caseworker_b"])
    assert (app.status, app.area_id, app.forwarded_on) == (
        "forwarded",
        family.area_id,
        D(2026, 3, 20),
    )
    with pytest.raises(WorkflowError):  # the intake no longer reaches the case
        act(app, "withdraw", users["caseworker_b"], "撤回")
    assert act(app, "accept", users["township"]).status == "accepted"


def test_a_local_case_is_not_forwarded(family, users) -> None:
    app = receive(users["caseworker"], family)
    with pytest.raises(WorkflowError, match="无需转交"):
        act(app, "forward", users["caseworker"])


def test_only_the_federation_duty_reviews_and_its_holder_does_not_decide(
    family, users, reviewer
) -> None:
    app = act(
        act(receive(users["caseworker"], family), "accept", users["township"]),
        "check",
        users["township"],
    )
    with pytest.raises(ActionNotPermitted):
        act(app, "review", users["county"])  # a county approver without the duty
    app = act(app, "review", reviewer)
    with pytest.raises(WorkflowError, match="残联审核人不能同时审批"):
        act(app, "decide", reviewer)


def test_send_back_and_refusal_need_a_reason_and_refusal_writes_the_notice(
    family, users, reviewer
) -> None:
    app = act(
        act(receive(users["caseworker"], family), "accept", users["township"]),
        "check",
        users["township"],
    )
    with pytest.raises(NoteRequired):
        act(app, "send_back", reviewer)
    app = act(app, "send_back", reviewer, "请补充照护需求评估")
    assert app.status == "accepted"
    with pytest.raises(NoteRequired):
        act(app, "refuse", users["township"])
    app = act(app, "refuse", users["township"], "不符合护理补贴条件")
    assert app.status == "refused"
    assert "不予批准" in app.notice and "不符合护理补贴条件" in app.notice
    assert not Enrolment.objects.filter(household=family).exists()


def test_an_expired_certificate_cannot_be_approved(family, users, reviewer) -> None:
    app = to_reviewed(
        receive(users["caseworker"], family, certificate_expires_on=D(2026, 3, 19)),
        users,
        reviewer,
    )
    with pytest.raises(ValidationError, match="已过期"):
        act(app, "decide", users["county"])  # decided on 2026-03-20, expired the day before
    assert SubsidyApplication.objects.get(pk=app.pk).status == "reviewed"


def test_only_what_is_eligible_is_granted(family, users, reviewer) -> None:
    app = receive(users["caseworker"], family, disability_grade=3)  # not severe: no care
    app = act(to_reviewed(app, users, reviewer), "decide", users["county"])
    assert (app.living_amount, app.care_amount) == (Decimal("195.00"), None)  # 780 × 25 %
    assert "重度残疾人护理补贴不符合条件" in app.notice
    programmes = set(
        Enrolment.objects.filter(household=family).values_list("programme", flat=True)
    )
    assert programmes == {"disability_living_subsidy"}


def test_withdrawal_and_a_choice_of_subsidy_are_required(family, users) -> None:
    with pytest.raises(ValidationError):
        receive(users["caseworker"], family, living=False, care=False)
    app = act(receive(users["caseworker"], family), "withdraw", users["caseworker"], "申请人撤回")
    assert app.status == "withdrawn"


def test_without_fixed_income_outside_dibao_the_living_subsidy_is_the_full_standard(
    family, users, reviewer
) -> None:
    app = receive(users["caseworker"], family, own_fixed_income=Decimal("0"))
    app = act(to_reviewed(app, users, reviewer), "decide", users["county"])
    assert app.living_amount == Decimal("780.00")  # D4.3: 100 % of 780
