"""The audit page in the auditor's words (issue 17 item 8, issue 7 item 3) and the
校验审计链 action that replaces the command line the page used to show."""

import datetime as dt
import re

import pytest
from django.test import Client

from minzheng.core import audit_runs, idnumber
from minzheng.core.audit import audit_record
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.models import AuditAction, AuditEntry, AuditVerification
from tests.core.audit_attacks import drop_guards, sql
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db
ID = idnumber.make("320302", dt.date(1961, 3, 9), 17)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _rows(html):
    """The table's cells, without the auditor's own log-in."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [
        [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", r, re.S)]
        for r in rows
    ]
    return [c for c in cells if c[4] != "登录"]


def test_entries_show_names_roles_channels_objects_areas_and_beijing_time(users):
    person = PersonFactory(area_id=AREAS["community_a1"], id_number=ID, name="王敏")
    with acting_from(RequestContext(ip="10.1.2.3", channel="web")):
        audit_record(actor=users["caseworker"], action=AuditAction.READ, obj=person)
    drop_guards()  # to fix the time by hand: 01:30 UTC is 09:30 in Beijing
    sql("UPDATE core_auditentry SET at = %s", [dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)])
    html = _client(users["auditor"]).get("/audit/").content.decode()
    masked = ID[:4] + "**********" + ID[-4:]
    assert _rows(html) == [
        [
            "1",
            "2026-03-02 09:30:00",
            "wang_caseworker（社区（村）经办人）",
            "网页 10.1.2.3",
            "查看",
            f"人员 王敏（{masked}）",
            "测试社区001",
            "",
        ]
    ]
    assert ID not in html and "core.person" not in html and "minzheng audit_verify" not in html


@pytest.mark.parametrize(
    "channel, label", [("web", "网页"), ("api", "接口"), ("cli", "命令行"), ("task", "后台任务")]
)
def test_channels_are_named_in_chinese(users, channel, label):
    with acting_from(RequestContext(channel=channel)):
        audit_record(actor=None, action=AuditAction.SEARCH, object_type="core.household")
    (row,) = _rows(_client(users["auditor"]).get("/audit/").content.decode())
    assert (row[2], row[3], row[4], row[5], row[6]) == (
        "系统",
        label,
        "查询列表",
        "家庭（列表）",
        "全市",
    )


def test_an_object_without_a_description_is_named_by_kind_and_number(users):
    audit_record(
        actor=users["city"],
        action=AuditAction.UPDATE,
        object_type="core.configvalue",
        object_id="7",
    )
    (row,) = _rows(_client(users["auditor"]).get("/audit/").content.decode())
    assert (row[2], row[5]) == ("zhao_city（市级管理员）", "配置版本（编号7）")


def test_a_full_id_number_in_old_search_criteria_is_masked_on_the_page(users):
    """Entries written before criteria were masked at write time."""
    drop_guards()  # only to write a row as the old code did, with its clear criteria
    audit_record(
        actor=users["city"],
        action=AuditAction.EXPORT,
        object_type="core.person",
        summary=f"导出1条；条件：{ID}",
    )
    html = _client(users["auditor"]).get("/audit/").content.decode()
    assert ID not in html and f"导出1条；条件：{ID[:4]}**********{ID[-4:]}" in html


def test_the_auditor_verifies_the_chain_from_the_page(users):
    audit_record(actor=None, action=AuditAction.IMPORT, object_type="core.person")
    client = _client(users["auditor"])
    response = client.post("/audit/verify/", follow=True)
    html = response.content.decode()
    # The import, the auditor's log-in and the run's own entry.
    assert "审计链完整：共3条，核对检查点0个" in html
    assert re.search(r"由 sun_auditor（审计监督员）发起", html)
    run = AuditVerification.objects.get()
    assert (run.started_by, run.entries, run.problems) == (users["auditor"], 3, [])
    entry = AuditEntry.objects.get(action="verify")
    assert (entry.actor_username, entry.object_id) == ("sun_auditor", str(run.pk))


def test_a_long_chain_is_verified_by_the_task_queue(users, monkeypatch):
    """Above the inline limit the request only starts the run (huey runs tasks
    immediately under tests, as a worker would later)."""
    monkeypatch.setattr(audit_runs, "INLINE_LIMIT", 0)
    response = _client(users["auditor"]).post("/audit/verify/", follow=True)
    assert "已开始校验审计链，完成后本页显示结果" in response.content.decode()
    run = AuditVerification.objects.get()
    assert run.finished_at is not None and run.ok and run.entries == 2


def test_a_verification_that_finds_tampering_lists_the_problems(users):
    audit_record(actor=None, action=AuditAction.IMPORT, object_type="core.person")
    drop_guards()
    sql("UPDATE core_auditentry SET summary = '篡改' WHERE seq = 1")
    html = _client(users["city"]).post("/audit/verify/", follow=True).content.decode()
    assert "发现 1 处问题" in html and "第 1 条：内容哈希不符：本条记录被修改" in html


def test_only_roles_that_see_the_audit_trail_may_verify_it(users):
    assert _client(users["caseworker"]).post("/audit/verify/").status_code == 403
    assert _client(users["auditor"]).get("/audit/verify/").status_code == 405
    assert AuditVerification.objects.count() == 0
