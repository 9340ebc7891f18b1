"""Every transition of the hotline loop (D8.3) and the records of D8.2 and D8.4,
driven through the services, with the refusals the rules require."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.core.models import Area, AuditEntry, Person, TransitionLog
from minzheng.core.workflow import ActionNotPermitted, NoteRequired, WorkflowError
from minzheng.hotline import funeral, selectors, services
from minzheng.hotline.models import Call, DeathOffer, Event, EventKind, FuneralHome, Ticket
from tests.factories import AREAS
from tests.hotline.conftest import at, intake

pytestmark = pytest.mark.django_db

COUNTY = AREAS["county_a"]
TOWNSHIP = AREAS["township_a"]


def unit(code: str) -> Area:
    return Area.objects.get(code=code)


def walk_to(desk, ticket: Ticket, state: str) -> Ticket:
    """The loop in order, as far as `state`."""
    steps = [
        (
            "dispatched",
            lambda: services.act(ticket, "dispatch", desk.operator, unit=unit(TOWNSHIP)),
        ),
        ("handling", lambda: services.act(ticket, "handle", desk.township)),
        (
            "replied",
            lambda: services.act(ticket, "reply", desk.township, note="已上门核实，已安置"),
        ),
        ("closed", lambda: services.act(ticket, "close", desk.operator)),
        (
            "returned",
            lambda: services.act(ticket, "return_call", desk.operator, note="来电人认可"),
        ),
        ("rated", lambda: services.act(ticket, "rate", desk.operator, satisfaction="satisfied")),
    ]
    for target, step in steps:
        if ticket.status == state:
            break
        step()
        assert ticket.status == target
    return ticket


def test_intake_accepts_and_the_whole_loop_runs(desk):
    ticket = intake(desk)
    assert (ticket.status, ticket.number) == ("accepted", "2026092810001")
    assert intake(desk).number == "2026092810002"
    walk_to(desk, ticket, "rated")
    ticket.refresh_from_db()
    assert ticket.unit_id == TOWNSHIP and ticket.reply == "已上门核实，已安置"
    assert ticket.satisfaction == "satisfied" and ticket.closed_at is not None
    actions = [r["what"] for r in selectors.timeline(ticket)]
    assert actions == ["来电", "受理", "派单", "签收办理", "回复办理结果", "办结", "回访", "评价"]
    logs = TransitionLog.objects.filter(workflow="hotline_ticket", object_id=str(ticket.pk))
    assert logs.count() == 7
    assert AuditEntry.objects.filter(summary__contains=ticket.number).exists()


def test_intake_refuses_a_category_the_line_does_not_take(desk):
    with pytest.raises(ValidationError) as e:
        intake(desk, line="funeral", category="child_help")
    assert "category" in e.value.error_dict


def test_only_an_operator_takes_calls(desk):
    desk.operator = desk.county
    with pytest.raises(PermissionDenied):
        intake(desk)


def test_sensitive_and_emergency_come_from_the_settings(desk):
    assert intake(desk, category="child_neglect").sensitive is True
    plain = intake(desk, category="child_consult")
    assert (plain.sensitive, plain.emergency) == (False, False)
    assert intake(desk, category="child_emergency").emergency is True


def test_dispatch_only_to_the_location_s_county_or_township(desk):
    ticket = intake(desk)
    with pytest.raises(WorkflowError) as e:
        services.act(ticket, "dispatch", desk.operator, unit=unit(AREAS["county_b"]))
    assert e.value.field == "unit"
    with pytest.raises(WorkflowError):
        services.act(ticket, "dispatch", desk.operator, unit=unit(AREAS["community_a1"]))
    services.act(ticket, "dispatch", desk.operator, unit=unit(COUNTY))
    assert ticket.status == "dispatched"


def test_the_unit_handles_not_another(desk):
    ticket = intake(desk)
    services.act(ticket, "dispatch", desk.operator, unit=unit(TOWNSHIP))
    with pytest.raises(WorkflowError):
        services.act(ticket, "handle", desk.operator)  # the centre does not handle
    with pytest.raises(WorkflowError):
        services.act(ticket, "handle", desk.county)  # the county is not the unit
    services.act(ticket, "handle", desk.caseworker)  # a community of the township
    assert ticket.status == "handling"


def test_reassign_needs_a_reason_and_another_unit(desk):
    ticket = intake(desk)
    services.act(ticket, "dispatch", desk.operator, unit=unit(TOWNSHIP))
    with pytest.raises(NoteRequired):
        services.act(ticket, "reassign", desk.operator, unit=unit(COUNTY))
    with pytest.raises(WorkflowError):
        services.act(ticket, "reassign", desk.operator, note="换", unit=unit(TOWNSHIP))
    services.act(
        ticket, "reassign", desk.operator, note="涉及多个街道，改由区里办理", unit=unit(COUNTY)
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.unit_id) == ("dispatched", COUNTY)
    assert "涉及多个街道" in [r["text"] for r in selectors.timeline(ticket)][-1]


def test_supervision_sends_a_reply_back(desk):
    ticket = walk_to(desk, intake(desk), "replied")
    services.supervise(actor=desk.county, ticket=ticket, note="请补充安置情况")
    with pytest.raises(NoteRequired):
        services.act(ticket, "send_back", desk.operator)
    services.act(ticket, "send_back", desk.operator, note="答复不完整")
    assert ticket.status == "handling"
    with pytest.raises(ActionNotPermitted):
        services.supervise(actor=desk.caseworker, ticket=ticket, note="x")


def test_return_call_and_rating(desk):
    ticket = walk_to(desk, intake(desk), "closed")
    assert ticket.deadline is not None  # the return call's working day
    with pytest.raises(NoteRequired):
        services.act(ticket, "return_call", desk.operator)
    services.act(ticket, "return_call", desk.operator, note="已回访")
    with pytest.raises(WorkflowError) as e:
        services.act(ticket, "rate", desk.operator, satisfaction="great")
    assert e.value.field == "satisfaction"
    services.act(ticket, "rate", desk.operator, satisfaction="basic")
    assert ticket.status == "rated"


def test_merge_keeps_both_calls(desk):
    first = intake(desk)
    second = intake(desk, received_at=at(2026, 9, 28, 11))
    with pytest.raises(WorkflowError):
        services.act(second, "merge", desk.operator, note="同一事项", into=second)
    services.act(second, "merge", desk.operator, note="同一事项", into=first)
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == ("merged", first.pk)
    assert Call.objects.filter(ticket=first).count() == 2
    assert {c.first_ticket for c in first.calls.all()} == {first.number, second.number}
    assert Event.objects.filter(ticket=first, kind=EventKind.MERGE).exists()
    assert Event.objects.filter(ticket=second, kind=EventKind.MERGE).exists()


def test_an_emergency_escalates_before_dispatch_and_closes_after_police(desk):
    ticket = intake(desk, category="child_emergency", with_child=True)
    with pytest.raises(WorkflowError):
        services.act(ticket, "dispatch", desk.operator, unit=unit(COUNTY))
    with pytest.raises(ValidationError):  # no duty: not a duty officer
        services.escalate_emergency(actor=desk.operator, ticket=ticket, duty_officer=desk.county)
    row = services.escalate_emergency(
        actor=desk.operator, ticket=ticket, duty_officer=desk.officer
    )
    assert row.act_by == ticket.due_at == at(2026, 9, 28, 11)  # 2 hours from 09:00
    services.act(ticket, "dispatch", desk.operator, unit=unit(COUNTY))
    services.act(ticket, "handle", desk.officer)
    services.act(ticket, "reply", desk.officer, note="民警与社工已到场，儿童已临时安置")
    with pytest.raises(WorkflowError):
        services.act(ticket, "close", desk.operator)
    services.refer_to_police(
        actor=desk.officer, ticket=ticket, police_unit="110指挥中心", reference="J2026"
    )
    services.act(ticket, "close", desk.operator)
    assert ticket.status == "closed"


def test_a_mandatory_report_is_closed_only_after_feedback(desk):
    ticket = intake(desk, category="child_neglect", institution="黄楼小学")
    # 5 working days from Mon 28 Sep: 29, 30 Sep, 8, 9, Sat 10 Oct (make-up)
    assert ticket.report.feedback_due == dt.date(2026, 10, 10)
    walk_officer = ticket
    services.act(walk_officer, "dispatch", desk.operator, unit=unit(COUNTY))
    services.act(ticket, "handle", desk.officer)
    services.act(ticket, "reply", desk.officer, note="已联系监护人")
    with pytest.raises(WorkflowError):
        services.act(ticket, "close", desk.operator)
    with pytest.raises(ValidationError):
        services.report_feedback(actor=desk.operator, ticket=ticket, feedback="  ")
    services.report_feedback(actor=desk.operator, ticket=ticket, feedback="已告知报告人处理结果")
    services.act(ticket, "close", desk.operator)
    assert ticket.status == "closed"


def test_a_child_case_starts_an_assistance_application(desk):
    ticket = intake(desk, category="child_neglect", with_child=True)
    services.act(ticket, "dispatch", desk.operator, unit=unit(COUNTY))
    with pytest.raises(ValidationError):
        services.start_application(actor=desk.officer, ticket=ticket, programme="dibao")
    app = services.start_application(
        actor=desk.officer, ticket=ticket, programme="unsupported_child"
    )
    assert Application.objects.get(pk=app.pk).applicant_id == ticket.person_id
    assert app.programme == "unsupported_child"
    with pytest.raises(ActionNotPermitted):
        services.start_application(actor=desk.operator, ticket=ticket, programme="orphan")


@pytest.fixture
def home(desk):
    h = FuneralHome.objects.create(name="徐州市殡仪馆", area_id=AREAS["county_a"], phone="0516000")
    funeral.publish_fee_list(
        actor=desk.admin,
        home=h,
        effective_from=dt.date(2026, 1, 1),
        basis="2026年公布",
        items=[("遗体接运", "次", Decimal("300"), True), ("火化", "具", Decimal("400"), True)],
    )
    funeral.publish_fee_list(
        actor=desk.admin,
        home=h,
        effective_from=dt.date(2026, 10, 1),
        basis="2026年10月调整",
        items=[("遗体接运", "次", Decimal("320"), True)],
    )
    return h


def test_fee_enquiry_answered_against_the_list_in_force(desk, home):
    before = intake(desk, line="funeral", category="fee_enquiry", received_at=at(2026, 9, 30, 10))
    after = intake(desk, line="funeral", category="fee_enquiry", received_at=at(2026, 10, 2, 10))
    a = funeral.answer_fee_enquiry(actor=desk.operator, ticket=before, home=home)
    b = funeral.answer_fee_enquiry(actor=desk.operator, ticket=after, home=home)
    assert "第1版" in a.text and "遗体接运300.00元/次" in a.text and "火化400.00元/具" in a.text
    assert "第2版" in b.text and "遗体接运320.00元/次" in b.text
    with pytest.raises(PermissionDenied):
        funeral.publish_fee_list(
            actor=desk.operator,
            home=home,
            effective_from=dt.date(2027, 1, 1),
            basis="x",
            items=[("a", "b", Decimal(1), False)],
        )


def test_body_collection_due_in_hours(desk, home):
    ticket = intake(
        desk, line="funeral", category="body_collection", received_at=at(2026, 10, 1, 20)
    )
    row = funeral.dispatch_collection(actor=desk.operator, ticket=ticket, home=home)
    assert row.collect_by == at(2026, 10, 2, 8)
    with pytest.raises(ValidationError):
        funeral.record_collected(actor=desk.operator, ticket=ticket, at=at(2026, 1, 1))
    funeral.record_collected(actor=desk.operator, ticket=ticket, at=timezone.now())
    assert "超过时限" in Event.objects.filter(ticket=ticket).last().text


def test_a_death_is_offered_and_confirmed_by_a_person(desk):
    head = desk.household.head
    ticket = intake(desk, line="funeral", category="death_report")
    offer = funeral.offer_death(
        actor=desk.operator, ticket=ticket, person=head, death_date=dt.date(2026, 9, 27)
    )
    assert Person.objects.get(pk=head.pk).life_status == "alive"  # never by itself
    with pytest.raises(PermissionDenied):  # the operator does not edit the registry in the
        funeral.decide_death_offer(actor=desk.leader, offer=offer, confirm=True, note="")
    with pytest.raises(ValidationError):
        funeral.decide_death_offer(actor=desk.caseworker, offer=offer, confirm=False, note="")
    funeral.decide_death_offer(actor=desk.caseworker, offer=offer, confirm=True, note="经核实属实")
    person = Person.objects.get(pk=head.pk)
    assert (person.life_status, person.death_date) == ("deceased", dt.date(2026, 9, 27))
    assert DeathOffer.objects.get(pk=offer.pk).state == "confirmed"
    with pytest.raises(ValidationError):
        funeral.decide_death_offer(actor=desk.caseworker, offer=offer, confirm=True, note="")


def test_a_declined_death_leaves_the_registry_alone(desk):
    head = desk.household.head
    ticket = intake(desk, line="funeral", category="death_report")
    offer = funeral.offer_death(
        actor=desk.operator, ticket=ticket, person=head, death_date=dt.date(2026, 9, 27)
    )
    funeral.decide_death_offer(actor=desk.township, offer=offer, confirm=False, note="查无此事")
    assert Person.objects.get(pk=head.pk).life_status == "alive"
