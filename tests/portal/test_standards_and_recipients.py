"""Standards in force by county with their history and yearly rises (D1.18 十连增), and
the masked recipient lists (D3.7, D13.2). Figures by hand from the example rises in
assistance/standards.py (urban 560 in 2016 … 780 in 2025, each from 1 July)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import Area, Person
from minzheng.core.settings_write import setting_set
from minzheng.portal.standards import history, yearly
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_countys_own_rise_joins_the_citys_history(published, users):
    gulou = Area.objects.get(code=AREAS["county_a"])
    setting_set(
        actor=users["city"], key="dibao.standard.urban", value="820", area=gulou,
        effective_from=D(2026, 1, 1), basis="鼓政发〔2025〕9号",
    )  # fmt: skip
    changes = history(gulou)
    assert [c.effective_from for c in changes][:2] == [D(2016, 7, 1), D(2017, 7, 1)]
    assert changes[-1].effective_from == D(2026, 1, 1)
    assert changes[-1].values["dibao.standard.urban"] == Decimal("820")
    assert changes[-1].values["dibao.standard.rural"] == Decimal("755")
    years = {p.year: p for p in yearly(changes, D(2026, 12, 2))}
    assert years[2016].values["dibao.standard.urban"] == Decimal("560")
    assert years[2016].rises["dibao.standard.urban"] is None
    assert years[2017].rises["dibao.standard.urban"] == Decimal("25")
    assert years[2026].rises["dibao.standard.urban"] == Decimal("40")  # 780 → 820
    assert years[2026].rises["dibao.standard.rural"] == Decimal("0")
    # the neighbouring county keeps the city's 780
    yunlong = Area.objects.get(code=AREAS["county_b"])
    assert history(yunlong)[-1].values["dibao.standard.urban"] == Decimal("780")


def test_the_standards_page_has_the_chart_data_and_the_table(published):
    page = Client().get("/public/standards/?county=320302").content.decode()
    data = json.loads(html.unescape(re.search(r'data-figures="([^"]*)"', page).group(1)))
    assert data["years"][:3] == [2016, 2017, 2018]
    urban = data["series"][0]
    assert urban["name"] == "城市低保标准" and urban["values"][:2] == ["560", "585"]
    assert "core/vendor/echarts-6.1.0.min.js" in page and "portal/standards-chart.js" in page
    assert "780 元/月" in page and "755 元/月" in page


def _named(enrolment, name: str) -> Person:
    person = enrolment.application.applicant
    person.name = name
    person.save()
    return person


def test_a_communitys_list_masks_names_and_id_numbers_and_leaves_children_out(published, users):
    dibao = make_enrolment(users["county"], "dibao", "560.00", D(2026, 1, 1))
    head = _named(dibao, "张文涛")
    orphan = make_enrolment(users["county"], "orphan", "1800.00", D(2026, 1, 1))
    _named(orphan, "李小明")
    ended = make_enrolment(users["county"], "dibao", "300.00", D(2025, 1, 1), ends=D(2026, 10, 31))
    _named(ended, "王大力")
    page = Client().get("/public/recipients/?area=320302001001&month=2026-11").content.decode()
    assert "张*涛" in page and "张文涛" not in page
    masked = head.id_number[:6] + "*" * 10 + head.id_number[-2:]
    assert masked in page and head.id_number not in page
    assert "560.00" in page and "2人" in page
    assert "李*明" not in page  # orphans are not published (portal.recipients.programmes)
    assert "王*力" not in page  # ended before November
    october = Client().get("/public/recipients/?area=320302001001&month=2026-10")
    assert "王*力" in october.content.decode()


def test_amounts_are_left_out_where_the_city_does_not_publish_them(published, users):
    make_enrolment(users["county"], "dibao", "560.00", D(2026, 1, 1))
    setting_set(
        actor=users["city"], key="portal.recipients.show_amounts", value="否", area=None,
        effective_from=D(2026, 2, 1), basis="徐民发〔2026〕2号",
    )  # fmt: skip
    page = Client().get("/public/recipients/?area=320302001001&month=2026-11").content.decode()
    assert "560.00" not in page and "月保障金额" not in page


def test_a_county_lists_its_townships_to_choose_from(published):
    page = Client().get("/public/recipients/?area=320302").content.decode()
    assert "?area=320302001&amp;month=" in page
