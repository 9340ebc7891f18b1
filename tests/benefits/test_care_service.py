"""The care-service subsidy of economically poor elderly people (D7.4), transition by
transition, its assessment record, its payment through the payroll and its review.

Expected answers by hand from the rules and the example settings (docs/benefits.md):
from 60 (`elderly_care_service.min_age`), household status dibao / 特困 / near-dibao;
the D2.8 level from the six items: 0 → self-care (not paid), 1–3 → partial care 100.00,
4–6 → full care 200.00; an assessment is valid 12 months (to the day before the same
date a year on); paid from the month after the decision (an assumption, D7.4 says
nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from minzheng.assistance.models import Enrolment
from minzheng.benefits.models import CareServiceApplication
from minzheng.benefits.services.care_service import assessment_record, care_act, care_receive
from minzheng.benefits.services.reviews import review_act, review_sweep
from minzheng.benefits.workflows import CARE_SERVICE
from tests.benefits.test_old_age import elder
from tests.benefits.test_payroll import _card, _lines
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date
CW, TR, CA = "caseworker", "township_reviewer", "county_approver"
TODAY = D(2026, 3, 20)


ASSESSED = D(2026, 3, 10)


def assess(users, person, items, on=ASSESSED):
    return assessment_record(
        actor=users["caseworker"],
        person=person,
        assessor="王评估",
        assessor_org="鼓楼区养老服务指导中心",
        assessed_on=on,
        items_unable=items,
        today=TODAY,
    )


def case_for(users, person, status="near_dibao") -> CareServiceApplication:
    return care_receive(
        actor=users["caseworker"],
        person=person,
        applied_on=D(2026, 3, 2),
        assistance_status=status,
        today=TODAY,
    )


def test_the_declared_workflow_is_the_procedure() -> None:
    declared = {
        t.action: (set(t.sources), t.target, set(t.roles)) for t in CARE_SERVICE.transitions
    }
    assert declared == {
        "check": ({"received"}, "checked", {TR}),
        "decide": ({"checked"}, "approved", {CA}),
        "refuse": ({"received", "checked"}, "refused", {TR, CA}),
        "withdraw": ({"received", "checked"}, "withdrawn", {CW, TR}),
    }


@pytest.mark.parametrize(
    ("items", "level"),
    [
        ([], "self_care"),
        (["bathing"], "partial"),
        (["bathing", "dressing", "eating"], "partial"),
        (["bathing", "dressing", "eating", "toileting"], "full"),
    ],
)
def test_the_assessment_records_who_when_level_and_validity(
    benefit_settings, users, items, level
) -> None:
    person = elder(D(1950, 6, 1))
    found = assess(users, person, items)
    assert found.level == level
    assert found.valid_until == D(2027, 3, 9)
    assert (found.assessor, found.assessed_on) == ("王评估", D(2026, 3, 10))


def test_the_assessment_names_the_field_it_refuses(benefit_settings, users) -> None:
    person = elder(D(1950, 6, 1))
    with pytest.raises(ValidationError) as raised:
        assess(users, person, ["flying"])
    assert "items_unable" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        assess(users, person, [], on=D(2026, 3, 21))
    assert "assessed_on" in raised.value.message_dict


def test_partial_care_is_decided_and_paid_from_the_month_after(benefit_settings, users) -> None:
    person = elder(D(1950, 6, 1))
    case = case_for(users, person)
    with pytest.raises(ValidationError):  # no assessment yet
        care_act(actor=users["township"], case=case, action="check", today=TODAY)
    assess(users, person, ["bathing", "walking_indoors"])
    case.refresh_from_db()
    assert case.assessment is not None
    care_act(actor=users["township"], case=case, action="check", today=TODAY)
    case = care_act(actor=users["county"], case=case, action="decide", today=TODAY)
    assert (case.status, case.amount) == ("approved", Decimal("100.00"))
    enrolment = Enrolment.objects.get(household__head=person)
    assert enrolment.programme == "elderly_care_service_subsidy"
    assert enrolment.starts_on == D(2026, 4, 1)
    assert enrolment.benefit_grant.care_application == case
    assert "2026年04月起按月发放" in case.notice
    _card(users["county"], person)
    [line] = _lines(users["county"], "elderly_care_service_subsidy", D(2026, 4, 1))
    assert (line.beneficiary, line.total) == (person, Decimal("100.00"))
    assert _lines(users["county"], "elderly_care_service_subsidy", D(2026, 3, 1)) == []


def test_full_care_pays_200(benefit_settings, users) -> None:
    person = elder(D(1950, 6, 1))
    assess(users, person, ["bathing", "dressing", "eating", "toileting"])
    case = case_for(users, person, status="near_dibao")
    care_act(actor=users["township"], case=case, action="check", today=TODAY)
    case = care_act(actor=users["county"], case=case, action="decide", today=TODAY)
    assert case.amount == Decimal("200.00")


def test_not_poor_or_self_care_is_not_granted_and_refusal_needs_a_reason(
    benefit_settings, users
) -> None:
    person = elder(D(1950, 6, 1))
    assess(users, person, ["bathing"])
    case = case_for(users, person, status="none")
    care_act(actor=users["township"], case=case, action="check", today=TODAY)
    with pytest.raises(ValidationError) as raised:
        care_act(actor=users["county"], case=case, action="decide", today=TODAY)
    assert "note" in raised.value.message_dict
    case = care_act(
        actor=users["county"], case=case, action="refuse", note="非经济困难老年人", today=TODAY
    )
    assert case.status == "refused" and "行政复议" in case.notice


def test_an_expired_assessment_cannot_be_decided(benefit_settings, users) -> None:
    person = elder(D(1950, 6, 1))
    old = assess(users, person, ["bathing"], on=D(2025, 3, 10))  # valid to 2026-03-09
    case = case_for(users, person)
    assert case.assessment is None  # not in force on the day received
    CareServiceApplication.objects.filter(pk=case.pk).update(assessment=old)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        care_act(actor=users["township"], case=case, action="check", today=TODAY)
    assert "2026年03月09日" in raised.value.message_dict["assessment"][0]


def test_the_review_stops_it_when_the_assessment_expires(benefit_settings, users) -> None:
    person = elder(D(1950, 6, 1))
    assess(users, person, ["bathing"], on=D(2025, 3, 21))  # valid to 2026-03-20
    case = case_for(users, person)
    care_act(actor=users["township"], case=case, action="check", today=TODAY)
    care_act(actor=users["county"], case=case, action="decide", today=TODAY)
    prefix = AREAS["township_a"]
    assert review_sweep(actor=users["township"], prefix=prefix, today=D(2026, 3, 20)) == []
    [review] = review_sweep(actor=users["township"], prefix=prefix, today=D(2026, 3, 21))
    assert (review.trigger, review.proposal) == ("assessment_expired", "terminate")
    assert review.effective_on == D(2026, 4, 1)
    review_act(actor=users["county"], review=review, action="confirm", today=D(2026, 3, 25))
    enrolment = Enrolment.objects.get(household__head=person)
    assert (enrolment.status, enrolment.ends_on) == ("ended", D(2026, 4, 1))


def test_the_page_is_in_chinese_and_errors_name_their_field(benefit_settings, users) -> None:
    client = Client()
    client.force_login(users["caseworker"])
    page = client.get("/benefits/care-service/")
    assert page.status_code == 200 and "经济困难老年人服务补贴" in page.content.decode()
    person = elder(D(1950, 6, 1))
    answer = client.post(
        "/benefits/care-service/assessments/new/",
        {
            "id_number": person.id_number,
            "name": "别人",
            "assessor": "王评估",
            "assessor_org": "中心",
            "assessed_on": "2026-03-10",
        },
    )
    assert answer.status_code == 422
    assert 'data-field="id_number"' in answer.content.decode()
    assert "未找到身份证号码与姓名一致的登记人员" in answer.content.decode()
