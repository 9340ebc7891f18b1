"""Reviews of the benefits in payment (issue 19 item 4): the sweep re-runs the policy
engine and proposes; the county confirms or dismisses through the workflow engine.

Expected answers by hand from the rules and the example settings (docs/benefits.md):
the family is a near-dibao urban household (dibao standard 780); the head, physical
grade 2, was granted on 2026-03-20 the living subsidy at 30 % = 234.00 (D4.3 severe) and
the care subsidy 130.00 urban (D4.2, D4.3), from 2026-03 (D4.5).
- Grade 2 → 3 (D4.3): not severe, the living share is 25 % = 195.00; the care subsidy is
  for grades 1–2 (D4.2) — physical grade 3 loses it, intellectual grade 3 keeps it
  through the example extension to intellectual/mental 3–4.
- The third-generation certificate is valid on its expiry date and not the day after
  (D4.2): the stop is from the month after the expiry.
- Death (D13.5): from the month after.
- 特困 (D4.4): neither subsidy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.assistance.entitlements import amount_in
from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import BenefitReview
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.benefits.services.reviews import review_act, review_sweep
from minzheng.benefits.workflows import REVIEW
from minzheng.core.models import Person
from minzheng.core.workflow import ActionNotPermitted, NoteRequired
from tests.benefits.helpers import D, act, receive, to_reviewed
from tests.factories import AREAS

pytestmark = pytest.mark.django_db

LIVING, CARE = "disability_living_subsidy", "disability_care_subsidy"
PREFIX = AREAS["township_a"]


def granted(family, users, reviewer, **changes) -> dict[str, Enrolment]:
    app = to_reviewed(receive(users["caseworker"], family, **changes), users, reviewer)
    act(app, "decide", users["county"])
    return {e.programme: e for e in Enrolment.objects.filter(household=family)}


def sweep(users, day) -> dict[str, BenefitReview]:
    return {
        r.enrolment.programme: r
        for r in review_sweep(actor=users["township"], prefix=PREFIX, today=day)
    }


def registry_grade(person: Person, kind: str, grade: int) -> None:
    Person.objects.filter(pk=person.pk).update(disability_type=kind, disability_grade=grade)


def test_the_declared_workflow_is_the_review_of_the_rules() -> None:
    declared = {t.action: (set(t.sources), t.target, set(t.roles)) for t in REVIEW.transitions}
    assert declared == {
        "confirm": ({"proposed"}, "confirmed", {"county_approver"}),
        "dismiss": ({"proposed"}, "dismissed", {"county_approver"}),
        # D4.2: a renewed certificate ends the review of the old one's expiry, by the
        # sweep of whoever runs it (test_certificates.py)
        "lapse": (
            {"proposed"},
            "lapsed",
            {"caseworker", "township_reviewer", "county_approver", "city_admin"},
        ),
    }


def test_nothing_changed_nothing_is_proposed(family, users, reviewer) -> None:
    granted(family, users, reviewer)
    assert sweep(users, D(2026, 4, 15)) == {}


def test_a_certificate_expired_the_day_before_stops_both_from_the_next_month(
    family, users, reviewer
) -> None:
    enrolments = granted(family, users, reviewer, certificate_expires_on=D(2026, 5, 31))
    assert sweep(users, D(2026, 5, 31)) == {}  # the expiry date itself is still valid
    found = sweep(users, D(2026, 6, 1))
    assert set(found) == {LIVING, CARE}
    for review in found.values():
        assert (review.trigger, review.proposal) == ("certificate_expired", "terminate")
        assert review.effective_on == D(2026, 6, 1)
        assert review.amount_after is None
        assert any("有效期至 2026-05-31，决定日已过期" in r for r in review.reasons)  # D4.2
    review_act(actor=users["county"], review=found[CARE], action="confirm", today=D(2026, 6, 3))
    care = Enrolment.objects.get(pk=enrolments[CARE].pk)
    assert (care.status, care.ends_on) == ("ended", D(2026, 6, 1))


def test_grade_two_to_three_physical_adjusts_living_and_stops_care(
    family, users, reviewer
) -> None:
    enrolments = granted(family, users, reviewer)
    registry_grade(family.head, "physical", 3)
    found = sweep(users, D(2026, 4, 15))
    living, care = found[LIVING], found[CARE]
    assert (living.trigger, living.proposal) == ("grade_change", "adjust")
    assert (living.amount_before, living.amount_after) == (Decimal("234.00"), Decimal("195.00"))
    assert living.effective_on == D(2026, 5, 1) and living.ratio == "0.25"
    assert (care.trigger, care.proposal) == ("grade_change", "terminate")
    assert care.effective_on == D(2026, 5, 1)
    review_act(actor=users["county"], review=living, action="confirm", today=D(2026, 4, 20))
    enrolment = Enrolment.objects.get(pk=enrolments[LIVING].pk)
    assert amount_in(enrolment, D(2026, 4, 1)) == Decimal("234.00")  # no back-pay
    assert amount_in(enrolment, D(2026, 5, 1)) == Decimal("195.00")
    assert (
        enrolment.benefit_grant.ratio == "0.25" and enrolment.benefit_grant.disability_grade == 3
    )
    review_act(
        actor=users["county"],
        review=care,
        action="dismiss",
        note="待残联复核证件",
        today=D(2026, 4, 20),
    )
    assert sweep(users, D(2026, 5, 2)).keys() == {CARE}  # dismissed, still changed: asked again


def test_intellectual_grade_three_keeps_the_care_subsidy(family, users, reviewer) -> None:
    granted(family, users, reviewer, disability_type="intellectual")
    registry_grade(family.head, "intellectual", 3)
    found = sweep(users, D(2026, 4, 15))
    assert set(found) == {LIVING}  # care: 130.00 either way (extension to 3–4)
    assert found[LIVING].amount_after == Decimal("195.00")
    assert sweep(users, D(2026, 4, 16)) == {}  # one open review at a time


def test_death_stops_from_the_month_after(family, users, reviewer) -> None:
    enrolments = granted(family, users, reviewer)
    Person.objects.filter(pk=family.head.pk).update(
        life_status="deceased", death_date=D(2026, 4, 10)
    )
    found = sweep(users, D(2026, 4, 20))
    assert {r.trigger for r in found.values()} == {"death"}
    assert {r.effective_on for r in found.values()} == {D(2026, 5, 1)}
    review_act(actor=users["county"], review=found[LIVING], action="confirm", today=D(2026, 4, 21))
    living = Enrolment.objects.get(pk=enrolments[LIVING].pk)
    assert (living.status, living.ends_on) == ("ended", D(2026, 5, 1))
    assert "死亡" in living.changes.order_by("-id")[0].reasons[0]


def test_becoming_extreme_poverty_stops_both(family, users, reviewer) -> None:
    granted(family, users, reviewer)
    benefit_enrol(
        actor=users["county"],
        household=family,
        person=family.head,
        programme="extreme_poverty",
        amount=Decimal("1014.00"),
        starts_on=D(2026, 4, 1),
        next_review_on=D(2027, 4, 1),
        reasons=["测试：纳入特困供养"],
    )
    found = sweep(users, D(2026, 4, 15))
    assert set(found) == {LIVING, CARE}
    assert {(r.trigger, r.proposal) for r in found.values()} == {("status_change", "terminate")}
    assert found[LIVING].basis["status"] == "extreme_poverty"


def test_only_the_county_confirms_and_a_dismissal_needs_a_reason(family, users, reviewer) -> None:
    granted(family, users, reviewer, certificate_expires_on=D(2026, 5, 31))
    review = sweep(users, D(2026, 6, 1))[LIVING]
    with pytest.raises(ActionNotPermitted):
        review_act(actor=users["township"], review=review, action="confirm", today=D(2026, 6, 2))
    with pytest.raises(NoteRequired):
        review_act(actor=users["county"], review=review, action="dismiss", today=D(2026, 6, 2))


def test_the_sweep_is_refused_outside_the_users_area(users) -> None:
    with pytest.raises(ValidationError):
        review_sweep(actor=users["caseworker_b"], prefix=PREFIX, today=D(2026, 4, 1))
