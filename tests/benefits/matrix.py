"""The benefits objects of each place of the scope matrix (rows: matrix_routes.py): a
disability case accepted in the place, an old-age proposal, an old-age allowance in
payment whose proof of life is overdue, and a resident just past 80 not yet proposed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import (
    BenefitReview,
    CareAssessment,
    CareServiceApplication,
    LifeCheck,
    OldAgeProposal,
    SubsidyApplication,
)
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.core.models import Household, HouseholdMembership, Person, User
from tests.benefits.helpers import fields
from tests.factories import PersonFactory, make_household, new_id_number

D = dt.date


@dataclass
class BenefitsPlace:
    case: SubsidyApplication  # accepted by the place's township
    proposal: OldAgeProposal
    enrolment: Enrolment  # an old-age allowance, proof of life overdue
    candidate: Person  # 80 in February 2026, not yet proposed
    review: BenefitReview  # proposed: an old-age allowance of someone who died
    departed: Person  # died, allowance in payment, no review yet (the sweep's)
    care_case: CareServiceApplication  # received, with an assessment in force
    carer: Person  # 70, no application or assessment yet


def _elder(area_code: str, name: str, born: dt.date) -> tuple[Person, Household]:
    person = PersonFactory(id_number=new_id_number(born), area_id=area_code, name=name)
    household = Household.objects.create(
        number=f"HB{person.pk:08d}", area_id=area_code, address="和平路3号", head=person
    )
    HouseholdMembership.objects.create(
        household=household, person=person, relation="head", valid_from=D(2000, 1, 1)
    )
    return person, household


def benefits_place(area_code: str, place: str) -> BenefitsPlace:
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    household = make_household(area_code, size=2)
    assert household.head is not None
    case = SubsidyApplication.objects.create(
        number=f"CB-M-{area_code}",
        person=household.head,
        household=household,
        intake_area_id=area_code,
        area_id=area_code,
        created_by=clerk,
        **fields(),
    )
    SubsidyApplication.objects.filter(pk=case.pk).update(status="accepted")
    proposed, home = _elder(area_code, f"待确认{place}", D(1940, 5, 5))
    proposal = OldAgeProposal.objects.create(
        person=proposed,
        household=home,
        area_id=area_code,
        batch_month=D(2026, 3, 1),
        eligible_from=D(2020, 6, 1),
        amount=Decimal("50.00"),
    )
    paid, paid_home = _elder(area_code, f"在发{place}", D(1938, 2, 2))
    enrolment = benefit_enrol(
        actor=clerk,
        household=paid_home,
        person=paid,
        programme="old_age_allowance",
        amount=Decimal("50.00"),
        starts_on=D(2018, 3, 1),
        next_review_on=D(2019, 3, 1),
        reasons=["矩阵"],
    )
    LifeCheck.objects.create(
        enrolment=enrolment, checked_on=D(2020, 1, 1), method="上门", recorded_by=clerk
    )
    candidate, _ = _elder(area_code, f"新满{place}", D(1946, 2, 10))
    gone, gone_home = _elder(area_code, f"复核{place}", D(1936, 4, 4))
    gone_enrolment = _old_age(clerk, gone, gone_home)
    review = BenefitReview.objects.create(
        number=f"FH-M-{area_code}",
        enrolment=gone_enrolment,
        person=gone,
        area_id=area_code,
        trigger="death",
        event_on=D(2026, 1, 5),
        proposal="terminate",
        effective_on=D(2026, 2, 1),
        proposed_on=D(2026, 1, 20),
        created_by=clerk,
    )
    departed, departed_home = _elder(area_code, f"已故{place}", D(1935, 5, 5))
    _old_age(clerk, departed, departed_home)
    Person.objects.filter(pk=departed.pk).update(life_status="deceased", death_date=D(2026, 1, 9))
    applicant, _ = _elder(area_code, f"服务{place}", D(1950, 7, 7))
    assessment = CareAssessment.objects.create(
        person=applicant,
        area_id=area_code,
        assessor="矩阵",
        assessor_org="评估中心",
        assessed_on=D(2026, 1, 1),
        items_unable=["bathing"],
        level="partial",
        valid_until=D(2099, 1, 1),
        recorded_by=clerk,
    )
    care_case = CareServiceApplication.objects.create(
        number=f"YF-M-{area_code}",
        person=applicant,
        household=applicant.memberships.get().household,
        area_id=area_code,
        assessment=assessment,
        assistance_status="near_dibao",
        applied_on=D(2026, 1, 2),
        created_by=clerk,
    )
    carer, _ = _elder(area_code, f"待评{place}", D(1956, 8, 8))
    return BenefitsPlace(
        SubsidyApplication.objects.get(pk=case.pk),
        proposal,
        enrolment,
        candidate,
        review,
        departed,
        care_case,
        carer,
    )


def _old_age(clerk: User, person: Person, household: Household) -> Enrolment:
    return benefit_enrol(
        actor=clerk,
        household=household,
        person=person,
        programme="old_age_allowance",
        amount=Decimal("100.00"),
        starts_on=D(2020, 1, 1),
        next_review_on=D(2027, 1, 1),
        reasons=["矩阵"],
    )
