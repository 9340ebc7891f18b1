"""Establishment, change and deregistration of organisations as licensing items (D10.6,
D15): taken on the organisations pages, run by the licensing engine with its clocks in
days (60, D10.6), and written into the register by the grant. Dates counted by hand on
the 2026 calendar of D11.2 (the counts: tests/licensing/test_calendar_days.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry, ConfigValue, TransitionLog
from minzheng.licensing import services as licensing
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.models import LicenceApplication
from minzheng.organisations.models import EventKind, Organisation, RegistrationApplication
from minzheng.organisations.services.applications import RegistrationIntake, registration_apply
from tests.factories import AREAS, make_user
from tests.licensing.conftest import head as make_head
from tests.licensing.conftest import write_limits
from tests.organisations.factories import credit_code, make_org, org_data

pytestmark = pytest.mark.django_db
D = dt.date
ESTABLISHMENT_MATERIALS = (
    "application",
    "sponsor_approval",
    "charter",
    "capital",
    "premises",
    "leaders",
    "members",
)
REGISTRATION = {
    "organisations.registration.days": "60",  # D10.6
    "organisations.registration.promised_days": "30",
    "organisations.registration.extension_days": "0",  # the regulations give none
    "organisations.registration.change_filing_days": "30",  # D10.6
}


SINCE = D(2020, 1, 1)
RECEIVED = D(2026, 8, 4)


def _set(key: str, value: str, on: dt.date = SINCE) -> None:
    ConfigValue.objects.create(key=key, area=None, effective_from=on, value=value, basis="测试")


@pytest.fixture
def limits(areas):
    write_limits()
    for key, value in REGISTRATION.items():
        _set(key, value)


def _proposal(**over: object) -> dict[str, object]:
    data = org_data(**over)
    data.pop("registered_on")
    return data


def _apply(user, kind="establishment", *, on=RECEIVED, org=None, **extra):
    intake = RegistrationIntake(
        kind=kind,
        authority=AREAS["county_a"],
        contact_phone="0516-83001234",
        materials=extra.pop("materials", ESTABLISHMENT_MATERIALS),
        received_on=on,
        proposed=extra.pop("proposed", {} if kind == "deregistration" else _proposal()),
        organisation=org,
        **extra,
    )
    return registration_apply(actor=user, intake=intake, today=on)


def _fresh(a: LicenceApplication) -> LicenceApplication:
    return LicenceApplication.objects.get(pk=a.pk)


def _accept_and_grant(user, licence: LicenceApplication, granted_on: dt.date) -> None:
    licensing.application_accept(actor=user, application=licence, materials=[], today=RECEIVED)
    licensing.decision_make(
        actor=user, application=_fresh(licence), outcome="granted", reason="", today=granted_on
    )


def test_establishment_in_sixty_days_with_an_expert_review_then_registered(users, limits):
    county = users["county"]
    request = _apply(county, proposed=_proposal(name="徐州市养老服务业协会"))
    licence = request.licence
    assert (licence.item_code, licence.status) == ("org_establishment", "received")
    licence = licensing.application_accept(
        actor=county, application=licence, materials=[], today=D(2026, 8, 4)
    )
    assert (licence.statutory_limit, licence.promised_limit, licence.limit_unit) == (
        60,
        30,
        "calendar_days",
    )
    # Statutory: Sat 3 Oct (National Day) -> Thu 8 Oct; promised: 4 Aug + 30 = Thu 3 Sep.
    assert clocks_of(licence, D(2026, 8, 4)).due_dates() == (D(2026, 10, 8), D(2026, 9, 3))

    licensing.clock_pause(
        actor=county,
        application=_fresh(licence),
        stage="expert_review",
        notice_number="鼓民社〔2026〕12号",
        note="组织专家评审章程",
        today=D(2026, 8, 14),
    )
    licensing.clock_resume(actor=county, application=_fresh(licence), today=D(2026, 8, 24))
    # (14, 24 Aug] = 10 days: 3 Oct + 10 = Tue 13 Oct; 3 Sep + 10 = Sun 13 Sep -> Mon 14 Sep.
    assert clocks_of(_fresh(licence), D(2026, 8, 24)).due_dates() == (
        D(2026, 10, 13),
        D(2026, 9, 14),
    )
    with pytest.raises(ValidationError, match="依法不得延长"):  # extension_days = 0
        licensing.extension_request(
            actor=county, application=_fresh(licence), reason="材料复杂", today=D(2026, 9, 1)
        )

    done = licensing.decision_make(
        actor=county,
        application=_fresh(licence),
        outcome="granted",
        reason="",
        today=D(2026, 10, 12),
    )
    assert (done.within_statutory, done.within_promised) == (True, False)
    org = Organisation.objects.get(name="徐州市养老服务业协会")
    assert (org.status, org.registered_on, org.area_id) == (
        "registered",
        D(2026, 10, 12),
        AREAS["community_a1"],
    )
    event = org.events.get()
    assert (event.kind, event.on) == (EventKind.REGISTERED, D(2026, 10, 12))
    assert event.decision == f"准予成立登记（许可申请{licence.number}）"
    assert RegistrationApplication.objects.get(pk=request.pk).organisation == org
    assert AuditEntry.objects.filter(
        summary__startswith="社会组织成立登记：徐州市养老服务业协会"
    ).exists()
    assert AuditEntry.objects.filter(summary__startswith="社会组织成立登记申请收件").exists()


def test_a_grant_by_staff_without_the_registrar_post_is_refused_and_undone(users, limits):
    county = users["county"]
    outsider = make_user("wu_county", "county_approver", AREAS["county_a"])  # no post
    licence = _apply(county).licence
    licensing.application_accept(
        actor=county, application=licence, materials=[], today=D(2026, 8, 4)
    )
    with pytest.raises(ValidationError, match="社会组织登记管理员"):
        licensing.decision_make(
            actor=outsider,
            application=_fresh(licence),
            outcome="granted",
            reason="",
            today=D(2026, 8, 10),
        )
    assert _fresh(licence).status == "accepted"
    assert not Organisation.objects.exists()


def test_a_name_taken_meanwhile_refuses_the_grant(users, limits):
    county = users["county"]
    licence = _apply(county, proposed=_proposal(name="徐州市青年创业协会")).licence
    licensing.application_accept(
        actor=county, application=licence, materials=[], today=D(2026, 8, 4)
    )
    make_org(county, D(2024, 3, 1), name="徐州市青年创业协会")
    with pytest.raises(ValidationError, match="拟登记事项未通过核对：该名称已被登记"):
        licensing.decision_make(
            actor=county,
            application=_fresh(licence),
            outcome="granted",
            reason="",
            today=D(2026, 8, 10),
        )
    assert _fresh(licence).status == "accepted"


def test_a_refused_establishment_registers_nothing(users, limits):
    county = users["county"]
    licence = _apply(county).licence
    licensing.application_accept(
        actor=county, application=licence, materials=[], today=D(2026, 8, 4)
    )
    licensing.decision_make(
        actor=county,
        application=_fresh(licence),
        outcome="refused",
        reason="名称不符合规定",
        today=D(2026, 8, 10),
    )
    assert not Organisation.objects.exists()


def test_a_change_filed_late_is_flagged_and_its_grant_changes_the_register(users, limits):
    county = users["county"]
    org = make_org(county, D(2024, 3, 1))
    proposed = {**_proposal(), "name": org.name, "credit_code": org.credit_code}
    proposed["address"] = "鼓楼区新址路8号"
    # Sponsor approval 1 Jul, received 4 Aug: 34 days > 30 (D10.6) -> flagged, not refused.
    request = _apply(
        county,
        "change",
        org=org,
        proposed=proposed,
        materials=("application", "sponsor_approval", "resolution", "proof", "certificate"),
        sponsor_approved_on=D(2026, 7, 1),
    )
    assert request.filed_late is True
    assert request.licence.item_code == "org_change"
    _accept_and_grant(county, request.licence, D(2026, 8, 20))
    org.refresh_from_db()
    assert org.address == "鼓楼区新址路8号"
    change = org.events.get(kind=EventKind.CHANGED)
    assert (change.on, change.note) == (D(2026, 8, 20), "住所")


def test_a_change_within_thirty_days_is_not_flagged(users, limits):
    county = users["county"]
    org = make_org(county, D(2024, 3, 1))
    proposed = {**_proposal(), "name": org.name, "credit_code": org.credit_code}
    # 5 Jul -> 4 Aug is 30 days: within.
    request = _apply(
        county,
        "change",
        org=org,
        proposed=proposed,
        materials=("application",),
        sponsor_approved_on=D(2026, 7, 5),
    )
    assert request.filed_late is False


def test_a_granted_deregistration_ends_the_organisation(users, limits):
    county = users["county"]
    org = make_org(county, D(2024, 3, 1))
    request = _apply(
        county,
        "deregistration",
        org=org,
        materials=("application", "sponsor_approval", "liquidation", "certificate"),
        reason="会员大会决议解散，清算完毕",
    )
    _accept_and_grant(county, request.licence, D(2026, 8, 18))
    org.refresh_from_db()
    assert org.status == "deregistered"
    event = org.events.get(kind=EventKind.DEREGISTERED)
    assert (event.on, event.note) == (D(2026, 8, 18), "会员大会决议解散，清算完毕")
    assert TransitionLog.objects.filter(object_id=str(org.pk), action="deregister").exists()
    with pytest.raises(ValidationError, match="只有正常或停止活动"):  # ended: no new application
        _apply(county, "deregistration", org=org, reason="再次注销")


def test_an_extension_in_days_when_the_bureau_allows_one(users, limits):
    county, approver = users["county"], make_head(users["county_2"])
    _set("organisations.registration.extension_days", "15", D(2026, 1, 1))
    licence = _apply(county).licence
    licensing.application_accept(
        actor=county, application=licence, materials=[], today=D(2026, 8, 4)
    )
    licensing.extension_request(
        actor=county, application=_fresh(licence), reason="需实地核查", today=D(2026, 9, 1)
    )
    licensing.extension_approve(actor=approver, application=_fresh(licence), today=D(2026, 9, 2))
    # 60 + 15 = 75 days: Sat 3 Oct + 15 = Sun 18 Oct -> Mon 19 Oct.
    assert clocks_of(_fresh(licence), D(2026, 9, 2)).statutory.due == D(2026, 10, 19)


def test_intake_refusals_name_the_field(users, limits):
    county = users["county"]
    with pytest.raises(ValidationError) as bad:
        _apply(county, proposed=_proposal(credit_code="51320302MJ0000001X"))
    assert "credit_code" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        _apply(county, "deregistration", org=make_org(county, D(2024, 3, 1)), reason="")
    assert bad.value.message_dict == {"reason": ["请填写注销的理由"]}
    with pytest.raises(PermissionDenied):
        _apply(users["caseworker"])
    code = credit_code("association", 777)
    _apply(county, proposed=_proposal(credit_code=code))
    with pytest.raises(ValidationError, match="已有办理中的成立登记申请"):
        _apply(county, proposed=_proposal(credit_code=code))


def test_the_generic_intake_page_sends_organisation_items_to_their_own(client, users, limits):
    client.force_login(users["county"])
    response = client.get("/licensing/applications/new/?item=org_establishment")
    assert (response.status_code, response["Location"]) == (302, "/organisations/applications/")
