"""The supervision demo seeder: a small run over households the payments seeder paid,
loaded through the ingest; one finding confirmed, one a false alarm; made once."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.supervision.demo import PLAN, seed_demo
from minzheng.supervision.models import Finding
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_run_is_loaded_once(sup_settings):
    assert seed_demo() == ""  # no demo users yet
    county = make_user("county", "county_approver", AREAS["county_a"])
    for n in range(len(PLAN) + 1):
        area = AREAS["community_a1"] if n % 2 else AREAS["community_b1"]
        make_enrolment(county, "dibao", "700", dt.date(2026, 1, 1), area=area)
    line = seed_demo()
    assert "新增6条" in line
    assert Finding.objects.count() == len(PLAN) == 6
    assert set(Finding.objects.values_list("platform", flat=True)) == {
        "assistance", "elderly", "disability",
    }  # fmt: skip
    statuses = sorted(Finding.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "false_alarm", "open", "open", "open", "open"]
    # the county bureau of 鼓楼区 verified its own only
    assert (
        not Finding.objects.filter(area__code__startswith=AREAS["county_b"])
        .exclude(status="open")
        .exists()
    )
    assert seed_demo() == ""
