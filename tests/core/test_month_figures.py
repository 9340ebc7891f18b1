"""The leaders' dashboards' monthly figures (issue 15 item 2): each domain's series per
community and month, added up the division tree, read per area and its children, drawn
as charts with a table and an Excel download. Expected numbers are counted by hand
from the rows each test writes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from minzheng.assistance.models import Enrolment
from minzheng.core.figures import area_month_figures_refresh, month_figures_for, months_back
from minzheng.core.models import Area, AreaMonthFigure
from minzheng.core.panel_figures import area_panel_figures_refresh
from tests.assistance.enrolments import make_case
from tests.core.panels import panel
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
FIRST, LAST = dt.date(2025, 12, 1), dt.date(2026, 11, 1)


def _enrol(area: str, programme: str, starts: dt.date, ends: dt.date | None, members: int) -> None:
    app = make_case(area, programme, starts - dt.timedelta(days=40))
    Enrolment.objects.create(
        household=app.household,
        programme=programme,
        application=app,
        starts_on=starts,
        ends_on=ends,
        monthly_amount=Decimal("500.00"),
        covered_members=members,
        next_review_on=dt.date(2027, 9, 1),
    )


@pytest.fixture
def registry(areas):
    a1, a3, b1 = AREAS["community_a1"], AREAS["community_a3"], AREAS["community_b1"]
    _enrol(a1, "dibao", dt.date(2026, 9, 1), None, 2)  # Sep, Oct, Nov
    _enrol(a1, "dibao", dt.date(2026, 5, 1), dt.date(2026, 10, 1), 3)  # May–Sep
    _enrol(a3, "extreme_poverty", dt.date(2026, 10, 1), None, 1)  # Oct, Nov
    _enrol(b1, "dibao", dt.date(2026, 11, 1), None, 4)  # Nov
    # Decisions in October 2026: one on time, one late (deadline passed), one without a
    # total time limit (not counted in the rate).
    make_case(
        a1,
        "dibao",
        dt.date(2026, 9, 1),
        decided_on=dt.date(2026, 10, 9),
        total_deadline=dt.date(2026, 10, 20),
    )
    make_case(
        a1,
        "dibao",
        dt.date(2026, 8, 1),
        decided_on=dt.date(2026, 10, 15),
        total_deadline=dt.date(2026, 10, 10),
    )
    make_case(b1, "dibao", dt.date(2026, 9, 3), decided_on=dt.date(2026, 10, 2))


def _value(area: str, series: str, month: dt.date, category: str = "") -> Decimal | None:
    row = AreaMonthFigure.objects.filter(
        area_id=area, series=series, month=month, category=category
    ).first()
    return None if row is None else row.value


def test_enrolments_in_force_are_counted_per_month_and_added_up_the_tree(registry):
    area_month_figures_refresh(first=FIRST, last=LAST)
    key = "assistance.enrolled_households"
    sep, octo, nov = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)
    # a1: the May–Sep household ends with September (ends_on is the first month unpaid).
    assert _value(AREAS["community_a1"], key, sep) == 2
    assert _value(AREAS["community_a1"], key, octo) == 1
    # 鼓楼区 in November: a1's one household + a3's one; the city adds b1's.
    assert _value(AREAS["county_a"], key, nov) == 2
    assert _value(AREAS["county_a"], key, nov, "dibao") == 1
    assert _value(AREAS["county_a"], key, nov, "extreme_poverty") == 1
    assert _value(AREAS["city"], key, nov) == 3
    # People: Sep = 2 + 3 in a1; Nov city = 2 + 1 + 4.
    assert _value(AREAS["community_a1"], "assistance.enrolled_people", sep) == 5
    assert _value(AREAS["city"], "assistance.enrolled_people", nov) == 7


def test_decisions_and_the_on_time_rate(registry):
    area_month_figures_refresh(first=FIRST, last=LAST)
    octo = dt.date(2026, 10, 1)
    assert _value(AREAS["county_a"], "assistance.decided", octo) == 2
    assert _value(AREAS["county_a"], "assistance.decided_on_time", octo) == 1
    assert _value(AREAS["county_b"], "assistance.decided", octo) is None  # no time limit
    city = Area.objects.get(code=AREAS["city"])
    figures = month_figures_for(city, today=TODAY)
    from minzheng.core.dashboard_charts import trend_charts
    from minzheng.core.extensions import dashboard_ratios, dashboard_series

    charts = {c.title: c for c in trend_charts(figures, dashboard_series(), dashboard_ratios())}
    rate = charts["救助申请按时办结率 · 月度趋势"]
    assert rate.lines[0][1][-2] == Decimal("50.0")  # October: 1 of 2
    assert rate.lines[0][1][-1] is None  # November: nothing decided, no rate


def test_applications_are_counted_in_the_month_applied(registry):
    area_month_figures_refresh(first=FIRST, last=LAST)
    key = "assistance.applications"
    # Applied: the four enrolments 40 days before their start (Jul 23, Mar 22, Aug 22,
    # Sep 22), and the three decided cases (Sep 1, Aug 1, Sep 3).
    assert _value(AREAS["city"], key, dt.date(2026, 9, 1)) == 3
    assert _value(AREAS["city"], key, dt.date(2026, 8, 1)) == 2
    assert _value(AREAS["county_a"], key, dt.date(2026, 8, 1), "extreme_poverty") == 1


def test_a_refresh_replaces_the_months_it_covers(registry):
    area_month_figures_refresh(first=FIRST, last=LAST)
    first = AreaMonthFigure.objects.count()
    area_month_figures_refresh(first=FIRST, last=LAST)
    assert AreaMonthFigure.objects.count() == first


def test_the_months_drawn_end_with_the_current_one():
    assert months_back(dt.date(2026, 2, 15), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


@pytest.fixture
def leader_client(users, registry):
    area_month_figures_refresh(first=FIRST, last=LAST)
    client = Client()
    client.force_login(users["leader"])
    return client


def test_the_city_dashboard_draws_the_counties_and_drills_down(leader_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    page = leader_client.get("/dashboard/", {"figure": "assistance.enrolled_households"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="county-map"' in html  # the map at city level
    areas = next(c for c in page.context["charts"] if c.id == "areas")
    # 鼓楼区 2 households in November, 云龙区 1 (a stock: the last month).
    shown = dict(zip(areas.x, areas.lines[0][1], strict=True))
    assert {k: v for k, v in shown.items() if v} == {"鼓楼区": Decimal(2), "云龙区": Decimal(1)}
    assert shown["丰县"] == 0  # every county is drawn, with nothing where nothing is
    assert f"?area={AREAS['county_a']}&amp;figure=assistance.enrolled_households" in html
    township = leader_client.get("/dashboard/", {"area": AREAS["township_a"]})
    assert township.status_code == 200
    assert 'id="county-map"' not in township.content.decode()
    community = leader_client.get("/dashboard/", {"area": AREAS["community_a1"]})
    assert community.status_code == 200
    assert [name for name, _ in community.context["trail"]][-1] == Area.objects.get(
        code=AREAS["community_a1"]
    ).name


def test_an_area_outside_the_viewer_is_not_found(users, registry):
    client = Client()
    client.force_login(users["county"])  # 鼓楼区
    assert client.get("/dashboard/", {"area": AREAS["county_b"]}).status_code == 404
    assert client.get("/dashboard/", {"area": "32030"}).status_code == 404
    assert client.get("/dashboard/", {"area": AREAS["township_a"]}).status_code == 200


def test_each_chart_downloads_as_excel_and_is_audited(leader_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    response = leader_client.get(
        "/dashboard/export.xlsx",
        {"area": AREAS["city"], "chart": "areas", "figure": "assistance.enrolled_people"},
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    # People in November: 鼓楼区 2 + 1, 云龙区 4.
    assert [r for r in rows[1:] if r[1]] == [("鼓楼区", 3), ("云龙区", 4)]
    from minzheng.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="core.dashboard", action="export").exists()
    assert leader_client.get("/dashboard/export.xlsx", {"chart": "nothing"}).status_code == 404


def test_the_county_map_is_served_locally(leader_client):
    shapes = leader_client.get("/dashboard/xuzhou-counties.json").json()
    assert {f["properties"]["code"] for f in shapes["features"]} >= {"320302", "320303"}


def test_the_dashboard_reads_a_constant_number_of_queries(leader_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    leader_client.get("/dashboard/")
    with CaptureQueriesContext(connection) as first:
        leader_client.get("/dashboard/")
    make_household(AREAS["community_b1"], size=3)
    _enrol(AREAS["community_a3"], "dibao", dt.date(2026, 6, 1), None, 1)
    _enrol(AREAS["community_b1"], "orphan", dt.date(2026, 6, 1), None, 1)  # a new programme
    area_month_figures_refresh(first=FIRST, last=LAST)
    area_panel_figures_refresh()
    with CaptureQueriesContext(connection) as second:
        page = leader_client.get("/dashboard/")
    assert len(second.captured_queries) == len(first.captured_queries)
    # The panels come from their rows: no statement reads a domain's own table.
    tables = ("assistance_", "hotline_", "licensing_", "payments_", "warning_", "marriage_")
    assert not [q for q in second.captured_queries if any(t in q["sql"] for t in tables)]
    assert "以下各项业务数据截至" in page.content.decode()


def test_panels_are_figures_as_of_the_last_refresh_for_any_area(leader_client):
    """社会救助 counts enrolments not ended (status): a1's two dibao households (the
    fixture's May–Sep one was never set ended), a3's 特困 one, b1's dibao one; each
    500.00 a month. A change shows after the next refresh."""
    area_panel_figures_refresh()
    county = panel(AREAS["county_a"], "社会救助")
    city = panel(AREAS["city"], "社会救助")
    assert county["最低生活保障（户）"] == "2"
    assert county["特困人员救助供养（户）"] == "1"
    assert city["最低生活保障（户）"] == "3"
    assert city["月保障金额合计（元）"] == "2,000.00"  # 4 households × 500.00
    _enrol(AREAS["community_b1"], "dibao", dt.date(2026, 11, 1), None, 1)
    assert panel(AREAS["city"], "社会救助")["最低生活保障（户）"] == "3"  # until the refresh
    area_panel_figures_refresh()
    assert panel(AREAS["city"], "社会救助")["最低生活保障（户）"] == "4"
    page = leader_client.get("/dashboard/", {"area": AREAS["township_a"]})
    assert "社会救助" in dict(page.context["panels"])  # a drilled-down area has panels too


def test_an_installation_with_nothing_to_count_computes_its_figures_once(users, monkeypatch):
    """No enrolments, no cases, no payments yet: the first view computes the months and
    the panels and records that it did; the next view only reads (no domain table)."""
    make_household(AREAS["community_a1"], size=2)  # residents, but no case of any kind
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client = Client()
    client.force_login(users["leader"])
    assert client.get("/dashboard/").status_code == 200
    with CaptureQueriesContext(connection) as again:
        page = client.get("/dashboard/")
    assert page.status_code == 200
    tables = ("assistance_", "hotline_", "licensing_", "payments_", "warning_", "marriage_")
    assert not [q for q in again.captured_queries if any(t in q["sql"] for t in tables)]
    assert not [q for q in again.captured_queries if q["sql"].startswith("DELETE")]
