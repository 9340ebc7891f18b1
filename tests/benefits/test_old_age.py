"""The old-age allowance's administration (D7.3): the monthly batch, confirmation with the
later bands scheduled from the month after their birthdays, proof of life, suspension and
stop. Example settings: 80/90/100 years, 50/100/300 yuan a month; proof of life every
12 months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.assistance.models import EnrolmentChange
from minzheng.benefits.models import OldAgeProposal, Suspension
from minzheng.benefits.services.enrolment import benefit_stop
from minzheng.benefits.services.old_age import (
    life_check_record,
    life_checks_sweep,
    old_age_confirm,
    old_age_dismiss,
    old_age_propose,
)
from minzheng.core.models import Household, HouseholdMembership, Person
from tests.factories import AREAS, PersonFactory, new_id_number

pytestmark = pytest.mark.django_db
D = dt.date
APRIL = D(2026, 4, 1)


def elder(born: dt.date, area: str = AREAS["community_a1"], **fields: object) -> Person:
    person = PersonFactory(id_number=new_id_number(born), area_id=area, **fields)
    household = Household.objects.create(
        number=f"HO{person.pk:08d}", area_id=area, address="和平路2号", head=person
    )
    HouseholdMembership.objects.create(
        household=household, person=person, relation="head", valid_from=D(2000, 1, 1)
    )
    return person


def test_the_batch_proposes_who_completed_80_by_the_end_of_last_month(
    benefit_settings, users
) -> None:
    turned = elder(D(1946, 3, 31))  # 80 on 31 March: paid from April
    elder(D(1946, 4, 1))  # 80 on 1 April: next month's batch
    elder(D(1940, 1, 1), life_status="deceased", death_date=D(2026, 2, 1))
    elder(D(1940, 1, 1), area=AREAS["community_b1"])  # another county
    made = old_age_propose(actor=users["county"], month=D(2026, 4, 17))
    assert [(p.person, p.eligible_from, p.amount) for p in made] == [
        (turned, APRIL, Decimal("50.00"))
    ]
    assert old_age_propose(actor=users["county"], month=APRIL) == []  # already proposed


def test_confirmation_enrols_and_schedules_the_later_bands(benefit_settings, users) -> None:
    person = elder(D(1946, 3, 31))
    [proposal] = old_age_propose(actor=users["caseworker"], month=APRIL)
    enrolment = old_age_confirm(actor=users["caseworker"], proposal=proposal, today=D(2026, 4, 10))
    assert (enrolment.starts_on, enrolment.monthly_amount) == (APRIL, Decimal("50.00"))
    assert enrolment.application.applicant == person
    changes = list(
        EnrolmentChange.objects.filter(enrolment=enrolment).values_list(
            "kind", "effective_on", "amount_after"
        )
    )
    assert changes == [
        ("start", APRIL, Decimal("50.00")),
        ("adjust", D(2036, 4, 1), Decimal("100.00")),  # 90 on 31 March 2036
        ("adjust", D(2046, 4, 1), Decimal("300.00")),  # 100 on 31 March 2046
    ]
    assert OldAgeProposal.objects.get(pk=proposal.pk).status == "confirmed"
    assert old_age_propose(actor=users["caseworker"], month=D(2026, 5, 1)) == []  # enrolled


def test_a_late_discovered_90_year_old_starts_in_the_first_band_then_moves_up(
    benefit_settings, users
) -> None:
    elder(D(1935, 6, 10))
    [proposal] = old_age_propose(actor=users["caseworker"], month=APRIL)
    assert proposal.amount == Decimal("100.00")  # 90 today
    enrolment = old_age_confirm(actor=users["caseworker"], proposal=proposal, today=D(2026, 4, 10))
    assert enrolment.starts_on == D(2015, 7, 1)  # the month after the 80th birthday
    assert enrolment.monthly_amount == Decimal("50.00")
    later = EnrolmentChange.objects.filter(enrolment=enrolment, kind="adjust").order_by("id")
    assert [(c.effective_on, c.amount_after) for c in later] == [
        (D(2025, 7, 1), Decimal("100.00")),  # 90 on 10 June 2025
        (D(2035, 7, 1), Decimal("300.00")),
    ]


def test_dismissal_needs_a_reason(benefit_settings, users) -> None:
    elder(D(1946, 3, 31))
    [proposal] = old_age_propose(actor=users["caseworker"], month=APRIL)
    with pytest.raises(ValidationError):
        old_age_dismiss(actor=users["caseworker"], proposal=proposal, note=" ", today=APRIL)
    old_age_dismiss(actor=users["caseworker"], proposal=proposal, note="已在外地领取", today=APRIL)
    assert OldAgeProposal.objects.get(pk=proposal.pk).status == "dismissed"


def _enrolled(users):
    elder(D(1946, 3, 31))
    [proposal] = old_age_propose(actor=users["caseworker"], month=APRIL)
    return old_age_confirm(actor=users["caseworker"], proposal=proposal, today=D(2026, 4, 10))


def test_a_missed_proof_of_life_suspends_and_a_late_one_resumes(benefit_settings, users) -> None:
    enrolment = _enrolled(users)  # confirmed 2026-04-10: next proof due 2027-04-10
    assert life_checks_sweep(actor=users["caseworker"], prefix="3203", today=D(2027, 4, 10)) == []
    [suspension] = life_checks_sweep(
        actor=users["caseworker"], prefix="3203", today=D(2027, 4, 11)
    )
    assert (suspension.due_on, suspension.from_month) == (D(2027, 4, 10), D(2027, 5, 1))
    enrolment.refresh_from_db()
    assert enrolment.ends_on == D(2027, 5, 1)
    life_check_record(
        actor=users["caseworker"], enrolment=enrolment, checked_on=D(2027, 6, 20), method="上门"
    )
    enrolment.refresh_from_db()
    assert enrolment.ends_on is None
    assert Suspension.objects.get(pk=suspension.pk).resumed_on == D(2027, 6, 20)
    assert life_checks_sweep(actor=users["caseworker"], prefix="3203", today=D(2027, 7, 1)) == []


def test_stops_take_effect_from_the_month_after_the_event(benefit_settings, users) -> None:
    enrolment = _enrolled(users)
    benefit_stop(
        actor=users["caseworker"], enrolment=enrolment, cause="moved_out", event_on=D(2026, 6, 15)
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ends_on) == ("ended", D(2026, 7, 1))
    assert EnrolmentChange.objects.filter(enrolment=enrolment, kind="terminate").exists()
    with pytest.raises(ValidationError):
        benefit_stop(
            actor=users["caseworker"],
            enrolment=enrolment,
            cause="duplicate",
            event_on=D(2026, 7, 1),
        )


def test_another_area_cannot_confirm_or_stop(benefit_settings, users) -> None:
    elder(D(1946, 3, 31))
    [proposal] = old_age_propose(actor=users["caseworker"], month=APRIL)
    with pytest.raises(ValidationError):
        old_age_confirm(actor=users["caseworker_b"], proposal=proposal, today=APRIL)
