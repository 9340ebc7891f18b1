"""Issue 17 item 12 / issue 8 item 11: the demo caseworker finds leads in her own
community, assigned to her, found by the real rules on the demo's feeds."""

from __future__ import annotations

import pytest

from minzheng.assistance.demo import seed_demo as seed_assistance
from minzheng.core.models import CalendarYear, User
from minzheng.demo.city import load_demo_city
from minzheng.demo.users import ensure_demo_users
from minzheng.warning.demo import seed_demo as seed_warning
from minzheng.warning.models import Lead

pytestmark = pytest.mark.django_db
SEED, RESIDENTS = 7, 12000


def test_the_demo_caseworker_has_leads_in_her_own_community(settings, tmp_path, areas):
    settings.VAR_DIR = tmp_path / "var"
    # Cases accepted now run into 2027, which the administrator declares (D11.3).
    CalendarYear.objects.create(year=2027, source="测试：2027年放假安排")
    load_demo_city(seed=SEED, residents=RESIDENTS)
    ensure_demo_users()
    seed_assistance()
    seed_warning(seed=SEED, residents=RESIDENTS)
    caseworker = User.objects.get(username="caseworker")
    mine = Lead.objects.filter(area_id=caseworker.area_id)
    assert mine.exists()
    assert set(mine.values_list("assigned_to", flat=True)) == {caseworker.pk}
    assert set(mine.values_list("rule_id", flat=True)) >= {"W004"}
