"""Leads (D5.3): findings become one lead per person, rule and period, assigned by area;
verified by a visit; closed with an outcome — as named users, with audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from minzheng.assistance.models import Application
from minzheng.core.models import AuditEntry, ConfigValue
from minzheng.core.workdays import DeadlineStatus
from minzheng.core.workflow import WorkflowError
from minzheng.warning.models import Lead
from minzheng.warning.selectors import with_deadline_status
from minzheng.warning.services import (
    lead_close,
    lead_start_application,
    lead_visit_record,
    leads_ingest,
)
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 9, 28)


def _finding(person, rule="W001", period="2026-08") -> dict:
    return {
        "run_id": "2026-08-abc",
        "rule_id": rule,
        "rule_title": "高额自付医疗费用",
        "period": period,
        "severity": "high",
        "id_number": person.id_number,
        "household_id": None,
        "area_code": person.area_id,
        "evidence": "住院自付12000元",
    }


@pytest.fixture
def family(settings_seeded):
    return make_household(size=2)


def test_findings_become_leads_assigned_to_the_community_caseworker(family, users):
    result = leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    assert (result.created, lead.assigned_to, lead.household) == (1, users["caseworker"], family)
    # 10 working days across National Day: 29, 30 Sep, 8, 9, Sat 10, 12–16 Oct.
    assert lead.deadline == D(2026, 10, 16)
    assert AuditEntry.objects.filter(object_type="warning.lead", action="import").count() == 1


def test_the_same_person_rule_and_period_never_gives_two_leads(family, users):
    findings = [_finding(family.head), _finding(family.head)]
    assert leads_ingest(findings=findings, today=TODAY).created == 1
    again = leads_ingest(findings=[_finding(family.head)], today=TODAY)
    assert (again.created, again.already_open) == (0, 1)
    leads_ingest(findings=[_finding(family.head, period="2026-09")], today=TODAY)
    assert Lead.objects.count() == 2


def test_someone_not_in_the_registry_is_counted_not_guessed(family, users):
    stranger = {**_finding(family.head), "id_number": "11010519491231002X"}
    assert leads_ingest(findings=[stranger], today=TODAY).unknown_person == 1
    assert not Lead.objects.exists()


def test_a_lead_is_closed_only_after_a_visit_and_with_an_outcome(family, users):
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    with pytest.raises(WorkflowError, match="须先录入"):
        lead_close(
            actor=users["caseworker"], lead=lead, outcome="no_need", note="无困难", today=TODAY
        )
    lead_visit_record(
        actor=users["caseworker"],
        lead=lead,
        method="home",
        visited_on=TODAY,
        findings="医疗费已由大病保险报销",
    )
    with pytest.raises(WorkflowError, match="转介须填写接收部门"):
        lead_close(
            actor=users["caseworker"], lead=lead, outcome="refer", note="转医保", today=TODAY
        )
    lead_close(
        actor=users["caseworker"],
        lead=lead,
        outcome="refer",
        note="转医保",
        referred_to="市医保局",
        today=TODAY,
    )
    assert (lead.status, lead.outcome, lead.referred_to) == ("closed", "refer", "市医保局")


def test_outcome_apply_starts_a_prefilled_application(family, users):
    leads_ingest(findings=[_finding(family.head, rule="W008")], today=TODAY)
    lead = Lead.objects.get()
    lead_visit_record(
        actor=users["caseworker"],
        lead=lead,
        method="phone",
        visited_on=TODAY,
        findings="家庭收入确实下降",
    )
    app = lead_start_application(
        actor=users["caseworker"], lead=lead, programme="dibao", channel="committee", today=TODAY
    )
    assert (app.household, app.applicant, app.programme) == (family, family.head, "dibao")
    lead.refresh_from_db()
    assert (lead.status, lead.outcome, lead.application) == ("closed", "apply", app)
    assert Application.objects.count() == 1


def test_a_caseworker_elsewhere_cannot_act_on_the_lead(family, users):
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    with pytest.raises(PermissionDenied):
        lead_visit_record(
            actor=users["caseworker_b"], lead=lead, method="home", visited_on=TODAY, findings="x"
        )
    client = Client()
    client.force_login(users["caseworker_b"])
    assert client.get(f"/warning/leads/{lead.pk}/").status_code == 404
    assert client.get("/api/v1/warning/leads").json()["items"] == []


def test_the_api_records_a_visit_and_closes(family, users):
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    client = Client()
    client.force_login(users["caseworker"])
    visit = client.post(
        f"/api/v1/warning/leads/{lead.pk}/visits",
        {"method": "home", "visited_on": "2026-09-29", "findings": "属实"},
        content_type="application/json",
    )
    assert visit.status_code == 200, visit.content
    closed = client.post(
        f"/api/v1/warning/leads/{lead.pk}/close",
        {"outcome": "no_need", "note": "已获大病保险报销"},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed"
    assert AREAS["community_a1"] == closed.json()["area_code"]


def test_an_admins_check_verifies_the_lead_and_only_workers_are_offered_outcomes(family, users):
    """Issue 17 item 12: a recorded check moves the lead to 已核实, whoever records it;
    the outcome forms are offered only to those who may close it."""
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    lead_visit_record(
        actor=users["city"], lead=lead, method="phone", visited_on=TODAY, findings="电话核实属实"
    )
    lead.refresh_from_db()
    assert lead.status == "verified"
    admin, worker = Client(), Client()
    admin.force_login(users["city"])
    worker.force_login(users["caseworker"])
    admin_page = admin.get(f"/warning/leads/{lead.pk}/").content.decode()
    worker_page = worker.get(f"/warning/leads/{lead.pk}/").content.decode()
    assert "已核实" in admin_page and 'id="lead-close"' not in admin_page
    assert 'id="lead-close"' in worker_page and 'id="lead-apply"' in worker_page


@pytest.mark.parametrize(
    "today, expected",
    [
        # The township's setting is 1 working day (the example is 2). Deadline Wed 4 Mar
        # 2026: from Mon 2 Mar, Tue 3 and Wed 4 are 2 working days, one too many.
        (D(2026, 3, 2), DeadlineStatus.ON_TIME),
        (D(2026, 3, 3), DeadlineStatus.DUE_SOON),  # exactly 1 working day: the boundary
        (D(2026, 3, 5), DeadlineStatus.OVERDUE),
    ],
    ids=["2-working-days-left", "1-left-the-boundary", "day-after"],
)
def test_a_leads_due_soon_follows_the_townships_setting(family, users, today, expected):
    """D11: a queue that reads the wrong setting or moves the boundary by one working
    day fails here (issue 18 mutant 5, planted in the caller, not in core.workdays)."""
    ConfigValue.objects.create(
        key="warning.due_soon_working_days",
        area_id=AREAS["township_a"],
        value="1",
        effective_from=D(2026, 1, 1),
        basis="测试：本街道线索临期提醒 1 个工作日",
    )
    leads_ingest(findings=[_finding(family.head)], today=D(2026, 2, 27))
    lead = Lead.objects.get()
    Lead.objects.filter(pk=lead.pk).update(deadline=D(2026, 3, 4))
    lead.refresh_from_db()
    assert with_deadline_status(users["township"], [lead], today) == [(lead, expected)]


def test_reading_a_lead_is_logged_and_shown_to_the_auditor_by_its_title_not_its_rule_code(
    family, users
):
    # issue 17 item 8: rule codes (W001) never reach what a user reads, the audit page too.
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    lead = Lead.objects.get()
    client = Client()
    client.force_login(users["caseworker"])
    assert client.get(f"/warning/leads/{lead.pk}/").status_code == 200
    entry = AuditEntry.objects.filter(object_type="warning.lead", action="read").get()
    assert entry.summary == "查看预警线索：高额自付医疗费用"
    auditor = Client()
    auditor.force_login(users["auditor"])
    html = auditor.get("/audit/").content.decode()
    assert "预警线索 高额自付医疗费用" in html and "W001" not in html


def test_the_lead_lists_criteria_are_logged_in_words(family, users):
    leads_ingest(findings=[_finding(family.head)], today=TODAY)
    client = Client()
    client.force_login(users["caseworker"])
    assert client.get("/warning/?status=verified&mine=1&rule=W001").status_code == 200
    entry = AuditEntry.objects.filter(object_type="warning.lead", action="search").get()
    assert entry.summary.endswith("条件：状态=已核实；仅我的=是；规则=高额自付医疗费用")
