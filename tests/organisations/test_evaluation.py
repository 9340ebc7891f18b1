"""Evaluation grades (D10.8) with hand-worked dates and scores: eligible after two full
years of registration, excluded when the last annual report was missed or failed or
when penalised last year; grades from the floors 5A 950, 4A 900, 3A 800, 2A 700,
1A 600 (example settings); publicity 7 days with objections; valid five years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.workflow import WorkflowError
from minzheng.organisations.models import Evaluation
from minzheng.organisations.services.credit import penalty_record
from minzheng.organisations.services.evaluation import (
    evaluation_act,
    evaluation_score,
    grade_for,
    ineligibility,
    objection_record,
    objections_dismiss,
)
from minzheng.organisations.services.reports import (
    Filing,
    annual_report_file,
    annual_report_review,
)
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date
FLOORS = {"5A": 950, "4A": 900, "3A": 800, "2A": 700, "1A": 600}
GOOD = {"basic": 95, "governance": 380, "performance": 330, "reputation": 140}  # 945 → 4A


def _report(user, org, year, result=None):
    filing = Filing(
        year, D(year + 1, 4, 1), None, Decimal("1.00"), Decimal("1.00"), Decimal("1.00"), 1, "活动"
    )
    report = annual_report_file(
        actor=user, organisation=org, filing=filing, today=D(year + 1, 4, 1)
    )
    if result:
        annual_report_review(actor=user, report=report, result=result, today=D(year + 1, 4, 2))
    return report


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (1000, "5A"),
        (950, "5A"),
        (949, "4A"),
        (900, "4A"),
        (800, "3A"),
        (700, "2A"),
        (600, "1A"),
        (599, ""),
    ],
)
def test_grade_floors(total, grade):
    assert grade_for(total, FLOORS) == grade


def test_two_full_years_of_registration(users, org_settings):
    org = make_org(users["county"], D(2024, 7, 1))
    _report(users["county"], org, 2025)  # the last closed year on 1 July 2026 is 2025
    assert ineligibility(org, D(2026, 6, 30)) == ["登记未满2年（2024-07-01成立）"]
    assert ineligibility(org, D(2026, 7, 1)) == []


def test_a_missed_or_failed_report_or_a_penalty_last_year_excludes(users, org_settings):
    county = users["county"]
    missed = make_org(county, D(2020, 1, 1))
    failed = make_org(county, D(2020, 1, 1))
    _report(county, failed, 2025, result="failed")
    penalised = make_org(county, D(2020, 1, 1))
    _report(county, penalised, 2025)
    penalty_record(
        actor=county,
        organisation=penalised,
        decision="罚〔2025〕1号",
        decided_on=D(2025, 11, 3),
        today=D(2025, 11, 3),
    )
    on = D(2026, 7, 1)
    assert ineligibility(missed, on) == ["未报送2025年度工作报告"]
    assert ineligibility(failed, on) == ["2025年度工作报告审查不合格"]
    assert ineligibility(penalised, on) == ["2025年受到行政处罚"]
    assert ineligibility(penalised, D(2027, 7, 1)) == [
        "未报送2026年度工作报告"
    ]  # 2025 was last year once


def test_from_scores_to_a_grade_in_force_for_five_years(users, org_settings):
    county = users["county"]
    org = make_org(county, D(2020, 1, 1))
    _report(county, org, 2025)
    with pytest.raises(ValidationError) as caught:
        evaluation_score(
            actor=county, organisation=org, scores={**GOOD, "governance": 401}, today=D(2026, 7, 1)
        )
    assert caught.value.message_dict == {"score_governance": ["得分应在0至400分之间"]}
    ev = evaluation_score(actor=county, organisation=org, scores=GOOD, today=D(2026, 7, 1))
    assert (ev.total, ev.grade, ev.status) == (945, "4A", "scored")
    evaluation_act(actor=county, evaluation=ev, action="publish", today=D(2026, 7, 2))
    assert ev.publicity_ends_on == D(2026, 7, 9)  # 2 July + 7 days
    objection_record(
        actor=county,
        evaluation=ev,
        raised_by="会员单位甲",
        content="财务数据有误",
        today=D(2026, 7, 3),
    )
    with pytest.raises(WorkflowError, match="公示期至2026-07-09，期满后才能确定等级"):
        evaluation_act(actor=county, evaluation=ev, action="confirm", today=D(2026, 7, 9))
    with pytest.raises(WorkflowError, match="尚有未处理的异议"):
        evaluation_act(actor=county, evaluation=ev, action="confirm", today=D(2026, 7, 10))
    objections_dismiss(actor=county, evaluation=ev, note="经核实财务数据无误")
    evaluation_act(actor=county, evaluation=ev, action="confirm", today=D(2026, 7, 10))
    ev.refresh_from_db()
    assert (ev.status, ev.confirmed_on, ev.valid_until) == (
        "confirmed",
        D(2026, 7, 10),
        D(2031, 7, 9),
    )
    # the reminder list, 90 days ahead: from 10 April 2031 (9 July − 90 days) on
    assert not Evaluation.objects.expiring(D(2031, 4, 9), 90).exists()
    assert Evaluation.objects.expiring(D(2031, 4, 10), 90).get() == ev
    assert not Evaluation.objects.expiring(D(2031, 7, 10), 90).exists()  # expired


def test_an_ineligible_organisation_is_refused_with_its_reasons(users, org_settings):
    org = make_org(users["county"], D(2025, 3, 1))
    with pytest.raises(
        ValidationError, match="不符合参加评估的条件：登记未满2年（2025-03-01成立）"
    ):
        evaluation_score(actor=users["county"], organisation=org, scores=GOOD, today=D(2026, 7, 1))
