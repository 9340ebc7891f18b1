"""Notifications (issue 15 item 3): events from assistance and payments become an SMS
and an in-portal message with the masked minimum, sent through the task queue after
the commit, retried with a doubling interval (notify.retry_minutes, example 5) up to
notify.max_attempts (example 5), every try in the delivery log; opt-out only where the
rules allow it. Expected texts and times are written by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions
from minzheng.core.models import AuditEntry
from minzheng.core.public import NoticeEvent
from minzheng.portal.models import DeliveryAttempt, Notification, OptOut
from minzheng.portal.notify import deliver_due, notice_received, notification_deliver
from tests.factories import AREAS, make_household
from tests.payments.conftest import (
    account_for,
    answer,
    approve_and_send,
    computed_cycle,
    enrol,
    pay_settings,  # noqa: F401  (a fixture)
)
from tests.portal.gateways import FlakyGateway

pytestmark = pytest.mark.django_db
D = dt.date
T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
OFFICE = "徐州市鼓楼区黄楼街道办事处"


@pytest.fixture
def flaky(settings):
    settings.MINZHENG_SMS_GATEWAY = "tests.portal.gateways.FlakyGateway"
    FlakyGateway.failures, FlakyGateway.sent = 0, []
    return FlakyGateway


def _sms(**filters) -> Notification:
    return Notification.objects.get(channel="sms", **filters)


def _event(person, kind: str = "decision", **fields) -> NoticeEvent:
    return NoticeEvent(
        kind=kind,
        person_id=person.pk,
        area_code=AREAS["community_a1"],
        reference="SA20261201ABC123",
        fields={"case": "SA20261201ABC123", "programme": "最低生活保障", "office": OFFICE,
                "result": "批准", **fields},
    )  # fmt: skip


def test_a_refusal_reaches_the_applicant_by_sms_and_in_the_portal_after_the_commit(
    published, users, django_capture_on_commit_callbacks
):
    household = make_household(size=2)
    head = household.head
    app = apps.application_submit(
        actor=users["caseworker"],
        household=household,
        applicant=head,
        programme="dibao",
        channel="in_person",
        applied_on=D(2026, 9, 28),
    )
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 9, 28))
    with django_capture_on_commit_callbacks(execute=True):
        decisions.application_refuse(
            actor=users["county"], application=app, reasons="收入超过标准", today=D(2026, 9, 30)
        )
    sms = _sms(event="decision")
    expected = (
        f"您的最低生活保障申请（受理编号{app.number}）已有办理结果：不予批准。"
        f"书面决定请到{OFFICE}领取。"
    )
    assert sms.text == expected
    assert sms.status == "sent" and sms.attempts == 1 and sms.reference == app.number
    assert sms.address == head.phone[:3] + "****" + head.phone[-4:]
    portal = Notification.objects.get(channel="portal", event="decision")
    assert portal.status == "sent" and portal.text.startswith("您的最低生活保障申请")
    for text in (sms.text, portal.text):
        assert head.name not in text and head.id_number not in text and head.phone not in text
    assert [(d.number, d.succeeded) for d in sms.deliveries.all()] == [(1, True)]


def test_a_request_for_documents_is_told_with_its_deadline(published, users):
    household = make_household(size=2)
    app = apps.application_submit(
        actor=users["caseworker"],
        household=household,
        applicant=household.head,
        programme="dibao",
        channel="in_person",
        applied_on=D(2026, 3, 2),
    )
    apps.application_request_materials(
        actor=users["township"], application=app, added=["户口簿"], today=D(2026, 3, 2)
    )
    sms = _sms(event="documents")
    assert sms.status == "queued"  # not committed in this test: nothing sent yet
    assert f"受理编号{app.number}" in sms.text and "需补正材料" in sms.text
    assert app.deadline is None  # the request step has no deadline of its own
    assert f"请于规定期限前到{OFFICE}提交" in sms.text


def test_a_failed_payment_tells_its_payee_without_amount_or_account(
    published,
    users,
    pay_settings,  # noqa: F811
):
    kept = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    failed = enrol(users["county"], "dibao", "700.00", D(2025, 1, 1))
    for e in (kept, failed):
        account_for(users["county"], e.household)
    cycle = approve_and_send(users, computed_cycle(users["county"], D(2026, 12, 1)))
    answer(users, cycle, failing=[failed.household.head.name])
    sms = _sms(event="payment_failed")
    assert sms.person_id == failed.household.head_id
    assert sms.text == f"您2026年12月的最低生活保障资金发放未成功，请尽快到{OFFICE}核对收款账户。"
    assert not Notification.objects.filter(person=kept.household.head).exists()


def test_a_failing_gateway_is_retried_at_5_then_10_minutes_and_every_try_logged(
    published, users, flaky
):
    person = make_household(size=1).head
    notice_received(_event(person))
    sms = _sms()
    Notification.objects.update(next_attempt_at=T0)
    flaky.failures = 2

    assert notification_deliver(sms.pk, now=T0).status == "retrying"
    sms.refresh_from_db()
    assert (sms.attempts, sms.next_attempt_at) == (1, T0 + 5 * MINUTE)
    assert deliver_due(T0 + 4 * MINUTE) == 1  # the in-portal message, not the SMS
    sms.refresh_from_db()
    assert sms.attempts == 1
    deliver_due(T0 + 5 * MINUTE)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.next_attempt_at) == (
        "retrying", 2, T0 + 15 * MINUTE
    )  # fmt: skip
    deliver_due(T0 + 15 * MINUTE)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.sent_at) == ("sent", 3, T0 + 15 * MINUTE)
    log = [(d.number, d.at, d.succeeded, d.detail) for d in sms.deliveries.all()]
    assert log == [
        (1, T0, False, "网关暂时不可用"),
        (2, T0 + 5 * MINUTE, False, "网关暂时不可用"),
        (3, T0 + 15 * MINUTE, True, ""),
    ]
    assert flaky.sent == [(person.phone, sms.text)]
    assert notification_deliver(sms.pk, now=T0 + 60 * MINUTE).attempts == 3  # settled


def test_after_the_fifth_failure_it_gives_up_and_the_audit_says_so(published, users, settings):
    settings.MINZHENG_SMS_GATEWAY = "tests.portal.gateways.BrokenGateway"
    person = make_household(size=1).head
    notice_received(_event(person))
    sms = _sms()
    at = T0
    Notification.objects.filter(pk=sms.pk).update(next_attempt_at=at)
    for gap in (0, 5, 10, 20, 40):  # minutes after the previous try: 5 × 2^(n−1)
        at += gap * MINUTE
        notification_deliver(sms.pk, now=at)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.next_attempt_at) == ("failed", 5, None)
    assert DeliveryAttempt.objects.filter(notification=sms, succeeded=False).count() == 5
    assert sms.deliveries.last().detail == "短信网关出错：ConnectionError"
    gave_up = AuditEntry.objects.filter(object_type="portal.notification", object_id=str(sms.pk))
    assert gave_up.filter(summary__contains="5次发送均未成功").exists()


def test_a_reminder_may_be_refused_but_a_decision_may_not(published, users, flaky):
    person = make_household(size=1).head
    for kind in ("deadline", "decision"):
        OptOut.objects.create(person=person, event=kind, recorded_by=users["caseworker"])
        notice_received(_event(person, kind, deadline="2026年12月10日"))
    for n in Notification.objects.filter(next_attempt_at__isnull=False):
        notification_deliver(n.pk, now=timezone.now() + MINUTE)
    assert _sms(event="deadline").status == "opted_out"
    assert not _sms(event="deadline").deliveries.exists()
    assert _sms(event="decision").status == "sent"  # D1.8: a decision must reach them
    assert Notification.objects.get(channel="portal", event="deadline").status == "sent"


def test_a_number_slipped_into_a_field_never_leaves_in_a_message(published, users, flaky):
    person = make_household(size=1).head
    notice_received(_event(person, office=f"联系人{person.phone}，{person.id_number}"))
    sms = _sms()
    assert person.phone not in sms.text and person.id_number not in sms.text
    assert "联系人***，***" in sms.text


def test_without_a_mobile_number_only_the_portal_message_is_kept(published, users):
    person = make_household(size=1).head
    person.phone = ""
    person.save()
    notice_received(_event(person))
    assert _sms().status == "no_address"
    assert Notification.objects.get(channel="portal").status == "queued"
