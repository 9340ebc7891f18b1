"""D15.1: an extension is approved (or refused) by the head of the licensing authority
— the duty licensing_head, held by county or city staff — never by a role alone, and
never by the one who asked. Both ways, from tests/bureau_rules.py LICENSING_HEAD."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.duties import all_duties, duty_grant
from minzheng.core.roles import Role
from minzheng.core.workflow import ActionNotPermitted
from minzheng.core.workflow.engine import transition
from minzheng.licensing import services
from minzheng.licensing.models import LicenceApplication
from tests.bureau_rules import LICENSING_HEAD
from tests.factories import AREAS, make_user
from tests.licensing.conftest import accepted

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_duty_is_declared_as_the_rules_say():
    duty = all_duties()[LICENSING_HEAD["duty"]]
    assert set(duty.roles) == set(LICENSING_HEAD["holders"])
    assert duty.rule == "D15.1"


@pytest.mark.parametrize("role", list(Role))
def test_who_may_hold_the_duty(areas, role):
    home = {"caseworker": "community_a1", "township_reviewer": "township_a"}
    user = make_user(f"u_{role}", role, AREAS[home.get(role, "county_a")])
    if role in LICENSING_HEAD["holders"]:
        duty_grant(actor=None, user=user, code="licensing_head")
        assert user.has_duty("licensing_head")
    else:
        with pytest.raises(ValidationError):
            duty_grant(actor=None, user=user, code="licensing_head")


def _asked(users) -> LicenceApplication:
    a = accepted(users["county"], D(2026, 9, 22))
    services.extension_request(
        actor=users["county"], application=a, reason="需专家论证", today=D(2026, 10, 9)
    )
    return LicenceApplication.objects.get(pk=a.pk)


@pytest.mark.parametrize("action", sorted(LICENSING_HEAD["actions"]))
def test_only_the_head_acts_on_an_extension(users, limits, action):
    a = _asked(users)
    with pytest.raises(ActionNotPermitted):  # a county approver without the duty
        transition(a, action, users["county_2"], note="同意", today=D(2026, 10, 9))
    duty_grant(actor=None, user=users["county_2"], code="licensing_head")
    transition(a, action, users["county_2"], note="同意", today=D(2026, 10, 9))
    assert LicenceApplication.objects.get(pk=a.pk).status == "accepted"


def test_the_head_who_asked_may_not_approve(users, limits):
    duty_grant(actor=None, user=users["county"], code="licensing_head")
    a = _asked(users)
    with pytest.raises(Exception, match="申请延期以外的负责人"):
        services.extension_approve(actor=users["county"], application=a, today=D(2026, 10, 9))
