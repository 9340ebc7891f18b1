"""`minzheng demo --no-serve`: the README's first command prepares a usable city."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.benefits.models import BenefitReview, CareServiceApplication, SubsidyApplication
from minzheng.core.models import AuditEntry, Person, User
from minzheng.core.workdays import add_working_days
from minzheng.identity.models import MatchPair

pytestmark = pytest.mark.django_db(transaction=True)


def _benefits() -> tuple[int, int, int]:
    return (
        SubsidyApplication.objects.count(),
        CareServiceApplication.objects.count(),
        BenefitReview.objects.count(),
    )


def test_demo_builds_a_city_with_work_for_every_role(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("demo", residents=3000, no_serve=True)
    out = capsys.readouterr().out
    assert "演示账号" in out and "minzheng-demo" in out
    # the synthetic city, and three residents registered a second time by the identity
    # demo (docs/demo.md), which the self-match then puts to the county's review
    assert Person.objects.count() == 3000 + 3
    assert MatchPair.objects.filter(status="pending").count() >= 3
    assert set(User.objects.values_list("role", flat=True)) == {
        "caseworker",
        "township_reviewer",
        "county_approver",
        "city_admin",
        "auditor",
        "leader",
    }
    assert Application.objects.exists()  # cases in several steps for the demo queues
    # benefits/demo.py: seven disability cases, two care-service cases, one review
    benefits = (7, 2, 1)
    assert _benefits() == benefits
    # Deadlines from late in the year run into the next one: it is declared for the demo.
    year = timezone.localdate().year
    assert add_working_days(dt.date(year, 12, 20), 30).year == year + 1
    call_command("demo", residents=3000, no_serve=True)  # a second start changes nothing
    assert Person.objects.count() == 3000 + 3
    assert _benefits() == benefits
    call_command("audit_verify")
    assert AuditEntry.objects.filter(action="import").exists()
