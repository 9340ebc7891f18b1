"""Every workflow's declared roles against the bureau's rules (tests/bureau_rules.py),
both ways and through the engine: for each action × each of the six roles, a case is
put in a state the action starts from and the engine is asked. A role the rules name
must get past the role check (the step may still wait for its guard or a note); any
other role must be refused *for its role*. A wrong role in a production table — a
township reviewer approving dibao, a caseworker doing the township review — fails
here whatever the rest of the table says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from minzheng.assistance.models import Application
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import User, WorkflowCase
from minzheng.core.settings_write import seed_examples
from minzheng.core.workflow import ActionNotPermitted, Workflow, WorkflowError
from minzheng.core.workflow.definitions import registered
from minzheng.core.workflow.engine import check_record, transition
from minzheng.hotline.models import Ticket
from minzheng.licensing.models import LicenceApplication
from minzheng.payments.models import PayrollCycle
from minzheng.screening.models import Campaign, KeyHousehold
from minzheng.warning.models import Lead
from tests.benefits.helpers import bare_care_case, bare_review
from tests.benefits.helpers import bare_disability_case as disability_case
from tests.bureau_rules import DUTY_ROLES, ROLES, WORKFLOW_DUTIES, WORKFLOW_ROLES
from tests.elderly.factories import make_canteen, make_facility, make_settlement
from tests.factories import AREAS, make_household, make_user
from tests.identity.pairs import make_pair
from tests.licensing.conftest import ELDERCARE, write_limits
from tests.marriage.cases import marriage_case
from tests.organisations.factories import (
    bare_adoption,
    bare_evaluation,
    bare_fee_item,
    bare_listing,
    bare_org,
    bare_report,
)
from tests.supervision.findings import stored as supervision_finding

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)
HOME = {  # each role works in the case's community or above, so area never refuses
    "caseworker": AREAS["community_a1"],
    "township_reviewer": AREAS["township_a"],
    "county_approver": AREAS["county_a"],
    "city_admin": AREAS["city"],
    "auditor": AREAS["city"],
    "leader": AREAS["city"],
}
TEST_ONLY = {"sample", "sample_duty"}  # tests/workflowapp's engine-test workflows


def _application(track: str) -> Callable[[User], WorkflowCase]:
    def make(clerk: User) -> WorkflowCase:
        household = make_household(size=2)
        assert household.head is not None
        return Application.objects.create(
            number=f"R-{track}-{household.pk}",
            track=track,
            programme="dibao",
            household=household,
            applicant=household.head,
            channel="in_person",
            applied_on=DAY,
            area_id=household.area_id,
            created_by=clerk,
        )

    return make


def _campaign(clerk: User) -> WorkflowCase:
    return Campaign.objects.create(name="角色核对", area_id=AREAS["township_a"], created_by=clerk)


def _key_household(clerk: User) -> WorkflowCase:
    household = make_household(size=1)
    return KeyHousehold.objects.create(
        household=household,
        area_id=household.area_id,
        reason="重病",
        help_plan="每月回访",
        responsible=clerk,
        started_on=DAY,
        next_follow_up_on=DAY,
        created_by=clerk,
    )


def _lead(clerk: User) -> WorkflowCase:
    household = make_household(size=1)
    assert household.head is not None
    return Lead.objects.create(
        area_id=household.area_id,
        rule_id="W001",
        rule_title="角色核对",
        severity="high",
        period="2026-02",
        run_id="roles",
        id_number=household.head.id_number,
        person=household.head,
        household=household,
        evidence="角色核对",
    )


def _payroll_cycle(clerk: User) -> WorkflowCase:
    return PayrollCycle.objects.create(
        programme="dibao", area_id=AREAS["county_a"], month=DAY.replace(day=1), created_by=clerk
    )


def _ticket(clerk: User) -> WorkflowCase:
    now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    return Ticket.objects.create(
        number="ET-roles",
        line="children",
        category="child_help",
        urgency="normal",
        summary="角色核对",
        area_id=AREAS["community_a1"],
        received_at=now,
        due_at=now,
        taken_by=clerk,
    )


def _marriage(workflow: str) -> Callable[[User], WorkflowCase]:
    return lambda clerk: marriage_case(workflow, clerk, AREAS["community_a1"], DAY)


def _licence(clerk: User) -> WorkflowCase:
    write_limits()  # the guards read the correction window
    return LicenceApplication.objects.create(
        number=f"XK-roles-{LicenceApplication.objects.count()}",
        item_code="eldercare_filing",
        area_id=AREAS["county_a"],
        applicant_kind="organisation",
        applicant_name="角色核对养老院",
        applicant_code="91320302MA1XYW0016",
        contact_phone="051683001234",
        subject="养老机构备案",
        materials_received=list(ELDERCARE),
        received_on=DAY,
        received_by=clerk,
    )


def _match_pair(clerk: User) -> WorkflowCase:
    household = make_household(size=2)
    a, b = (m.person for m in household.memberships.all())
    return make_pair(a, b)


CASES: dict[str, Callable[[User], WorkflowCase]] = {
    "assistance_regular": _application("regular"),
    "assistance_fast": _application("fast"),
    "assistance_roll": _application("roll"),
    "assistance_benefit": _application("benefit"),
    "benefits_disability": disability_case,
    "benefits_review": bare_review,
    "benefits_care_service": bare_care_case,
    "screening_campaign": _campaign,
    "screening_key_household": _key_household,
    "warning_lead": _lead,
    "payroll": _payroll_cycle,
    "hotline_ticket": _ticket,
    "marriage_appointment": _marriage("marriage_appointment"),
    "marriage_registration": _marriage("marriage_registration"),
    "marriage_divorce": _marriage("marriage_divorce"),
    "licence_application": _licence,
    "organisation": bare_org,
    "annual_report": bare_report,
    "credit_listing": bare_listing,
    "evaluation": bare_evaluation,
    "fee_item": bare_fee_item,
    "adoption": bare_adoption,
    "identity_pair": _match_pair,
    "elderly_facility": lambda clerk: make_facility(AREAS["community_a1"]),
    "meal_settlement": lambda clerk: make_settlement(make_canteen(AREAS["community_a1"])),
    "supervision_finding": lambda clerk: supervision_finding(make_household().head),
    "elderly_fund": lambda clerk: _fund_item(clerk),
    "institutional_payable": lambda clerk: _payable(clerk),
}


def _fund_item(clerk: User) -> WorkflowCase:
    from minzheng.elderly.models import FacilitySubsidy

    facility = make_facility(AREAS["community_a1"])
    return FacilitySubsidy.objects.create(
        facility=facility,
        kind="construction",
        month=dt.date(2026, 1, 1),
        area_id=facility.area_id,
        amount=Decimal("1000.00"),
        basis="测试",
        prepared_by=clerk,
    )


def _payable(clerk: User) -> WorkflowCase:
    from minzheng.elderly.services.funds import operator_payee
    from minzheng.payments.payables import payable_open

    canteen = make_canteen(AREAS["community_a1"])
    return payable_open(
        actor=clerk,
        programme="elderly_meal_subsidy",
        county_code=canteen.area_id,
        month=dt.date(2026, 1, 1),
        amount=Decimal("10.00"),
        source_kind="elderly.settlement",
        source_id=make_settlement(canteen).pk,
        source_label="测试",
        subject_kind="elderly.facility",
        subject_id=canteen.pk,
        payee=operator_payee(canteen.operator),
    )


def test_every_workflow_has_the_bureaus_table():
    workflows = set(registered()) - TEST_ONLY
    assert workflows == set(WORKFLOW_ROLES) == set(CASES)


@pytest.mark.parametrize("name", sorted(WORKFLOW_ROLES))
def test_the_tables_name_the_same_actions(name):
    workflow = registered()[name]
    declared = {t.action for t in workflow.transitions} | {r.action for r in workflow.records}
    assert declared == set(WORKFLOW_ROLES[name])


def _in_state(case: WorkflowCase, state: str) -> WorkflowCase:
    type(case)._default_manager.filter(pk=case.pk).update(status=state)
    return type(case)._default_manager.get(pk=case.pk)


def _ask_engine(workflow: Workflow, case: WorkflowCase, action: str, actor: User) -> str:
    """'refused for role', or what happened past the role check."""
    params = {"amount": "500", "grade": "serious", "outcome": "no_need"}
    try:
        if action in {r.action for r in workflow.records}:
            check_record(case, action, actor)
        else:
            transition(case, action, actor, note="依规办理", today=DAY, **params)
    except ActionNotPermitted:
        return "refused for role"
    except WorkflowError as other:  # a guard or a note: the role itself was accepted
        assert "管辖区域" not in str(other), other
        return f"past the role check ({other})"
    return "performed"


def _sources(workflow: Workflow, action: str) -> frozenset[str]:
    for t in workflow.transitions:
        if t.action == action:
            return t.sources
    return workflow.find_record(action).states


@pytest.mark.parametrize("name", sorted(WORKFLOW_ROLES))
def test_exactly_the_roles_the_rules_name_may_act(areas, name):
    workflow = registered()[name]
    seed_example_standards()  # step deadlines come from configuration
    seed_examples(apps=["hotline", "benefits", "supervision"])
    duty = WORKFLOW_DUTIES.get(name)
    users = {
        role: make_user(
            f"roles_{role}",
            role,
            HOME[role],
            duties=(duty,) if duty and role in DUTY_ROLES[duty] else (),
        )
        for role in ROLES
    }
    case = CASES[name](users["caseworker"])
    wrong = []
    for action, allowed in WORKFLOW_ROLES[name].items():
        for source in sorted(_sources(workflow, action)):
            for role in ROLES:
                answer = _ask_engine(workflow, _in_state(case, source), action, users[role])
                if (answer != "refused for role") is not (role in allowed):
                    wrong.append(f"{action} from {source} by {role}: {answer}")
    assert wrong == [], "the declarations differ from the bureau's rules"


@pytest.mark.parametrize("name", sorted(WORKFLOW_DUTIES))
def test_without_the_post_no_role_may_act(areas, name):
    """A workflow of a post (岗位): the same roles without the post are refused."""
    workflow = registered()[name]
    seed_example_standards()
    users = {role: make_user(f"plain_{role}", role, HOME[role]) for role in ROLES}
    case = CASES[name](users["caseworker"])
    performed = [
        f"{action} by {role}"
        for action in WORKFLOW_ROLES[name]
        for source in sorted(_sources(workflow, action))
        for role in ROLES
        if _ask_engine(workflow, _in_state(case, source), action, users[role])
        != "refused for role"
    ]
    assert performed == []
