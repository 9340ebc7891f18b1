"""The three platform pages and the findings pages by role (issue 11 item 3). Expected
figures by hand from the findings the test stores: a county sees its own, the auditor
(read-all) the city; a finding outside the user's area is a 404; numbers masked."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from minzheng.core.models import AuditEntry
from tests.factories import AREAS, make_household
from tests.supervision.findings import stored

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def two_counties(sup_settings):
    """鼓楼区: 2 findings (1,000.00 + 500.00, one closed); 云龙区: 1 finding (300.00)."""
    a1 = make_household(AREAS["community_a1"]).head
    a3 = make_household(AREAS["community_a3"]).head
    b1 = make_household(AREAS["community_b1"]).head
    return {
        "a1": stored(a1, amount_at_risk=Decimal("1000.00"), first_month="2026-11"),
        "a3": stored(a3, amount_at_risk=Decimal("500.00"), first_month="2026-11", status="open"),
        "b1": stored(b1, amount_at_risk=Decimal("300.00"), first_month="2026-10"),
    }


def test_the_auditor_sees_the_city_and_drills_down(two_counties, users):
    page = _as(users["auditor"]).get("/supervision/platforms/assistance/").content.decode()
    assert '<p class="figure" id="open-findings">3</p>' in page
    assert "1800.00" in page  # 1000 + 500 + 300 at risk, city-wide
    # by county, with drill-down links to the next level
    assert f"?area={AREAS['county_a']}" in page and f"?area={AREAS['county_b']}" in page
    county = _as(users["auditor"]).get(
        "/supervision/platforms/assistance/", {"area": AREAS["county_a"]}
    )
    assert "1500.00" in county.content.decode()
    assert f"?area={AREAS['township_a']}" in county.content.decode()
    # down to the community, the lowest level: no area chart below it
    community = _as(users["auditor"]).get(
        "/supervision/platforms/assistance/", {"area": AREAS["community_a1"]}
    )
    assert community.status_code == 200 and 'data-chart="areas"' not in community.content.decode()


def test_a_county_sees_its_own_and_not_the_neighbour(two_counties, users):
    county = _as(users["county"])
    page = county.get("/supervision/platforms/assistance/").content.decode()
    assert '<p class="figure" id="open-findings">2</p>' in page and "1500.00" in page
    assert (
        county.get("/supervision/platforms/assistance/", {"area": AREAS["county_b"]}).status_code
        == 404
    )
    other = two_counties["b1"]
    assert county.get(f"/supervision/findings/{other.pk}/").status_code == 404
    listing = county.get("/supervision/findings/").content.decode()
    assert f"/supervision/findings/{two_counties['a1'].pk}/" in listing
    assert f"/supervision/findings/{other.pk}/" not in listing


def test_other_platforms_count_only_their_findings(two_counties, users):
    page = _as(users["auditor"]).get("/supervision/platforms/elderly/").content.decode()
    assert '<p class="figure" id="open-findings">0</p>' in page
    assert _as(users["auditor"]).get("/supervision/platforms/nope/").status_code == 404


def _sheet(client, chart: str) -> dict:
    r = client.get("/supervision/platforms/assistance/export.xlsx", {"chart": chart})
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    return {r[0]: r[1:] for r in rows}


def test_the_excel_download_is_the_areas_table(two_counties, users):
    auditor = _as(users["auditor"])
    counts = _sheet(auditor, "areas")
    assert counts[None] == ("未办结问题（条）",)
    assert counts["鼓楼区"] == (2,) and counts["云龙区"] == (1,)
    money = _sheet(auditor, "areas-money")
    assert money[None] == ("涉及金额（元）", "已追回（元）")
    assert money["鼓楼区"] == (1500, 0) and money["云龙区"] == (300, 0)
    assert AuditEntry.objects.filter(object_type="supervision.platform").exists()


def test_the_list_and_the_page_mask_the_number(two_counties, users):
    f = two_counties["a1"]
    assert f.person is not None
    for url in ("/supervision/findings/", f"/supervision/findings/{f.pk}/"):
        page = _as(users["auditor"]).get(url).content.decode()
        assert f.person.id_number not in page
        assert f.id_number_masked in page


def test_the_findings_list_as_excel_keeps_its_criteria_masks_and_is_audited(two_counties, users):
    """The county exports its own open findings of the assistance platform: 2 in 鼓楼区
    (a1 open, a3 open), none of 云龙区; names and numbers masked; the export audited."""
    a1, a3 = two_counties["a1"], two_counties["a3"]
    page = _as(users["county"]).get("/supervision/findings/", {"platform": "assistance"})
    assert "/supervision/findings/export.xlsx?status=active&amp;platform=assistance" in (
        page.content.decode()
    )
    r = _as(users["county"]).get(
        "/supervision/findings/export.xlsx", {"platform": "assistance", "status": "active"}
    )
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("问题编号", "规则编号", "规则", "监管平台", "救助项目", "姓名")
    assert sorted(row[0] for row in rows[1:]) == sorted([a1.pk, a3.pk])
    one = next(row for row in rows[1:] if row[0] == a1.pk)
    assert one[1:4] == ("S001", "死亡后仍发放", "社会救助资金")
    assert one[6] == a1.id_number_masked and one[9] == "2026-11" and one[12] == 1000
    assert a1.person is not None and a1.person.name not in str(rows) and "*" in one[5]
    entry = AuditEntry.objects.filter(object_type="supervision.finding", action="export").get()
    assert "导出2条" in entry.summary and "平台=社会救助资金" in entry.summary
    # the leader has no personal data; another county's finding is never in the file
    assert _as(users["leader"]).get("/supervision/findings/export.xlsx").status_code == 403
    other = _as(users["county_b"]).get("/supervision/findings/export.xlsx", {"status": "all"})
    other_rows = list(load_workbook(io.BytesIO(other.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in other_rows[1:]] == [two_counties["b1"].pk]


def test_the_overdue_list(two_counties, users):
    from minzheng.supervision.models import Finding

    Finding.objects.filter(pk=two_counties["a1"].pk).update(deadline="2026-01-05")
    page = _as(users["county"]).get("/supervision/findings/", {"overdue": "1"}).content.decode()
    assert f"/supervision/findings/{two_counties['a1'].pk}/" in page
    assert f"/supervision/findings/{two_counties['a3'].pk}/" not in page


def test_the_leader_sees_figures_not_findings(two_counties, users):
    leader = _as(users["leader"])
    assert leader.get("/supervision/").status_code == 200
    assert leader.get("/supervision/findings/").status_code == 403


def test_a_refused_verdict_names_the_field(two_counties, users):
    f = two_counties["a1"]
    r = _as(users["caseworker"]).post(
        f"/supervision/findings/{f.pk}/verify/", {"verdict": "dismiss", "note": ""}
    )
    assert r.status_code == 422
    assert 'data-field="note"' in r.content.decode()


def test_the_page_words_the_evidence_and_the_rule(two_counties, users):
    from minzheng.supervision.labels import rule_title, rule_titles
    from minzheng.supervision.models import Finding

    f = two_counties["a1"]
    Finding.objects.filter(pk=f.pk).update(
        evidence='{"death_date": "2026-06-12", "paid_months": 3}'
    )
    page = _as(users["county"]).get(f"/supervision/findings/{f.pk}/").content.decode()
    assert "死亡日期：2026-06-12" in page and "发放月数：3" in page
    assert "death_date" not in page
    # a rule the installed rule files do not name is worded, not shown as its code
    assert rule_title("S999") == "资金监管比对问题"
    assert all(title and not title.isascii() for title in rule_titles().values())
