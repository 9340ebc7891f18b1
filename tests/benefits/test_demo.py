"""The benefits' demo data (benefits/demo.py): seeded through the services on the
synthetic city, every stage of the two subsidies' procedure (D4.5), recipients in
payment, a care-service case (D7.4) and a review proposal (D4.2), shown to the demo
county user; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from minzheng.assistance.models import Enrolment
from minzheng.benefits import demo
from minzheng.benefits.models import (
    BenefitReview,
    CareAssessment,
    CareServiceApplication,
    SubsidyApplication,
)
from minzheng.core.models import User
from minzheng.demo import seeders, workdays
from minzheng.demo.city import load_demo_city
from minzheng.demo.users import ensure_demo_users
from minzheng.payments.models import PayeeAccount

RESIDENTS, SEED = 3000, 20260101
BENEFITS = (
    "disability_living_subsidy",
    "disability_care_subsidy",
    "old_age_allowance",
    "elderly_care_service_subsidy",
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_city(seed=SEED, residents=RESIDENTS)
        ensure_demo_users()
        workdays.seed_demo(seed=SEED, residents=RESIDENTS)
        wanted = {"assistance", "payments", "benefits"}
        lines = [s.seed_demo() for s in seeders.discover() if s.label in wanted]
        yield lines
        transaction.set_rollback(True)


@pytest.fixture
def county(seeded, db) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="county"))
    return client


def test_each_stage_of_the_procedure_is_seeded(seeded, db):
    # D4.5: received, accepted, checked, reviewed by the federation, two granted, one refused
    statuses = sorted(SubsidyApplication.objects.values_list("status", flat=True))
    assert statuses == [
        "accepted",
        "approved",
        "approved",
        "checked",
        "received",
        "refused",
        "reviewed",
    ]
    refused = SubsidyApplication.objects.get(status="refused")
    assert demo.REFUSAL in refused.notice
    reviewed = SubsidyApplication.objects.get(status="reviewed")
    assert reviewed.reviewed_by is not None and reviewed.reviewed_by.username == "county2"
    assert all(a.area_id.startswith(demo.TOWNSHIP) for a in SubsidyApplication.objects.all())


def test_recipients_are_enrolled_with_their_accounts(seeded, db):
    # granted: living + care (a severe applicant); expiring: living only; care service: 1
    paid = Enrolment.objects.filter(programme__in=BENEFITS)
    assert sorted(paid.values_list("programme", flat=True)) == [
        "disability_care_subsidy",
        "disability_living_subsidy",
        "disability_living_subsidy",
        "elderly_care_service_subsidy",
    ]
    granted = SubsidyApplication.objects.filter(status="approved")
    assert all(a.living_amount is not None for a in granted)
    assert sum(a.care_amount is not None for a in granted) == 1
    people = {e.application.applicant_id for e in paid.select_related("application")}
    assert PayeeAccount.objects.filter(person_id__in=people).count() == 3


def test_a_care_service_case_is_decided_on_its_assessment(seeded, db):
    cases = CareServiceApplication.objects.order_by("applied_on")
    assert [c.status for c in cases] == ["approved", "received"]
    assert CareAssessment.objects.count() == 2
    decided = cases[0]
    assert decided.assessment is not None and decided.assessment.level == "partial"
    assert str(decided.amount) == "100.00"  # D7.4 example amount.partial


def test_the_sweep_proposes_stopping_on_the_expired_certificate(seeded, db):
    reviews = BenefitReview.objects.all()
    assert [(r.trigger, r.proposal, r.status) for r in reviews] == [
        ("certificate_expired", "terminate", "proposed")
    ]
    review = reviews[0]
    app = SubsidyApplication.objects.get(person=review.person)
    assert review.event_on == app.certificate_expires_on


def test_the_demo_county_user_sees_them(county):
    home = county.get("/benefits/").content.decode()
    for app in SubsidyApplication.objects.all():
        assert app.number in home
    recipients = county.get("/benefits/recipients/")
    assert recipients.status_code == 200
    for grant in SubsidyApplication.objects.filter(status="approved"):
        assert grant.person.name in recipients.content.decode()
    reviews = county.get("/benefits/reviews/")
    assert reviews.status_code == 200
    assert BenefitReview.objects.get().number in reviews.content.decode()
    care = county.get("/benefits/care-service/")
    assert care.status_code == 200
    for case in CareServiceApplication.objects.all():
        assert case.number in care.content.decode()
    case = SubsidyApplication.objects.get(status="reviewed")
    assert county.get(f"/benefits/disability/{case.pk}/").status_code == 200


def test_a_second_run_adds_nothing(seeded, db):
    counts = (SubsidyApplication.objects.count(), BenefitReview.objects.count())
    assert demo.seed_demo() == ""
    assert (SubsidyApplication.objects.count(), BenefitReview.objects.count()) == counts
