"""The regular procedure's limits (D1.7–D1.10) and the credit fast track (D6),
driven as named users; deadlines cross the 2026 Spring Festival and National Day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.assistance.models import Application, CreditRecord, StaffRelative
from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.dates import first_of_next_month
from minzheng.assistance.policy.vocabulary import AreaClass, IncomeKind
from minzheng.assistance.policy.vocabulary import Relation as PolicyRelation
from minzheng.assistance.selectors import fast_track_figures, work_queue
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions, fast_track
from minzheng.assistance.services.enrolment import enrolment_review
from minzheng.core.models import AuditEntry
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import transition
from tests.factories import make_household
from tests.form_pages import field_error, shown_after

pytestmark = pytest.mark.django_db
D = dt.date


def _submit(family, users, day, track="regular"):
    return apps.application_submit(
        actor=users["caseworker"],
        household=family,
        applicant=family.head,
        programme="dibao",
        channel="online",
        track=track,
        pledge_signed=track == "fast",
        urgency_reason="突发重病住院，家庭无力支付医疗费" if track == "fast" else "",
        applied_on=day,
    )


def _investigate(app, users, day, by_county=False):
    apps.means_test_record(
        actor=users["caseworker"],
        application=app,
        reference="HD-9",
        received_on=day,
        monthly_income=Decimal("800"),
    )
    recorder = users["county"] if by_county else users["caseworker"]
    team = (
        [users["county"], users["county_2"]]
        if by_county
        else [users["caseworker"], users["township"]]
    )
    apps.home_visit_record(
        actor=recorder,
        application=app,
        visited_on=day,
        investigators=team,
        findings="属实",
        by_county=by_county,
    )


def test_acceptance_before_the_spring_festival_gets_30_working_days(family, users):
    app = _submit(family, users, D(2026, 2, 10))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 2, 12))
    # 13 Feb (1), Sat 14 Feb make-up (2), 15–23 Feb off, 24–27 Feb (6), Sat 28 Feb
    # make-up (7), then 23 weekdays of March to 31 Mar (29): the 30th is 1 Apr 2026.
    assert app.total_deadline == D(2026, 4, 1)
    apps.application_extend(actor=users["county"], application=app, reason="需补充外省核对")
    assert app.total_deadline == D(2026, 4, 23)  # 45 working days; Mon 6 Apr is Qingming


def test_decision_deadline_is_ten_working_days_after_the_notice(family, users):
    app = _submit(family, users, D(2026, 9, 1))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 9, 1))
    _investigate(app, users, D(2026, 9, 2))
    transition(app, "complete_investigation", users["caseworker"], today=D(2026, 9, 3))
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=Decimal("500"),
        amount_reason="民主评议按实际困难调整",
        today=D(2026, 9, 4),
    )
    notice = apps.notice_post(
        actor=users["caseworker"], application=app, place="公开栏", today=D(2026, 9, 22)
    )
    assert notice.ends_on == D(2026, 9, 28)  # 7 days including the first (D1.7)
    with pytest.raises(WorkflowError, match="公示期满后方可提交审批"):
        transition(app, "submit_for_decision", users["township"], today=D(2026, 9, 28))
    transition(app, "submit_for_decision", users["township"], today=D(2026, 9, 29))
    # 30 Sep (1), 1–7 Oct off, 8 (2), 9 (3), Sat 10 make-up (4), 12–16 (9), 19 Oct (10).
    assert app.deadline == D(2026, 10, 19)


def test_refusal_must_be_notified_within_three_working_days(family, users):
    app = _submit(family, users, D(2026, 9, 28))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 9, 28))
    decisions.application_refuse(
        actor=users["county"],
        application=app,
        reasons="D1.13 人均收入不低于当地标准",
        today=D(2026, 9, 30),
    )
    assert app.deadline == D(2026, 10, 10)  # 8, 9 Oct and the make-up Saturday
    decisions.refusal_notify(actor=users["township"], application=app, today=D(2026, 10, 9))
    assert app.status == "closed_refused" and app.refusal_notified_on == D(2026, 10, 9)


def test_an_objection_sends_the_case_back_and_the_result_is_posted_again(family, users):
    app = _submit(family, users, D(2026, 3, 2))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 3, 2))
    _investigate(app, users, D(2026, 3, 3))
    transition(app, "complete_investigation", users["caseworker"], today=D(2026, 3, 3))
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=Decimal("500"),
        amount_reason="民主评议按实际困难调整",
        today=D(2026, 3, 4),
    )
    apps.notice_post(
        actor=users["caseworker"], application=app, place="公开栏", today=D(2026, 3, 5)
    )
    apps.objection_record(
        actor=users["caseworker"], application=app, summary="其子有车", today=D(2026, 3, 6)
    )
    with pytest.raises(WorkflowError, match="有异议"):
        transition(app, "submit_for_decision", users["township"], today=D(2026, 3, 20))
    transition(app, "reinvestigate", users["township"], note="核实车辆", today=D(2026, 3, 20))
    transition(app, "complete_investigation", users["caseworker"], today=D(2026, 3, 23))
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="核实无车",
        proposed_amount=Decimal("500"),
        amount_reason="民主评议按实际困难调整",
        today=D(2026, 3, 23),
    )
    second = apps.notice_post(
        actor=users["caseworker"], application=app, place="公开栏", today=D(2026, 3, 24)
    )
    assert second.round == 2


def test_near_relatives_of_staff_need_a_county_visit_and_recusal(family, users):
    StaffRelative.objects.create(
        staff=users["township"],
        relative=family.head,
        relation="兄弟",
        registered_on=D(2026, 1, 5),
        registered_by=users["county"],
    )
    app = _submit(family, users, D(2026, 3, 2))
    assert app.near_relative_of == users["township"]
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 3, 2))
    _investigate(app, users, D(2026, 3, 3))
    with pytest.raises(WorkflowError, match="近亲属备案的家庭须由县级民政部门入户调查"):  # D1.10
        transition(app, "complete_investigation", users["caseworker"], today=D(2026, 3, 4))
    _investigate(app, users, D(2026, 3, 4), by_county=True)
    # D1.10: the related reviewer took part in the visit.
    with pytest.raises(WorkflowError, match="备案的工作人员不得参加本案入户调查"):
        transition(app, "complete_investigation", users["caseworker"], today=D(2026, 3, 4))


def test_fast_track_grant_verify_breach_and_credit_record(family, users):
    app = _submit(family, users, D(2026, 2, 10), track="fast")
    assert app.deadline == D(2026, 2, 15)  # granted within 5 days (D6.2)
    with pytest.raises(WorkflowError, match="超过上限"):
        fast_track.fast_grant(
            actor=users["township"],
            application=app,
            amount=Decimal("999999"),
            today=D(2026, 2, 12),
        )
    grant = fast_track.fast_grant(
        actor=users["township"], application=app, amount=Decimal("3000"), today=D(2026, 2, 12)
    )
    # 20 working days from 12 Feb: 13, Sat 14 (make-up), 24–27, Sat 28 (make-up) = 7,
    # 2–13 Mar = 17, 16–18 Mar = 20.
    assert grant.verify_by == D(2026, 3, 18)
    breach = fast_track.fast_breach(
        actor=users["county"],
        application=app,
        grade="serious",
        facts="隐瞒经营收入",
        stop_assistance=True,
        recovery_amount=Decimal("3000"),
        today=D(2026, 3, 10),
    )
    record = CreditRecord.objects.get(breach=breach)
    assert (record.person, record.ends_on) == (family.head, D(2027, 3, 10))
    again = _submit(family, users, D(2026, 6, 1), track="fast")
    with pytest.raises(WorkflowError, match="申请人有失信记录"):
        fast_track.fast_grant(
            actor=users["township"], application=again, amount=Decimal("500"), today=D(2026, 6, 2)
        )
    assert AuditEntry.objects.filter(object_type="assistance.breach", action="create").count() == 1


def test_fast_track_figures(family, users):
    for i, outcome in enumerate(["confirm", "confirm", "breach"]):
        household = make_household(size=1)
        app = _submit(household, users, D(2026, 4, 1), track="fast")
        fast_track.fast_grant(
            actor=users["township"],
            application=app,
            amount=Decimal("1000"),
            today=D(2026, 4, 1 + 2 * i),
        )
        if outcome == "confirm":
            fast_track.fast_confirm(actor=users["township"], application=app, today=D(2026, 5, 6))
        else:
            fast_track.fast_breach(
                actor=users["county"],
                application=app,
                grade="general",
                facts="x",
                stop_assistance=False,
                recovery_amount=Decimal("0"),
                today=D(2026, 5, 6),
            )
    figures = fast_track_figures(users["city"], 2026)
    assert (figures.person_times, figures.amount) == (3, Decimal("3000"))
    assert figures.median_days_to_grant == 2 and figures.breaches_by_grade == {"general": 1}
    assert figures.confirmed_share == pytest.approx(2 / 3)


def test_the_work_queue_shows_what_each_role_can_do(family, users):
    app = _submit(family, users, D(2026, 3, 2))
    assert [i.application for i in work_queue(users["township"], D(2026, 3, 3))] == [app]
    assert work_queue(users["county"], D(2026, 3, 3)) == []
    assert Application.objects.get(pk=app.pk).status == "submitted"


def _enrolled(family, users):
    app = _submit(family, users, D(2026, 3, 2))
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 3, 2))
    _investigate(app, users, D(2026, 3, 3))
    transition(app, "complete_investigation", users["caseworker"], today=D(2026, 3, 3))
    decisions.application_review(
        actor=users["township"],
        application=app,
        opinion="同意",
        proposed_amount=Decimal("560"),
        amount_reason="民主评议按实际困难调整",
        today=D(2026, 3, 4),
    )
    apps.notice_post(
        actor=users["caseworker"], application=app, place="公开栏", today=D(2026, 3, 5)
    )
    transition(app, "submit_for_decision", users["township"], today=D(2026, 3, 12))
    return decisions.application_approve(
        actor=users["county"],
        application=app,
        amount=Decimal("560"),
        covered_members=2,
        today=D(2026, 3, 13),
    )


def _facts(wages: str, on: dt.date, newly_employed: bool) -> pf.Household:
    return pf.Household(
        decision_date=on,
        area_class=AreaClass.URBAN,
        members=(
            pf.Member(
                "a",
                PolicyRelation.HEAD,
                D(1970, 5, 1),
                name="户主",
                incomes=(pf.Income(IncomeKind.WAGES, Decimal(wages)),),
                newly_employed=newly_employed,
            ),
            pf.Member("b", PolicyRelation.SPOUSE, D(1972, 3, 1), name="配偶"),
        ),
    )


def _review(enrolment, users, wages: str, on: dt.date, *, newly_employed: bool = False):
    facts = _facts(wages, on, newly_employed)
    return enrolment_review(
        actor=users["caseworker"], enrolment=enrolment, facts=facts, covered=("a", "b"), on=on
    )


def test_a_review_keeps_adjusts_or_starts_a_gradual_exit_with_history(family, users):
    enrolment = _enrolled(family, users)
    # The head is able to work: the calculator's six-monthly review (D1.16), class B.
    assert (enrolment.starts_on, enrolment.next_review_on) == (D(2026, 4, 1), D(2026, 10, 1))
    assert enrolment.review_class == "B"
    same = _review(enrolment, users, "1000", D(2026, 10, 9))
    assert same.kind == "unchanged" and enrolment.monthly_amount == Decimal("560.00")
    lower = _review(enrolment, users, "1200", D(2026, 11, 9))
    assert lower.kind == "adjust" and enrolment.monthly_amount == Decimal("360.00")
    # 3000 / 2 = 1500 a head is not below 780 (D1.13), but the head found work (D1.17):
    # payment goes on for the gradual-exit period (6 months by default [L]) from
    # January, and stops in July.
    above = _review(enrolment, users, "3000", D(2026, 12, 9), newly_employed=True)
    assert above.kind == "gradual_exit" and above.effective_on == D(2027, 1, 1)
    assert [r.split()[0] for r in above.reasons] == ["D1.13", "D1.17"]
    assert (enrolment.status, enrolment.ends_on) == ("gradual_exit", D(2027, 7, 1))
    assert enrolment.monthly_amount == Decimal("360.00")
    assert enrolment.changes.order_by("id").first().kind == "start"
    assert enrolment.changes.count() == 4


def test_the_review_page_uses_the_calculator_form_on_the_household_today(family, users):
    enrolment = _enrolled(family, users)
    client = Client()
    client.force_login(users["caseworker"])
    url = f"/assistance/enrolments/{enrolment.pk}/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "测算日期" not in html  # a review is today's
    assert not any(m.person.id_number in html for m in family.current_members())
    rows = page.context["form"].members.initial
    data = {
        "m-TOTAL_FORMS": str(len(rows)),
        "m-INITIAL_FORMS": "0",
        "h-area": "320302",
        "h-area_class": "urban",
        "h-decision_date": "2026-01-01",  # ignored: the review is dated today
        "h-dwellings": "1",
        "h-private_vehicles": "0",
        "m-0-income_wages": "1200",
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"m-{i}-person": str(row["person"]),
                f"m-{i}-relation": row["relation"],
                f"m-{i}-school_stage": "none",
                f"m-{i}-employment": "employed" if i == 0 else "none",
            }
        )
    refused = client.post(url, {**data, "m-0-income_wages": "-5"})
    assert refused.status_code == 422 and enrolment.changes.count() == 1
    assert field_error(refused, "m-0-income_wages") == "金额不能为负数"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert "已保存复核结果（复核：调整金额）" in shown_after(client, response)
    change = enrolment.changes.order_by("-id").first()
    # 1200 ÷ 2 = 600 per head; (780 − 600) × 2 = 360.00 (D1.14), one reason per line
    assert (change.kind, change.amount_after) == ("adjust", Decimal("360.00"))
    assert change.effective_on == first_of_next_month(timezone.localdate())
    assert not any(r.startswith("D1.16 D1.16") for r in change.reasons)
