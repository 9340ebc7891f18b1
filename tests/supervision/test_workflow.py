"""The findings workflow (D14.12, D13.5), expected answers by hand: verified on the
ground (confirmed, or a false alarm with its reason), rectified by the county bureau
through payments (stop, recovery), closed with evidence only once a recovery is repaid
or written off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.definitions import ActionNotPermitted, NoteRequired
from minzheng.payments.models import PaymentStop, RecoveryOrder, StopCause
from minzheng.payments.recoveries import recovery_repay, recovery_write_off
from minzheng.supervision.services import finding_close, finding_rectify, finding_verify
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS
from tests.supervision.findings import stored

pytestmark = pytest.mark.django_db
SEP1 = dt.date(2026, 9, 1)


@pytest.fixture
def finding(sup_settings, users):
    enrolment = make_enrolment(users["county"], "dibao", "710", dt.date(2026, 1, 1))
    head = enrolment.household.head
    return stored(head, household=enrolment.household)


def _confirmed(finding, users):
    return finding_verify(
        actor=users["caseworker"],
        finding=finding,
        verdict="confirm",
        reason="入户核实属实",
        today=SEP1,
    )


def test_a_false_alarm_needs_its_reason(finding, users):
    with pytest.raises(NoteRequired):
        finding_verify(
            actor=users["township"], finding=finding, verdict="dismiss", reason=" ", today=SEP1
        )
    finding_verify(
        actor=users["township"],
        finding=finding,
        verdict="dismiss",
        reason="死亡当月按政策照发",
        today=SEP1,
    )
    finding.refresh_from_db()
    assert (finding.status, finding.verdict_reason) == ("false_alarm", "死亡当月按政策照发")


def test_confirming_sets_the_rectification_deadline(finding, users):
    _confirmed(finding, users)
    finding.refresh_from_db()
    # 20 working days after Tuesday 2026-09-01 (no holiday until 10-01): 2026-09-29
    assert (finding.status, finding.deadline) == ("confirmed", dt.date(2026, 9, 29))


def test_only_the_county_bureau_rectifies(finding, users):
    _confirmed(finding, users)
    with pytest.raises(ActionNotPermitted):
        finding_rectify(
            actor=users["township"], finding=finding, kind="correct", note="纠正", today=SEP1
        )
    with pytest.raises(WorkflowError, match="管辖区域"):
        finding_rectify(
            actor=users["county_b"], finding=finding, kind="correct", note="纠正", today=SEP1
        )


def test_recovery_must_be_repaid_before_closing(finding, users):
    county = users["county"]
    _confirmed(finding, users)
    with pytest.raises(ValidationError) as refused:
        finding_rectify(
            actor=county,
            finding=finding,
            kind="recover",
            note="追回",
            amount=Decimal("9999"),
            today=SEP1,
        )
    assert "amount" in refused.value.error_dict  # above the 2130.00 at risk
    finding_rectify(
        actor=county,
        finding=finding,
        kind="recover",
        note="追回死亡后多发",
        amount=Decimal("2130.00"),
        today=SEP1,
    )
    finding.refresh_from_db()
    order = RecoveryOrder.objects.get()
    assert finding.status == "rectifying" and finding.recovery == order
    assert (order.amount, order.months, order.area_id) == (
        Decimal("2130.00"),
        ["2026-07", "2026-08", "2026-09"],
        AREAS["county_a"],
    )
    with pytest.raises(WorkflowError, match="追回单尚未追回完毕") as early:
        finding_close(actor=county, finding=finding, evidence="已追回", today=SEP1)
    assert early.value.field == "note"
    recovery_repay(actor=county, order=order, amount=Decimal("2130.00"))
    finding_close(
        actor=county,
        finding=finding,
        evidence="退还凭证已存档",
        file_ref="凭证2026-118",
        today=SEP1,
    )
    finding.refresh_from_db()
    assert (finding.status, finding.closing_file) == ("closed", "凭证2026-118")
    assert finding.recovered == Decimal("2130.00")


def test_a_written_off_recovery_also_closes(finding, users):
    county = users["county"]
    _confirmed(finding, users)
    finding_rectify(
        actor=county,
        finding=finding,
        kind="recover",
        note="追回",
        amount=Decimal("100"),
        today=SEP1,
    )
    recovery_write_off(
        actor=county, order=RecoveryOrder.objects.get(), reason="当事人无力偿还，经集体研究核销"
    )
    finding_close(actor=county, finding=finding, evidence="核销决定已存档", today=SEP1)
    finding.refresh_from_db()
    assert finding.status == "closed"


def test_stopping_goes_through_payments_stop_service(finding, users):
    _confirmed(finding, users)
    finding_rectify(actor=users["county"], finding=finding, kind="stop", note="停发", today=SEP1)
    stop = PaymentStop.objects.get()
    finding.refresh_from_db()
    assert finding.stop == stop and stop.cause == StopCause.TERMINATION
    assert stop.enrolment.household_id == finding.household_id
    # dibao stops the month after the event (payments.stop.months_after example: 1)
    assert stop.from_month == dt.date(2026, 10, 1)


def test_closing_without_any_rectification_is_refused(finding, users):
    _confirmed(finding, users)
    with pytest.raises(WorkflowError, match="不能执行"):
        finding_close(actor=users["county"], finding=finding, evidence="已整改", today=SEP1)
