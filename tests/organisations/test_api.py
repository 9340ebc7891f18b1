"""The organisations API (/api/v1/organisations/) as named users of a role and area
(D0.3: an organisation is its domicile's area's): the register, one organisation, and
the figures (no personal data); bounded inputs answer 422 naming the field. Figures
worked by hand from the rows the test writes. And the dashboard panel 社会组织."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.core.models import AuditEntry, ConfigValue
from minzheng.core.panel_figures import area_panel_figures_refresh
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.fees import fee_reduction_create
from minzheng.organisations.services.party import branch_create, supervision_facts_set
from tests.core.panels import panel
from tests.factories import AREAS
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/organisations"


@pytest.fixture
def world(users):
    ConfigValue.objects.create(
        key="organisations.party.min_members_for_branch",
        area=None,
        effective_from=D(2020, 1, 1),
        value="3",
        basis="测试",
    )
    county, other = users["county"], users["county_b"]
    a1 = make_org(county, D(2020, 5, 1), name="鼓楼甲协会", legal_rep_name="张三丰")
    a3 = make_org(county, D(2020, 5, 1), name="鼓楼丙协会", area=AREAS["community_a3"])
    b1 = make_org(other, D(2020, 5, 1), name="云龙乙协会", area=AREAS["community_b1"])
    supervision_facts_set(actor=county, organisation=a1, party_members=4, trade_association=True)
    supervision_facts_set(actor=county, organisation=a3, party_members=3, trade_association=False)
    branch_create(
        actor=county,
        organisation=a3,
        name="鼓楼丙协会党支部",
        kind="own",
        established_on=D(2025, 1, 1),
        secretary="李四",
        members=3,
        today=D(2026, 11, 30),
    )
    listing_create(organisation=a1, reason="unreachable", on=D(2026, 4, 1), actor=county)
    today = dt.date.today()
    for org, actor, amount in ((a1, county, "1200000.00"), (b1, other, "500000.00")):
        supervision_facts_set(
            actor=actor, organisation=org, party_members=org.party_members, trade_association=True
        )
        fee_reduction_create(
            actor=actor,
            organisation=org,
            measure="会费减半",
            on=dt.date(today.year, 1, 1),
            amount=Decimal(amount),
            enterprises=100,
            today=today,
        )
    return {"a1": a1, "a3": a3, "b1": b1}


def test_the_register_in_the_callers_area(client, users, world):
    client.force_login(users["caseworker"])  # community_a1
    names = [o["name"] for o in client.get(f"{API}/organisations").json()["items"]]
    assert names == ["鼓楼甲协会"]
    client.force_login(users["county"])  # 鼓楼区
    body = client.get(f"{API}/organisations", {"q": "协会"}).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["name"], first["legal_rep_masked"], first["listed_abnormal"]) == (
        "鼓楼丙协会",
        "张*丰",
        False,
    )
    assert body["items"][1]["listed_abnormal"] is True
    assert "legal_rep_id_number" not in first
    assert AuditEntry.objects.filter(
        actor_id=users["county"].pk, object_type="organisations.organisation"
    ).exists()


def test_one_organisation_and_nothing_outside_the_area(client, users, world):
    client.force_login(users["county"])
    body = client.get(f"{API}/organisations/{world['a3'].pk}").json()
    assert [b["name"] for b in body["branches"]] == ["鼓楼丙协会党支部"]
    assert body["events"][0]["kind"] == "registered"
    assert client.get(f"{API}/organisations/{world['b1'].pk}").status_code == 404
    client.force_login(users["leader"])  # figures only
    assert client.get(f"{API}/organisations/{world['a3'].pk}").status_code == 403


def test_inputs_are_bounded(client, users, world):
    client.force_login(users["county"])
    response = client.get(f"{API}/organisations", {"q": "协" * 51})
    assert response.status_code == 422 and "q" in response.content.decode()
    response = client.get(f"{API}/figures", {"year": 1999})
    assert response.status_code == 422 and "year" in response.content.decode()
    assert client.get(f"{API}/organisations/{2**60}").status_code == 422


def test_figures_by_area(client, users, world):
    year = dt.date.today().year
    client.force_login(users["leader"])  # the city: both counties
    city = client.get(f"{API}/figures", {"year": year}).json()
    # a1 has 4 members and no branch; a3 has its branch; b1 has 0 members.
    assert (city["registered"], city["listed_abnormal"], city["without_branch"]) == (3, 1, 0 + 1)
    assert (city["fee_reduction_amount"], city["trade_associations"]) == ("1700000.00", 2)
    client.force_login(users["county_b"])
    county_b = client.get(f"{API}/figures", {"year": year}).json()
    assert (county_b["registered"], county_b["fee_reduction_amount"]) == (1, "500000.00")


def test_the_dashboard_panel(users, world):
    area_panel_figures_refresh()
    shown = panel(AREAS["county_a"], "社会组织")
    assert shown["正常登记"] == "2"
    assert shown["应建未建党组织"] == "1"
    assert shown[f"{dt.date.today().year}年降费减负（元）"] == "1,200,000.00"


def test_the_panel_does_not_stop_the_dashboard_without_the_party_setting(users):
    make_org(users["county"], D(2020, 5, 1))
    area_panel_figures_refresh()
    shown = panel(AREAS["county_a"], "社会组织")
    assert (shown["正常登记"], shown["应建未建党组织"]) == ("1", "未设置")
