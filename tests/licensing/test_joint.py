"""Joint handling (统一、联合、集中办理, D15.1: 行政许可法 art. 42 para. 2): 45 working
days, extendable by 15 with approval; not for items whose limit another law sets in
days (D10.6). Dates counted by hand on the 2026 calendar (D11.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.licensing import services
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.models import LicenceApplication
from tests.licensing.conftest import head, receive

pytestmark = pytest.mark.django_db
D = dt.date


def test_forty_five_working_days_then_fifteen_more(users, limits):
    county, approver = users["county"], head(users["county_2"])
    a = receive(county, D(2026, 9, 22), joint=True)
    a = services.application_accept(
        actor=county, application=a, materials=[], today=D(2026, 9, 22)
    )
    assert (a.joint, a.statutory_limit, a.promised_limit) == (True, 45, 10)
    # 20 working days end on Tue 27 Oct (test_clocks.py); then 28=21, 29=22, 30=23,
    # Nov 2-6 = 24-28, 9-13 = 29-33, 16-20 = 34-38, 23-27 = 39-43, 30 = 44, Tue 1 Dec = 45.
    assert clocks_of(a, D(2026, 9, 22)).statutory.due == D(2026, 12, 1)
    services.extension_request(
        actor=county, application=a, reason="需会同规划、消防部门联合踏勘", today=D(2026, 11, 20)
    )
    a = LicenceApplication.objects.get(pk=a.pk)
    services.extension_approve(actor=approver, application=a, today=D(2026, 11, 23))
    a = LicenceApplication.objects.get(pk=a.pk)
    # + 15: Dec 2, 3, 4 = 3; 7-11 = 8; 14-18 = 13; 21 = 14; Tue 22 Dec = 15.
    assert (a.extension_days, clocks_of(a, D(2026, 11, 23)).statutory.due) == (15, D(2026, 12, 22))


def test_not_for_an_item_counted_in_days(users, limits):
    from minzheng.core.models import ConfigValue

    ConfigValue.objects.create(
        key="organisations.registration.days",
        area=None,
        effective_from=D(2020, 1, 1),
        value="60",
        basis="测试",
    )
    with pytest.raises(ValidationError) as bad:
        receive(users["county"], D(2026, 9, 22), item_code="org_deregistration", joint=True)
    assert "joint" in bad.value.message_dict
