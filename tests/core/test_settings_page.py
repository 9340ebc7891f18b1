"""The one standards page (issue 8 item 1, issue 17 defect 8): every declared setting
with its label, unit, value in force in words, the areas' own values and the history;
the city office adds a version through the audited write service."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import AuditEntry, ConfigValue
from minzheng.warning.settings_specs import seed_example_settings

pytestmark = pytest.mark.django_db
NEW_VERSION = {
    "key": "dibao.standard.urban",
    "area": "320302",
    "value": "820.5",
    "effective_from": "2026-07-01",
    "basis": "鼓楼区政府〔2026〕1号",
}


@pytest.fixture
def seeded(users):
    seed_example_standards()
    seed_example_settings()
    return users


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, key: str) -> str:
    match = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', html, re.DOTALL)
    assert match, key
    return match.group(1)


def test_the_leader_reads_every_setting_in_words_without_a_form(seeded):
    response = _client(seeded["leader"]).get("/settings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="value"' not in html
    # D1.14 rounding as words, never the codes.
    assert "<strong>分</strong>" in _row(html, "amount.rounding.unit")
    assert "<strong>四舍五入</strong>" in _row(html, "amount.rounding.method")
    assert ">fen<" not in html and "half_up" not in html
    # A warning threshold (D5.4), listed with the other settings, example value 6000.00.
    threshold = _row(html, "warning.medical.out_of_pocket_threshold.monitored")
    assert "监测对象单次住院个人自付预警线" in threshold
    assert "<strong>6000.00</strong>" in threshold
    # The ten rises of the example urban standard (D1.18): 780 in force, ten versions.
    urban = _row(html, "dibao.standard.urban")
    assert "<strong>780</strong>" in urban and "10 个版本" in urban


def test_a_caseworker_may_not_open_it(users):
    assert _client(users["caseworker"]).get("/settings/").status_code == 403


@pytest.mark.parametrize("role", ["leader", "county", "auditor"])
def test_only_the_city_office_may_add_a_version(users, role):
    response = _client(users[role]).post("/settings/", NEW_VERSION)
    assert response.status_code == 403
    assert not ConfigValue.objects.exists()


def test_a_bad_value_comes_back_with_the_field_named(users):
    response = _client(users["city"]).post("/settings/", {**NEW_VERSION, "value": "八百"})
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r'data-field="value">“城市低保标准”的值无效：应为非负金额', html)
    assert not ConfigValue.objects.exists()


def test_the_city_office_sets_a_county_standard(seeded):
    client = _client(seeded["city"])
    response = client.post("/settings/", NEW_VERSION, follow=True)
    assert response.redirect_chain == [("/settings/", 302)]
    html = response.content.decode()
    assert "已保存“城市低保标准”的新版本（2026-07-01起生效）" in html
    row = ConfigValue.objects.get(key="dibao.standard.urban", area_id="320302")
    assert (row.value, row.effective_from, row.created_by) == (
        "820.5",
        dt.date(2026, 7, 1),
        seeded["city"],
    )
    assert AuditEntry.objects.filter(object_type="core.configvalue", object_id=str(row.pk))
    # In the history with who and why; an override of 鼓楼区 once in force.
    urban = _row(html, "dibao.standard.urban")
    assert "2026-07-01起 鼓楼区：<strong>820.5</strong>" in urban
    assert "鼓楼区政府〔2026〕1号；zhao_city录入于" in urban
