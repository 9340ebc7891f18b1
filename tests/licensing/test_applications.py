"""An application through every step by the services (D15), on the 2026 calendar:
intake, the one-time correction notice within 5 working days or deemed acceptance
(D15.2), the clocks with a hearing and an extension (D15.1), decision and delivery.
Expected dates counted by hand (the counts are in tests/licensing/test_clocks.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.core.models import AuditEntry, ConfigValue, TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.licensing import services
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.models import CorrectionNotice, LicenceApplication
from minzheng.licensing.tasks import daily_deemed_acceptance
from tests.licensing.conftest import accepted, receive
from tests.licensing.conftest import head as make_head

pytestmark = pytest.mark.django_db
D = dt.date


def _fresh(a: LicenceApplication) -> LicenceApplication:
    return LicenceApplication.objects.get(pk=a.pk)


def test_national_day_with_a_hearing_and_an_extension(users, limits):
    county, head = users["county"], make_head(users["county_2"])
    a = accepted(county, D(2026, 9, 22))
    assert (a.statutory_limit, a.promised_limit) == (20, 10)
    assert clocks_of(a, D(2026, 9, 22)).due_dates() == (D(2026, 10, 27), D(2026, 10, 13))

    services.clock_pause(
        actor=county,
        application=a,
        stage="hearing",
        notice_number="鼓民许听〔2026〕3号",
        note="依申请举行听证",
        today=D(2026, 9, 30),
    )
    paused = clocks_of(_fresh(a), D(2026, 10, 9))
    assert paused.due_dates() == (None, None)
    assert (paused.promised.used, paused.promised.remaining) == (5, 5)  # 23,24,28,29,30 Sep

    services.clock_resume(actor=county, application=_fresh(a), today=D(2026, 10, 12))
    # (30 Sep, 12 Oct] holds 4 working days: 8, 9, Sat 10 (make-up), 12.
    assert clocks_of(_fresh(a), D(2026, 10, 12)).due_dates() == (D(2026, 11, 2), D(2026, 10, 19))

    services.extension_request(
        actor=county, application=_fresh(a), reason="需征求规划部门意见", today=D(2026, 10, 27)
    )
    with pytest.raises(WorkflowError, match="无权执行“批准延长期限”"):  # not the head
        services.extension_approve(actor=county, application=_fresh(a), today=D(2026, 10, 28))
    services.extension_approve(actor=head, application=_fresh(a), today=D(2026, 10, 28))
    # Statutory 2 Nov + 10: 3,4,5,6,9,10,11,12,13,16 -> 16 Nov; promised not extended
    # (licensing.extension.extends_promised = false).
    assert clocks_of(_fresh(a), D(2026, 10, 28)).due_dates() == (D(2026, 11, 16), D(2026, 10, 19))

    done = services.decision_make(
        actor=county, application=_fresh(a), outcome="granted", reason="", today=D(2026, 11, 13)
    )
    assert (done.within_statutory, done.within_promised) == (True, False)
    # Delivery within 10 working days of Fri 13 Nov: 16..20 = 5, 23..27 = 10 -> 27 Nov.
    assert done.delivery_due == D(2026, 11, 27)
    services.licence_deliver(actor=county, application=_fresh(a), today=D(2026, 11, 20))
    final = _fresh(a)
    assert (final.status, final.delivered_on) == ("delivered", D(2026, 11, 20))
    actions = list(
        TransitionLog.objects.filter(object_id=str(a.pk)).values_list("action", flat=True)
    )
    assert actions == [
        "accept",
        "pause",
        "resume",
        "request_extension",
        "approve_extension",
        "grant",
        "deliver",
    ]
    assert AuditEntry.objects.filter(object_type="licensing.clockpause").count() == 2


def test_extends_promised_setting_moves_the_promised_clock_too(users, limits):
    ConfigValue.objects.create(
        key="licensing.extension.extends_promised",
        value="true",
        effective_from=D(2026, 1, 1),
        basis="测试",
    )
    a = accepted(users["county"], D(2026, 9, 22))
    services.extension_request(
        actor=users["county"], application=a, reason="复杂", today=D(2026, 10, 9)
    )
    services.extension_approve(
        actor=make_head(users["county_2"]), application=_fresh(a), today=D(2026, 10, 9)
    )
    # Promised 10 + 10 = 20 from 22 Sep = the statutory date without extension: 27 Oct.
    assert clocks_of(_fresh(a), D(2026, 10, 9)).due_dates() == (D(2026, 11, 10), D(2026, 10, 27))


def test_a_new_limit_never_moves_a_running_clock(users, limits):
    a = accepted(users["county"], D(2026, 9, 22))
    ConfigValue.objects.create(
        key="licensing.promised.working_days",
        value="8",
        effective_from=D(2026, 10, 1),
        basis="新承诺",
    )
    assert clocks_of(_fresh(a), D(2026, 10, 2)).due_dates()[1] == D(2026, 10, 13)
    b = accepted(users["county"], D(2026, 10, 12))  # limits in force on acceptance day
    # From Mon 12 Oct, 8 days: 13, 14, 15, 16, 19, 20, 21, 22 -> Thu 22 Oct.
    assert (b.promised_limit, clocks_of(b, D(2026, 10, 12)).due_dates()[1]) == (8, D(2026, 10, 22))


def test_incomplete_materials_cannot_be_accepted(users, limits):
    a = receive(users["county"], D(2026, 2, 11), materials=("filing_form",))
    with pytest.raises(WorkflowError, match="材料不全，缺：法人登记证书"):
        services.application_accept(
            actor=users["county"], application=a, materials=[], today=D(2026, 2, 11)
        )


def test_the_correction_notice_is_one_time_and_within_five_working_days(users, limits):
    county = users["county"]
    # Received Wed 11 Feb: 12=1, 13=2, Sat 14 (make-up)=3, (15-23 off), 24=4, 25=5.
    a = receive(county, D(2026, 2, 11), materials=("filing_form",))
    late = receive(county, D(2026, 2, 11), materials=("filing_form",))
    with pytest.raises(WorkflowError, match="已超过2026年02月25日"):
        services.correction_request(
            actor=county, application=late, missing=["pledge"], today=D(2026, 2, 26)
        )
    notice = services.correction_request(
        actor=county,
        application=a,
        missing=["legal_person", "premises", "fire_safety", "pledge"],
        note="法人证书须加盖公章",
        today=D(2026, 2, 25),
    )
    assert notice.missing == ["legal_person", "premises", "fire_safety", "pledge"]
    with pytest.raises(WorkflowError):
        services.correction_request(
            actor=county, application=_fresh(a), missing=["pledge"], today=D(2026, 2, 25)
        )
    # Supplied in full on Mon 2 Mar: accepted that day, clocks start then.
    done = services.application_accept(
        actor=county,
        application=_fresh(a),
        materials=["legal_person", "premises", "fire_safety", "pledge"],
        today=D(2026, 3, 2),
    )
    assert (done.accepted_on, done.deemed_accepted) == (D(2026, 3, 2), False)
    assert CorrectionNotice.objects.get(application=a).supplied_on == D(2026, 3, 2)


def test_deemed_acceptance_by_the_daily_job(users, limits):
    county = users["county"]
    a = receive(county, D(2026, 2, 11), materials=("filing_form",))
    told = receive(county, D(2026, 2, 11), materials=("filing_form",))
    services.correction_request(
        actor=county, application=told, missing=["pledge"], today=D(2026, 2, 12)
    )
    assert services.deemed_acceptance_run(today=D(2026, 2, 25)) == 0  # the 5th day: not yet
    assert services.deemed_acceptance_run(today=D(2026, 2, 26)) == 1
    deemed = _fresh(a)
    # Accepted as of the day received (art. 32): promised from 11 Feb -> 3 Mar,
    # statutory -> 17 Mar (counted in test_clocks.py).
    assert (deemed.status, deemed.accepted_on, deemed.deemed_accepted) == (
        "accepted",
        D(2026, 2, 11),
        True,
    )
    assert clocks_of(deemed, D(2026, 2, 26)).due_dates() == (D(2026, 3, 17), D(2026, 3, 3))
    log = TransitionLog.objects.get(object_id=str(a.pk), action="deem_accept")
    assert log.actor == county and "视为受理" in log.note
    assert _fresh(told).status == "correction"  # told in time: not deemed
    assert services.deemed_acceptance_run(today=D(2026, 2, 27)) == 0  # nothing twice


def test_an_extension_is_refused_after_the_statutory_limit(users, limits):
    a = accepted(users["county"], D(2026, 9, 22))  # statutory due 27 Oct
    with pytest.raises(ValidationError, match="法定期限已届满"):
        services.extension_request(
            actor=users["county"], application=a, reason="晚了", today=D(2026, 10, 28)
        )


def test_intake_checks_the_authority_level_and_the_checklist(users, limits):
    with pytest.raises(ValidationError) as refused:
        receive(users["city"], D(2026, 3, 2), county="320300", materials=("filing_form", "bogus"))
    assert "materials" in refused.value.message_dict
    cemetery = services.Intake(
        item_code="public_cemetery",
        authority=users["city"].area,
        applicant_kind="organisation",
        applicant_name="某村委会",
        applicant_code="54320302MA1XYW0037",
        contact_phone="051683001234",
        subject="公墓",
        materials=(),
        received_on=D(2026, 3, 2),
    )
    with pytest.raises(ValidationError) as wrong_level:
        services.application_receive(actor=users["city"], intake=cemetery, today=D(2026, 3, 2))
    assert wrong_level.value.message_dict["authority"] == [
        "“公益性公墓建设审批”由县（区）级民政部门办理"
    ]


def test_the_daily_task_runs_the_deemed_acceptance(users, limits, monkeypatch):
    receive(users["county"], D(2026, 2, 11), materials=("filing_form",))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 2, 26))
    assert daily_deemed_acceptance.call_local() == 1
