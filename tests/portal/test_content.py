"""Guides and templates are versioned content (issue 15, 三规范): published only by the
city office through one audited service, never edited, in force from their date; a
template may use only its event's masked fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.portal.content import content_in_force, content_publish

pytestmark = pytest.mark.django_db
D = dt.date
NEW_YEAR = dt.date(2027, 1, 1)
GUIDE = {"who": "本市户籍居民", "where": "街道便民服务中心", "documents": ["申请书", "户口簿"]}


def _publish(actor, key="guide.programme.dibao", on=NEW_YEAR, **body):
    return content_publish(
        actor=actor, key=key, title="最低生活保障", body=body or GUIDE,
        effective_from=on, basis="徐民发〔2027〕1号",
    )  # fmt: skip


def test_versions_are_numbered_audited_and_in_force_from_their_date(published, users):
    first = content_in_force("guide.programme.dibao", D(2026, 12, 31))
    new = _publish(users["city"])
    assert new.version == first.version + 1 == 2
    assert content_in_force("guide.programme.dibao", D(2026, 12, 31)) == first
    assert content_in_force("guide.programme.dibao", D(2027, 1, 1)) == new
    entry = AuditEntry.objects.filter(object_type="portal.contentversion").last()
    assert entry.object_id == str(new.pk) and entry.actor_id == users["city"].pk
    assert "第2版，2027-01-01起生效" in entry.summary


def test_only_the_city_office_publishes(published, users):
    for role in ("caseworker", "county", "auditor", "leader"):
        with pytest.raises(PermissionDenied):
            _publish(users[role])


@pytest.mark.parametrize(
    ("key", "body", "field"),
    [
        ("guide.programme.dibao", {**GUIDE, "documents": []}, "documents"),
        ("guide.programme.dibao", {**GUIDE, "who": ""}, "who"),
        ("guide.programme.dibao", {**GUIDE, "where": "便民\x07中心"}, "where"),
        ("template.decision.sms", {"text": "{name}您好，申请已办结"}, "text"),
        ("template.decision.sms", {"text": "请致电13912345678查询{受理编号}"}, "text"),
        ("template.decision.sms", {"text": "申请{受理编号"}, "text"),
        ("template.decision.sms", {"text": "字" * 141}, "text"),
        ("guide.nothing", GUIDE, "key"),
    ],
)
def test_bad_content_is_refused_naming_the_field(published, users, key, body, field):
    with pytest.raises(ValidationError) as refused:
        _publish(users["city"], key=key, **body)
    assert field in refused.value.message_dict


def test_a_second_version_on_the_same_day_is_refused(published, users):
    _publish(users["city"])
    with pytest.raises(ValidationError) as refused:
        _publish(users["city"])
    assert "effective_from" in refused.value.message_dict


def test_the_page_publishes_a_version_and_refuses_a_bad_template_with_422(published, users):
    client = Client()
    client.force_login(users["city"])
    url = "/portal/content/template.decision.sms/"
    bad = {"title": "审批结果", "effective_from": "2027-01-01", "basis": "通知", "text": "{name}"}
    response = client.post(url, bad)
    assert response.status_code == 422
    assert 'data-field="text"' in response.content.decode()
    good = {**bad, "text": "您的{救助项目}申请已有结果：{办理结果}。"}
    assert client.post(url, good).status_code == 302
    assert content_in_force("template.decision.sms", D(2027, 1, 1)).body == {
        "text": "您的{救助项目}申请已有结果：{办理结果}。"
    }
