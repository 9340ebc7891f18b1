"""Legal-education records (issue 13 item 9): each form's error path and success, the
totals a dashboard shows (the article's 12,000 people at one legal fair, D12) and a
unit's yearly study plan with its completion, all counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.legaledu.models import Activity, StudyPlan
from minzheng.legaledu.totals import totals
from tests.factories import AREAS
from tests.form_pages import field_error, shown_after

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 22)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FAIR = {
    "kind": "legal_fair",
    "held_on": "2026-09-15",
    "area": AREAS["township_a"],
    "venue": "彭城广场",
    "topic": "民法典宣传月法治集市",
    "organiser": "鼓楼区民政局",
    "participant_count": "12000",
}
NEW = "/legal-education/activities/new/"


def test_activity_form_errors_and_success(users):
    township = _client(users["township"])
    no_count = township.post(NEW, {**FAIR, "participant_count": ""})
    assert no_count.status_code == 422
    assert field_error(no_count, "participant_count") == "请填写参加人数，或勾选参加学习的工作人员"
    future = township.post(NEW, {**FAIR, "held_on": "2026-09-23"})
    assert field_error(future, "held_on") == "活动日期不能晚于今天"
    elsewhere = township.post(NEW, {**FAIR, "area": AREAS["township_b"]})
    assert field_error(elsewhere, "area") == "该区划不在您的管辖区域内"
    unknown = township.post(NEW, {**FAIR, "area": "320302999"})
    assert field_error(unknown, "area") == "没有这个行政区划代码"
    assert not Activity.objects.exists()
    done = township.post(NEW, FAIR)
    assert "已登记活动“民法典宣传月法治集市”，参加12000人" in shown_after(township, done)
    assert AuditEntry.objects.filter(object_type="legaledu.activity", action="create").count() == 1


def test_named_staff_attendance_counts_the_people_named(users):
    township = _client(users["township"])
    session = {
        **FAIR,
        "kind": "study_session",
        "topic": "学习《社会救助暂行办法》",
        "participant_count": "",
        "attendees": [users["township"].pk, users["caseworker"].pk],
    }
    too_few = township.post(NEW, {**session, "participant_count": "1"})
    assert field_error(too_few, "participant_count") == "参加人数不能少于勾选的工作人员人数"
    township.post(NEW, session)
    activity = Activity.objects.get()
    assert activity.participant_count == 2
    assert set(activity.attendees.all()) == {users["township"], users["caseworker"]}


def test_plan_form_and_completion(users):
    township = _client(users["township"])
    plan = {
        "area": AREAS["township_a"],
        "year": "2026",
        "planned_sessions": "2",
        "content": "每季度学法",
    }
    none = township.post("/legal-education/plans/new/", {**plan, "planned_sessions": "0"})
    assert none.status_code == 422 and field_error(none, "planned_sessions")
    done = township.post("/legal-education/plans/new/", plan)
    assert "已登记黄楼街道2026年度学法计划" in shown_after(township, done)
    twice = township.post("/legal-education/plans/new/", plan)
    assert field_error(twice, "year") == "黄楼街道2026年度的学法计划已登记"

    for day, kind in [("2026-03-10", "study_session"), ("2026-06-10", "legal_fair")]:
        township.post(NEW, {**FAIR, "held_on": day, "kind": kind, "participant_count": "30"})
    # One study session and one fair: 1 of 2 planned sessions held -> not yet done.
    page = township.get("/legal-education/plans/").content.decode()
    assert "未完成" in page
    township.post(
        NEW, {**FAIR, "held_on": "2026-09-01", "kind": "training", "participant_count": "25"}
    )
    assert "已完成" in township.get("/legal-education/plans/").content.decode()
    assert StudyPlan.objects.count() == 1


def test_totals_for_the_dashboard(users):
    township = _client(users["township"])
    township.post(NEW, FAIR)  # 12,000 at the fair
    township.post(NEW, {**FAIR, "kind": "lecture", "participant_count": "80"})
    township.post(NEW, {**FAIR, "held_on": "2025-12-01", "participant_count": "500"})  # last year
    t = totals("320302", 2026)
    assert (t.activities, t.participants, t.fair_participants) == (2, 12_080, 12_000)
    assert totals("320303", 2026).activities == 0  # 云龙区: none
    leader = _client(users["leader"])
    dashboard = leader.get("/dashboard/").content.decode()
    assert "其中普法宣传参加人次" in dashboard and "12,000" in dashboard
    api = leader.get("/api/v1/legaledu/totals", {"year": 2026}).json()
    assert (api["activities"], api["participants"]) == (2, 12_080)
