"""The policy-simulation page (issue 15 item 4): a county approver asks, the task queue
runs it over the county's means-tested households, the page compares; other roles are
refused, other counties see nothing of it. Example standards (labelled examples):
urban 780 in force in 2027 (seed_example_standards). Expected figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.assistance.models import (
    MeansTestReport,
    PolicySimulation,
    SimulationChange,
)
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import AuditEntry
from tests.assistance.enrolments import make_case, make_enrolment
from tests.factories import AREAS, make_household
from tests.form_pages import field_error

pytestmark = pytest.mark.django_db


def _tested(area: str, income: str) -> int:
    """A household of two (head and a child of 16 in 2027) with a means-test report."""
    app = make_case(area, "dibao", dt.date(2026, 9, 1))
    clerk = app.created_by
    MeansTestReport.objects.create(
        application=app,
        reference=f"HD-{app.household_id}",
        received_on=dt.date(2026, 9, 10),
        monthly_income=Decimal(income),
        recorded_by=clerk,
    )
    return app.household_id


@pytest.fixture
def registry(areas):
    seed_example_standards()
    return {
        "poor": _tested(AREAS["community_a1"], "1000"),  # per capita 500
        "near": _tested(AREAS["community_a3"], "1700"),  # per capita 850
        "other_county": _tested(AREAS["community_b1"], "1000"),
        "untested": make_household(AREAS["community_a1"], size=1).pk,
    }


def _ask(client: Client, **extra: str) -> object:
    data = {"month": "2027-01", "key_a": "dibao.standard.urban", "value_a": "900"}
    return client.post("/assistance/simulations/", {**data, **extra})


def test_a_county_approver_simulates_a_higher_standard_for_the_county(users, registry):
    client = Client()
    client.force_login(users["county"])  # 鼓楼区
    response = _ask(client, key_b="dibao.standard.urban", value_b="700")
    run = PolicySimulation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    assert (run.state, run.area_id, run.households) == ("done", AREAS["county_a"], 3)
    assert run.without_income == 1 and run.examples is False
    page = client.get(f"/assistance/simulations/{run.pk}/")
    rows = {r["name"]: r for r in page.context["compare"]}
    # In force: (780 − 500) × 2 = 560; 850 ≥ 780 not eligible.
    assert (rows["现行标准"]["households"], rows["现行标准"]["monthly"]) == (1, Decimal("560.00"))
    # 900: (900 − 500) × 2 = 800 and (900 − 850) × 2 = 100; yearly × 12.
    a = rows["方案一"]
    assert (a["households"], a["people"], a["monthly"]) == (2, 4, Decimal("900.00"))
    assert (a["yearly"], a["enter"], a["leave"]) == (Decimal("10800.00"), 1, 0)
    # 700: (700 − 500) × 2 = 400; nobody enters or leaves.
    assert rows["方案二"]["monthly"] == Decimal("400.00")
    entered = SimulationChange.objects.get()
    assert (entered.household_id, entered.scenario, entered.direction) == (
        registry["near"],
        "A",
        "enter",
    )
    assert AuditEntry.objects.filter(object_type="assistance.policysimulation").exists()


def test_a_township_reviewer_sees_only_its_households_in_the_list(users, registry):
    client = Client()
    client.force_login(users["city"])
    _ask(client)
    run = PolicySimulation.objects.get()
    assert run.area_id == AREAS["city"] and run.households == 4
    county_b = Client()
    county_b.force_login(users["county_b"])
    assert county_b.get(f"/assistance/simulations/{run.pk}/").status_code == 404  # a city run
    page = client.get(f"/assistance/simulations/{run.pk}/")
    assert [c.household_id for c in page.context["page"]] == [registry["near"]]


def test_roles_without_the_capability_are_refused(users, registry):
    for role in ("caseworker", "township", "auditor", "leader"):
        client = Client()
        client.force_login(users[role])
        assert client.get("/assistance/simulations/").status_code == 403
        assert _ask(client).status_code == 403
    assert not PolicySimulation.objects.exists()


def test_a_bad_value_is_refused_naming_the_field(users, registry):
    client = Client()
    client.force_login(users["county"])
    response = _ask(client, value_a="很多")
    assert response.status_code == 422
    assert field_error(response, "value_a")
    response = _ask(client, month="2027-13")
    assert field_error(response, "month") == "请按“年-月”填写，如 2027-01"
    assert not PolicySimulation.objects.exists()


def test_enrolled_unsupported_children_are_re_priced_at_the_scenario_standard(users, areas):
    """A de-facto unsupported child of 鼓楼区 enrolled at 1290.00 (home orphan standard
    1290 × 1, D3.3). Scenario: home orphan standard 1400 → 1400.00; the row says the
    programme is re-priced, not decided (no supporter facts in the registry)."""
    seed_example_standards()
    make_enrolment(users["county"], "unsupported_child", "1290.00", dt.date(2026, 1, 1), size=1)
    client = Client()
    client.force_login(users["county"])
    _ask(client, key_a="orphan.standard.home", value_a="1400")
    run = PolicySimulation.objects.get()
    page = client.get(f"/assistance/simulations/{run.pk}/")
    rows = dict(page.context["programmes"])
    assert rows["事实无人抚养儿童保障（在册重算）"] == [
        (1, 1, Decimal("1290.00")),
        (1, 1, Decimal("1400.00")),
    ]
    assert "在册重算" in page.content.decode()
