"""A renewed disability certificate's entry (D4.2): recorded by the community or the
township (tests/bureau_rules.CERTIFICATE_RECORDERS) for a person of their area, its
dates checked, a changed type or grade written to the registry; the next review sweep
closes the pending review of the old certificate's expiry (and, on a new grade,
proposes the grade change instead).

Expected answers by hand (docs/benefits.md, Reviews; tests/benefits/test_reviews.py):
the family is a near-dibao urban household (dibao standard 780); the head, physical
grade 2, has the living subsidy at 30 % = 234.00 and the care subsidy 130.00; the
certificate expired on 2026-05-31, so the sweep of 2026-06-01 proposes stopping both.
Physical grade 3 (D4.3): 25 % = 195.00; the care subsidy is for grades 1–2 (D4.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import BenefitReview, CertificateRenewal
from minzheng.benefits.services.certificates import certificate_renew
from minzheng.benefits.services.reviews import review_act, review_sweep
from minzheng.core.models import AuditEntry, Person
from minzheng.core.roles import Role
from minzheng.core.workflow import WorkflowError
from tests.benefits.helpers import D, act, receive, to_reviewed
from tests.bureau_rules import CERTIFICATE_RECORDERS
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db

LIVING, CARE = "disability_living_subsidy", "disability_care_subsidy"
PREFIX = AREAS["township_a"]


def granted(family, users, reviewer) -> dict[str, Enrolment]:
    app = receive(users["caseworker"], family, certificate_expires_on=D(2026, 5, 31))
    act(to_reviewed(app, users, reviewer), "decide", users["county"])
    return {e.programme: e for e in Enrolment.objects.filter(household=family)}


RENEWED_ON = D(2026, 6, 2)


def renew(actor, person, today=RENEWED_ON, **changes) -> CertificateRenewal:
    values = {
        "generation": "third",
        "disability_type": "physical",
        "disability_grade": 2,
        "issued_on": D(2026, 6, 1),
        "expires_on": D(2036, 5, 31),
    }
    values.update(changes)
    return certificate_renew(actor=actor, person=person, today=today, **values)


def sweep(users, day) -> dict[str, BenefitReview]:
    made = review_sweep(actor=users["township"], prefix=PREFIX, today=day)
    return {r.enrolment.programme: r for r in made}


def test_the_recorders_are_the_rules(users) -> None:
    assert {Role.CASEWORKER, Role.TOWNSHIP_REVIEWER} == CERTIFICATE_RECORDERS
    from minzheng.benefits.certificates import RECORDERS

    assert RECORDERS == CERTIFICATE_RECORDERS


def test_a_renewal_is_recorded_and_audited(family, users) -> None:
    head = family.head
    renewal = renew(users["caseworker"], head)
    assert (renewal.expires_on, renewal.area_id) == (D(2036, 5, 31), family.area_id)
    entry = AuditEntry.objects.filter(object_type__icontains="certificaterenewal").last()
    assert entry is not None and "有效期至2036年05月31日" in entry.summary
    person = Person.objects.get(pk=head.pk)
    assert (person.disability_type, person.disability_grade) == ("physical", 2)


def test_a_new_grade_is_written_to_the_registry(family, users) -> None:
    renew(users["township"], family.head, disability_grade=3)
    assert Person.objects.get(pk=family.head.pk).disability_grade == 3
    assert AuditEntry.objects.filter(summary__contains="disability_grade").exists()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"issued_on": D(2026, 6, 3)}, "issued_on", "签发日期不能晚于今天"),
        ({"expires_on": None}, "expires_on", "第三代残疾人证须填写有效期至"),
        ({"expires_on": D(2026, 5, 1)}, "expires_on", "有效期至不能早于签发日期"),
        (
            {"issued_on": D(2016, 6, 1), "expires_on": D(2026, 6, 1)},
            "expires_on",
            "证件已过期",
        ),
    ],
)
def test_bad_dates_are_refused_naming_the_field(family, users, changes, field, text) -> None:
    with pytest.raises(ValidationError) as caught:
        renew(users["township"], family.head, **changes)
    assert text in caught.value.message_dict[field][0]
    assert not CertificateRenewal.objects.exists()


def test_a_second_generation_certificate_needs_no_expiry(family, users) -> None:
    renewal = renew(users["township"], family.head, generation="second", expires_on=None)
    assert renewal.expires_on is None


def test_outside_the_area_the_person_is_not_found(family, users) -> None:
    with pytest.raises(ValidationError) as caught:
        renew(users["caseworker_b"], family.head)
    assert caught.value.message_dict == {"person": ["未找到该人员"]}


def test_the_county_does_not_record_certificates(family, users) -> None:
    with pytest.raises(PermissionDenied):
        renew(users["county"], family.head)


def test_the_next_sweep_closes_the_review_of_the_old_expiry(family, users, reviewer) -> None:
    enrolments = granted(family, users, reviewer)
    found = sweep(users, D(2026, 6, 1))
    assert {r.trigger for r in found.values()} == {"certificate_expired"}
    renew(users["township"], family.head)
    with pytest.raises(WorkflowError, match="残疾人证已换发"):  # no stop on a valid one
        review_act(
            actor=users["county"], review=found[CARE], action="confirm", today=D(2026, 6, 2)
        )
    assert sweep(users, D(2026, 6, 3)) == {}  # nothing new: the certificate is valid
    for review in BenefitReview.objects.all():
        assert (review.status, review.decided_on) == ("lapsed", D(2026, 6, 3))
    for enrolment in enrolments.values():
        assert Enrolment.objects.get(pk=enrolment.pk).status != "ended"


def test_a_renewal_at_a_lower_grade_proposes_the_grade_change(family, users, reviewer) -> None:
    granted(family, users, reviewer)
    sweep(users, D(2026, 6, 1))
    renew(users["township"], family.head, disability_grade=3)
    found = sweep(users, D(2026, 6, 3))
    assert {p: (r.trigger, r.proposal) for p, r in found.items()} == {
        LIVING: ("grade_change", "adjust"),
        CARE: ("grade_change", "terminate"),
    }
    assert found[LIVING].amount_after == Decimal("195.00")
    assert BenefitReview.objects.filter(status="lapsed").count() == 2


def test_a_review_without_a_renewal_does_not_lapse(family, users, reviewer) -> None:
    granted(family, users, reviewer)
    found = sweep(users, D(2026, 6, 1))
    with pytest.raises(WorkflowError, match="未登记换发"):
        review_act(
            actor=users["township"],
            review=found[LIVING],
            action="lapse",
            note="x",
            today=D(2026, 6, 2),
        )
    assert sweep(users, D(2026, 6, 3)) == {}
    assert BenefitReview.objects.filter(status="proposed").count() == 2


# -- the page -------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(**changes: str) -> dict[str, str]:
    today = timezone.localdate()
    values = {
        "generation": "third",
        "disability_type": "physical",
        "disability_grade": "2",
        "issued_on": f"{today - dt.timedelta(days=10):%Y-%m-%d}",
        "expires_on": f"{today.replace(year=today.year + 10):%Y-%m-%d}",
    }
    values.update(changes)
    return values


def test_the_page_records_a_renewal(family, users) -> None:
    url = f"/benefits/people/{family.head.pk}/certificate/"
    client = _client(users["township"])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        family.head.name in page.content.decode() and "登记换发残疾人证" in page.content.decode()
    )
    assert client.post(url, _form()).status_code == 302
    assert CertificateRenewal.objects.filter(person=family.head).count() == 1
    assert "<td>肢体残疾</td><td>2级</td>" in client.get(url).content.decode()  # the table


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"issued_on": "2026-13-01"}, "issued_on", ""),
        ({"expires_on": "2020-01-01"}, "expires_on", "有效期至不能早于签发日期"),
        ({"expires_on": ""}, "expires_on", "第三代残疾人证须填写有效期至"),
    ],
)
def test_the_page_names_the_field_in_error(family, users, changes, field, text) -> None:
    url = f"/benefits/people/{family.head.pk}/certificate/"
    response = _client(users["caseworker"]).post(url, _form(**changes))
    assert response.status_code == 422
    body = response.content.decode()
    assert f'data-field="{field}"' in body and text in body
    assert not CertificateRenewal.objects.exists()


def test_a_person_outside_the_area_is_not_found(users) -> None:
    elsewhere = make_household(AREAS["community_b1"], size=1).head
    url = f"/benefits/people/{elsewhere.pk}/certificate/"
    client = _client(users["township"])
    for response in (client.get(url), client.post(url, _form())):
        assert response.status_code == 404
        assert elsewhere.name not in response.content.decode()
    assert not CertificateRenewal.objects.exists()
    assert (
        _client(users["township"]).get("/benefits/people/999999999/certificate/").status_code
        == 404
    )


def test_the_county_is_refused(family, users) -> None:
    url = f"/benefits/people/{family.head.pk}/certificate/"
    assert _client(users["county"]).get(url).status_code == 403


def test_the_review_and_the_case_link_to_the_form_for_its_recorders(
    family, users, reviewer
) -> None:
    granted(family, users, reviewer)
    sweep(users, D(2026, 6, 1))
    link = f"/benefits/people/{family.head.pk}/certificate/"
    case = f"/benefits/disability/{Enrolment.objects.first().benefit_grant.application_id}/"
    for page in ("/benefits/reviews/", case):
        assert link in _client(users["township"]).get(page).content.decode()
        assert link not in _client(users["county"]).get(page).content.decode()
