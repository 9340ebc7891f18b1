"""The organisations' demo seeder: with a fixed today (1 December 2026), the 2025
reports are due; the seeder is idempotent and does nothing without the demo users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from minzheng.organisations import demo
from minzheng.organisations.models import (
    Adoption,
    AnnualReport,
    BranchAssessment,
    CreditListing,
    FeeItem,
    FeeReduction,
    Organisation,
    RegistrationApplication,
)
from minzheng.screening.services.tracking import Placement, key_household_place
from tests.factories import AREAS, make_household, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(demo.timezone, "localdate", lambda: dt.date(2026, 12, 1))


def test_nothing_without_the_demo_users(areas, fixed_today):
    assert demo.seed_demo() == ""
    assert not Organisation.objects.exists()


def test_the_demo_registers_reports_and_lists(areas, fixed_today):
    county = make_user("county", "county_approver", AREAS["county_a"])
    household = make_household(size=2)  # one key household of the screening seeder's kind
    key_household_place(
        actor=county,
        household=household,
        plan=Placement("重病", "每月回访", dt.date(2027, 1, 5)),
        today=dt.date(2026, 12, 1),
    )
    line = demo.seed_demo()
    assert Adoption.objects.get().household == household
    assert Organisation.objects.count() == 10
    # on time: 养老服务协会, 志愿者协会, 基金会, 乐龄, 书画 (5); late: 物流, 阳光 (2)
    assert AnnualReport.objects.filter(year=2025).count() == 7
    late = {x.organisation.name for x in CreditListing.objects.filter(reason="late_report")}
    # late (2) + missing: 餐饮商会, 彭城社工 (registered June 2024); 书香 registered
    # 15 October 2025 is exempt (less than six months on 31 December 2025)
    assert late == {
        "徐州市鼓楼区物流行业协会",
        "徐州市鼓楼区阳光儿童康复中心",
        "徐州市鼓楼区餐饮商会",
        "徐州市鼓楼区彭城社会工作服务社",
    }
    assert CreditListing.objects.filter(reason="small_penalty").count() == 1
    assert "登记10个" in line and "认领重点帮扶户1户" in line
    # D10.5: two trade associations, two fee items each, one ordered to rectify;
    # reductions 980,000 + 720,000 = 1,700,000 yuan (D12).
    assert FeeItem.objects.count() == 4
    assert FeeItem.objects.filter(status="rectification").count() == 1
    assert FeeReduction.objects.aggregate(s=Sum("amount"))["s"] == Decimal("1700000.00")
    # D10.3: 19+18+17+16+18 = 88 -> 达标 (示范 from 90); 志愿者协会 has 3 members, no branch.
    assessment = BranchAssessment.objects.get()
    assert (assessment.year, assessment.total, assessment.result) == (2025, 88, "达标")
    assert Organisation.objects.get(name="徐州市鼓楼区社区志愿者协会").party_members == 3
    # D10.6: an establishment received today, in the licensing engine.
    request = RegistrationApplication.objects.get()
    assert (request.kind, request.licence.status) == ("establishment", "received")
    assert demo.seed_demo() == ""
    assert Organisation.objects.count() == 10
