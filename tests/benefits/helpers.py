"""Building and moving disability cases in tests (the procedure itself is under test in
test_disability_workflow.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from minzheng.benefits.models import BenefitReview, CareServiceApplication, SubsidyApplication
from minzheng.benefits.services.disability import disability_act, disability_receive
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.core.models import Household, User
from tests.factories import make_household

D = dt.date
TODAY = D(2026, 3, 20)


def fields(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "living": True,
        "care": True,
        "disability_type": "physical",
        "disability_grade": 2,
        "certificate_generation": "third",
        "certificate_issued_on": D(2024, 1, 10),
        "certificate_expires_on": D(2029, 1, 9),
        "care_need_months": 12,
        "assistance_status": "near_dibao",
        "own_fixed_income": Decimal("300"),  # a fixed income: not the 100 % case
        "others_income": 0,
        "welfare_allowances": {},
        "applied_on": D(2026, 3, 5),
    }
    values.update(changes)
    return values


def receive(actor: User, household: Household, **changes: Any) -> SubsidyApplication:
    assert household.head is not None
    return disability_receive(actor=actor, person=household.head, today=TODAY, **fields(**changes))


def act(app: SubsidyApplication, action: str, actor: User, note: str = "") -> SubsidyApplication:
    return disability_act(actor=actor, app=app, action=action, note=note, today=TODAY)


def to_reviewed(
    app: SubsidyApplication, users: dict[str, User], reviewer: User
) -> SubsidyApplication:
    app = act(app, "accept", users["township"])
    app = act(app, "check", users["township"])
    return act(app, "review", reviewer, "残疾类别、等级与证件一致")


def bare_disability_case(clerk: User) -> SubsidyApplication:
    """A case of a household in 320302001001, received there (for the roles table)."""
    household = make_household(size=2)
    assert household.head is not None
    return SubsidyApplication.objects.create(
        number=f"CB-T-{household.pk}",
        person=household.head,
        household=household,
        intake_area_id=household.area_id,
        area_id=household.area_id,
        created_by=clerk,
        **fields(),
    )


def bare_review(clerk: User) -> BenefitReview:
    """A proposed review of an old-age allowance in 320302001001 (for the roles table)."""
    household = make_household(size=1)
    assert household.head is not None
    enrolment = benefit_enrol(
        actor=clerk,
        household=household,
        person=household.head,
        programme="old_age_allowance",
        amount=Decimal("50.00"),
        starts_on=D(2026, 1, 1),
        next_review_on=D(2027, 1, 1),
        reasons=["测试"],
    )
    return BenefitReview.objects.create(
        number=f"FH-T-{household.pk}",
        enrolment=enrolment,
        person=household.head,
        area_id=household.area_id,
        trigger="death",
        event_on=D(2026, 2, 10),
        proposal="terminate",
        effective_on=D(2026, 3, 1),
        proposed_on=D(2026, 3, 1),
        created_by=clerk,
    )


def bare_care_case(clerk: User) -> CareServiceApplication:
    """A care-service application in 320302001001 without an assessment (roles table)."""
    household = make_household(size=1)
    assert household.head is not None
    return CareServiceApplication.objects.create(
        number=f"YF-T-{household.pk}",
        person=household.head,
        household=household,
        area_id=household.area_id,
        applied_on=D(2026, 3, 1),
        created_by=clerk,
    )
