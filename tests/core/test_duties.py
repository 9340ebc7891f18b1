"""Duties (岗位, core.duties): declared by apps, granted and revoked by the city office
through one audited service, adding capabilities and workflow steps — never scope.

The test-only app `tests.workflowapp` declares one duty, 样例专办员 (`sample_clerk`),
held by community and township staff, granting `sample_stamp` and opening the
`sample_duty` workflow's 盖章 step (also open to the county approver by role).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from minzheng.core.duties import all_duties, check_duties, duty_grant, duty_revoke
from minzheng.core.models import AuditEntry, DutyGrant
from minzheng.core.roles import Duty, Role
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import allowed_actions, transition
from tests.core.matrix_base import _foreign_tree
from tests.factories import AREAS, make_areas, make_user
from tests.workflowapp.models import SampleDutyCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    make_areas()
    _foreign_tree()


@pytest.fixture
def office(areas):
    return make_user("office", Role.CITY_ADMIN, AREAS["city"])


def test_the_test_apps_duty_is_collected():
    duty = all_duties()["sample_clerk"]
    assert (duty.label, duty.capabilities) == ("样例专办员", frozenset({"sample_stamp"}))
    assert duty.roles == {Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}


def test_a_duty_adds_its_capability_and_revoking_takes_it_away(office):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    assert not clerk.can("sample_stamp")
    duty_grant(actor=office, user=clerk, code="sample_clerk", note="窗口专办")
    assert clerk.can("sample_stamp") and clerk.has_duty("sample_clerk")
    assert clerk.can("view_personal")  # the role's own capabilities stay
    duty_revoke(actor=office, user=clerk, code="sample_clerk", note="调岗")
    assert not clerk.can("sample_stamp")
    fresh = type(clerk).objects.get(pk=clerk.pk)
    assert not fresh.can("sample_stamp") and fresh.duty_codes == frozenset()
    kept = DutyGrant.objects.get(user=clerk)  # the revoked grant stays as history
    assert (kept.revoked_by, kept.note) == (office, "调岗")


def test_a_duty_does_not_lend_another_roles_capabilities(areas):
    leader = make_user("boss", Role.LEADER, AREAS["city"])
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"], duties=("sample_clerk",))
    assert not leader.can("sample_stamp")
    assert not clerk.can("manage_accounts") and not clerk.can("view_audit")


def test_duty_codes_cost_one_query(areas, django_assert_num_queries):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"], duties=("sample_clerk",))
    fresh = type(clerk).objects.get(pk=clerk.pk)
    with django_assert_num_queries(1):
        assert fresh.can("sample_stamp")
        assert fresh.can("sample_stamp") and fresh.has_duty("sample_clerk")


@pytest.mark.parametrize(
    ("code", "role", "message"),
    [
        ("no_such_duty", Role.CASEWORKER, "岗位“no_such_duty”不存在"),
        ("sample_clerk", Role.COUNTY_APPROVER, "县（区）审批人不能担任“样例专办员”岗位"),
        ("sample_clerk", Role.LEADER, "领导（只读看板）不能担任“样例专办员”岗位"),
    ],
)
def test_a_grant_is_refused_naming_the_duty(office, code, role, message):
    user = make_user("u", role, AREAS["county_a"])
    with pytest.raises(ValidationError) as exc:
        duty_grant(actor=office, user=user, code=code)
    assert exc.value.message_dict == {"duty": [message]}
    assert not DutyGrant.objects.exists()


def test_a_duty_is_held_once(office):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"], duties=("sample_clerk",))
    with pytest.raises(ValidationError, match="该用户已担任“样例专办员”岗位"):
        duty_grant(actor=office, user=clerk, code="sample_clerk")


def test_only_the_city_office_grants_and_only_in_its_area(office):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    county = make_user("county", Role.COUNTY_APPROVER, AREAS["county_a"])
    with pytest.raises(PermissionDenied):
        duty_grant(actor=county, user=clerk, code="sample_clerk")
    elsewhere = make_user("nanjing", Role.CASEWORKER, "320102001001")  # another city
    with pytest.raises(ValidationError) as exc:
        duty_grant(actor=office, user=elsewhere, code="sample_clerk")
    assert exc.value.message_dict == {"username": ["用户名不存在或不在您的管辖区域内"]}
    assert not DutyGrant.objects.exists()


def test_revoking_needs_a_reason_and_a_held_duty(office):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    with pytest.raises(ValidationError, match="该用户未担任“样例专办员”岗位"):
        duty_revoke(actor=office, user=clerk, code="sample_clerk", note="调岗")
    duty_grant(actor=office, user=clerk, code="sample_clerk")
    with pytest.raises(ValidationError, match="撤销岗位须填写理由"):
        duty_revoke(actor=office, user=clerk, code="sample_clerk", note="  ")
    assert clerk.can("sample_stamp")


def test_grant_and_revoke_are_audited(office):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    duty_grant(actor=office, user=clerk, code="sample_clerk")
    duty_revoke(actor=office, user=clerk, code="sample_clerk", note="调岗")
    entries = AuditEntry.objects.filter(object_type="core.dutygrant").order_by("seq")
    assert [(e.actor_username, e.summary, e.area_code) for e in entries] == [
        ("office", "授予 clerk 岗位“样例专办员”", AREAS["community_a1"]),
        ("office", "撤销 clerk 岗位“样例专办员”：调岗", AREAS["community_a1"]),
    ]


# --- the workflow engine: a step open to a duty ---------------------------------


def _case(area: str = AREAS["community_a1"]) -> SampleDutyCase:
    return SampleDutyCase.objects.create(title="x", area_id=area)


def test_a_duty_holder_performs_the_step_its_duty_opens(areas):
    clerk = make_user("clerk", Role.CASEWORKER, AREAS["community_a1"], duties=("sample_clerk",))
    case = _case()
    assert [t.action for t in allowed_actions(case, clerk)] == ["stamp"]
    transition(case, "stamp", clerk)
    assert SampleDutyCase.objects.get(pk=case.pk).status == "stamped"


def test_the_same_role_without_the_duty_is_refused(areas):
    plain = make_user("plain", Role.CASEWORKER, AREAS["community_a1"])
    case = _case()
    assert allowed_actions(case, plain) == []
    with pytest.raises(ActionNotPermitted):
        transition(case, "stamp", plain)


def test_a_duty_never_widens_scope(areas):
    clerk = make_user(
        "clerk", Role.TOWNSHIP_REVIEWER, AREAS["township_a"], duties=("sample_clerk",)
    )
    other_township = _case(AREAS["community_a3"])
    assert allowed_actions(other_township, clerk) == []
    with pytest.raises(WorkflowError, match="不在您的管辖区域内"):
        transition(other_township, "stamp", clerk)


def test_a_role_listed_beside_the_duty_still_acts_by_role(areas):
    county = make_user("county", Role.COUNTY_APPROVER, AREAS["county_a"])
    case = _case()
    transition(case, "stamp", county)
    assert SampleDutyCase.objects.get(pk=case.pk).status == "stamped"


# --- declarations ------------------------------------------------------------


def test_the_system_check_refuses_a_bad_declaration(monkeypatch):
    config = apps.get_app_config("workflowapp")
    bad = (
        Duty("county_approver", "", frozenset(), frozenset({"mayor"})),
        Duty("sample_clerk", "重复", frozenset({"x"}), frozenset({Role.CASEWORKER})),
    )
    monkeypatch.setattr(config, "duties", (*config.duties, *bad))
    messages = [m.msg for m in check_duties()]
    assert any("has a role's code" in m for m in messages)
    assert any("no Chinese label" in m for m in messages)
    assert any("roles must be among" in m for m in messages)
    assert any("grants no capability" in m for m in messages)
    assert any("'sample_clerk' is declared by workflowapp too" in m for m in messages)
    assert all(m.id == "minzheng.E002" for m in check_duties())


def test_the_declarations_in_this_build_are_clean():
    assert check_duties() == []


# --- the page and the command ---------------------------------------------------


def test_the_city_office_grants_and_revokes_on_the_page(office):
    make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    client = Client()
    client.force_login(office)
    page = client.get("/accounts/duties/")
    assert page.status_code == 200 and "样例专办员" in page.content.decode()
    refused = client.post("/accounts/duties/", {"username": "nobody", "duty": "sample_clerk"})
    assert refused.status_code == 422
    assert "用户名不存在或不在您的管辖区域内" in refused.content.decode()
    done = client.post("/accounts/duties/", {"username": "clerk", "duty": "sample_clerk"})
    assert done.status_code == 302
    listed = client.get("/accounts/duties/").content.decode()
    assert "已授予 clerk 岗位“样例专办员”" in listed and "clerk（clerk）" in listed
    grant = DutyGrant.objects.get()
    assert client.post(f"/accounts/duties/{grant.pk}/revoke/", {"note": "调岗"}).status_code == 302
    assert DutyGrant.objects.get().revoked_at is not None


def test_the_page_is_the_city_offices(areas):
    county = make_user("county", Role.COUNTY_APPROVER, AREAS["county_a"])
    client = Client()
    client.force_login(county)
    assert client.get("/accounts/duties/").status_code == 403


def test_the_command_grants_lists_and_revokes(areas, capsys):
    make_user("clerk", Role.TOWNSHIP_REVIEWER, AREAS["township_a"])
    call_command("duty", "grant", "clerk", "sample_clerk")
    call_command("duty", "list")
    call_command("duty", "revoke", "clerk", "sample_clerk", "--note", "调岗")
    out = capsys.readouterr().out
    assert "已授予 clerk 岗位“样例专办员”" in out
    assert "sample_clerk\t样例专办员\tclerk" in out
    assert "已撤销 clerk 岗位“样例专办员”" in out
