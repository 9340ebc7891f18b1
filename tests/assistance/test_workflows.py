"""The assistance workflows tested from their transition tables (D1, D6): every
allowed transition is driven through the services by every role the bureau's rules
name for it (tests/bureau_rules.py, not the production table), every other is
refused. tests/core/test_workflow_roles.py checks the other roles, through the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.assistance.case_actions import application_act
from minzheng.assistance.models import Application
from minzheng.assistance.services.applications import application_extend, application_submit
from minzheng.assistance.workflows import FAST, REGULAR
from minzheng.core.workflow import WorkflowError
from tests.bureau_rules import ASSISTANCE_FAST, ASSISTANCE_REGULAR
from tests.factories import make_household

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2026, 3, 2)  # a Monday after the Spring Festival

ROLE_USER = {
    "caseworker": "caseworker",
    "township_reviewer": "township",
    "county_approver": "county",
}


def _data(name: str, users: dict) -> dict:
    return {
        "request_materials": {"missing": "户口簿复印件\n收入证明"},
        "means_test": {"reference": "HD-1", "received_on": "2026-03-03", "monthly_income": "900"},
        "home_visit": {
            "visited_on": "2026-03-03",
            "findings": "家中无大额财产",
            "investigators": [users["caseworker"].pk, users["township"].pk],
        },
        "review": {
            "opinion": "经民主评议，同意",
            "proposed_amount": "560.00",
            "amount_reason": "民主评议按实际困难调整",
        },
        "post_notice": {"place": "社区公开栏"},
        "approve": {"amount": "560.00", "covered_members": 2},
        "refuse": {"reasons": "人均收入高于标准（D1.13）"},
        "grant": {"amount": "2000.00"},
        "find_breach": {
            "grade": "serious",
            "facts": "隐瞒工资收入",
            "recovery_amount": "2000",
            "stop_assistance": "on",
        },
    }.get(name, {"note": "同意"})


def act(app: Application, name: str, users: dict, role: str, today: dt.date = DAY) -> None:
    application_act(
        actor=users[ROLE_USER[role]],
        application=app,
        name=name,
        data=_data(name, users),
        today=today,
        prefixed=False,
    )


PATHS = {
    "submitted": [],
    "materials_pending": [("request_materials", "township_reviewer")],
    "accepted": [("accept", "township_reviewer")],
    "investigated": [
        ("accept", "township_reviewer"),
        ("means_test", "caseworker"),
        ("home_visit", "caseworker"),
        ("complete_investigation", "caseworker"),
    ],
}
PATHS["reviewed"] = [*PATHS["investigated"], ("review", "township_reviewer")]
PATHS["in_notice"] = [*PATHS["reviewed"], ("post_notice", "caseworker")]
PATHS["awaiting_decision"] = [*PATHS["in_notice"], ("submit_for_decision", "township_reviewer")]
PATHS["approved"] = [*PATHS["awaiting_decision"], ("approve", "county_approver")]
PATHS["refused"] = [*PATHS["accepted"], ("refuse", "county_approver")]
PATHS["closed_refused"] = [*PATHS["refused"], ("notify_refusal", "county_approver")]
PATHS["withdrawn"] = [("withdraw", "caseworker")]
FAST_PATHS = {"submitted": [], "granted": [("grant", "township_reviewer")]}
FAST_PATHS.update(
    {
        "confirmed": [*FAST_PATHS["granted"], ("confirm", "township_reviewer")],
        "breach": [*FAST_PATHS["granted"], ("find_breach", "county_approver")],
        "refused": [("refuse_fast", "township_reviewer")],
        "withdrawn": [("withdraw", "caseworker")],
    }
)
LATE = D(2026, 3, 20)  # after the 7-day notice
# Records a guarded transition needs first (D1.6).
PREREQUISITES = {
    "complete_investigation": [("means_test", "caseworker"), ("home_visit", "caseworker")]
}


def _new(family, users, track: str = "regular") -> Application:
    """A new application, for a fresh household each time: a breach found earlier in the
    loop would rightly block the same applicant (D6.4), and an open case the same
    household's second application (D1.2)."""
    family = make_household(size=2)
    return application_submit(
        actor=users["caseworker"],
        household=family,
        applicant=family.head,
        programme="dibao",
        channel="in_person",
        track=track,
        pledge_signed=track == "fast",
        urgency_reason="突发重病住院，家庭无力支付医疗费" if track == "fast" else "",
        applied_on=DAY,
    )


def drive(app: Application, path: list, users: dict) -> None:
    for name, role in path:
        act(app, name, users, role, LATE if name == "submit_for_decision" else DAY)


WHO = {REGULAR.name: ASSISTANCE_REGULAR, FAST.name: ASSISTANCE_FAST}


@pytest.mark.parametrize(
    ("workflow", "paths"), [(REGULAR, PATHS), (FAST, FAST_PATHS)], ids=["regular", "fast"]
)
def test_every_allowed_transition_reaches_its_target(family, users, workflow, paths):
    for t in workflow.transitions:
        for source in sorted(t.sources):
            for role in sorted(WHO[workflow.name][t.action]):
                app = _new(family, users, "fast" if workflow is FAST else "regular")
                drive(app, paths[source] + PREREQUISITES.get(t.action, []), users)
                when = LATE if t.action == "submit_for_decision" else DAY
                act(app, t.action, users, role, when)
                assert Application.objects.get(pk=app.pk).status == t.target, (t.action, role)


@pytest.mark.parametrize(
    ("workflow", "paths"), [(REGULAR, PATHS), (FAST, FAST_PATHS)], ids=["regular", "fast"]
)
def test_every_transition_from_another_state_is_refused(family, users, workflow, paths):
    for t in workflow.transitions:
        role = sorted(WHO[workflow.name][t.action])[0]
        for state in sorted(set(workflow.states) - t.sources):
            app = _new(family, users, "fast" if workflow is FAST else "regular")
            drive(app, paths[state], users)
            with pytest.raises((PermissionDenied, WorkflowError)):
                act(app, t.action, users, role, LATE)
            assert Application.objects.get(pk=app.pk).status == state


def test_roles_not_named_are_refused(family, users):
    app = _new(family, users)
    for role in ("caseworker", "county_approver"):
        with pytest.raises(PermissionDenied):
            act(app, "accept", users, role)
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_bad_input_names_the_field(family, users):
    app = _new(family, users)
    drive(app, PATHS["awaiting_decision"], users)
    with pytest.raises(ValidationError) as info:
        application_act(
            actor=users["county"],
            application=app,
            name="approve",
            data={"amount": "abc", "covered_members": 0},
            today=LATE,
            prefixed=False,
        )
    assert set(info.value.message_dict) == {"amount", "covered_members"}


def test_approval_enrols_from_the_next_month(family, users):
    app = _new(family, users)
    drive(app, PATHS["approved"], users)
    app.refresh_from_db()
    enrolment = app.enrolment
    assert (enrolment.starts_on, enrolment.monthly_amount) == (D(2026, 4, 1), Decimal("560.00"))
    assert enrolment.changes.get().kind == "start"


@pytest.mark.parametrize("role", ["auditor", "leader"])
def test_only_roles_that_edit_may_submit_an_application(family, users, role):
    """The auditor and the leader reach every household of the city but may not
    register an application for one (the capability, not only the area, D0.3)."""
    with pytest.raises(PermissionDenied, match="无权办理"):
        application_submit(
            actor=users[role],
            household=family,
            applicant=family.head,
            programme="dibao",
            channel="in_person",
            applied_on=DAY,
        )
    assert not Application.objects.filter(household=family).exists()


def test_records_follow_the_workflows_declaration(family, users):
    """A record (here the D1.9 extension, the county's) is refused to a role the
    declaration does not name, and in a state it does not list."""
    app = _new(family, users)
    with pytest.raises(PermissionDenied, match="当前状态"):  # not yet accepted
        extend(app, users["county"])
    drive(app, PATHS["accepted"], users)
    for role in ("caseworker", "township"):
        with pytest.raises(PermissionDenied, match="无权办理"):
            extend(app, users[role])
    extend(app, users["county"])
    assert Application.objects.get(pk=app.pk).extension_reason == "需外省核对"


def extend(app: Application, actor) -> None:
    application_extend(actor=actor, application=app, reason="需外省核对", today=DAY)
