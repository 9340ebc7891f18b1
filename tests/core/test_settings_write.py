"""The one audited write of a setting (issue 8 item 1): parsed by its declared type,
refused with the field named when bad, undeclared or outside the user's area, and
written to the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core import settings_write
from minzheng.core.models import Area, AuditEntry, ConfigValue
from minzheng.core.settings_registry import declare
from minzheng.core.settings_write import seed_examples, setting_set

pytestmark = pytest.mark.django_db
JULY = dt.date(2026, 7, 1)


def _set(user, key="dibao.standard.urban", value="800", area=None, day=JULY, basis="市政府通知"):
    return setting_set(
        actor=user, key=key, value=value, area=area, effective_from=day, basis=basis
    )


def _refused(field: str, user, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        _set(user, **kwargs)
    assert set(refused.value.message_dict) == {field}
    return refused.value.message_dict[field][0]


def test_a_city_admin_sets_a_county_standard_and_it_is_audited(users):
    gulou = Area.objects.get(code="320302")
    row = _set(users["city"], value="820.50", area=gulou, basis="鼓楼区政府〔2026〕1号")
    assert (row.key, row.area_id, row.value, row.effective_from) == (
        "dibao.standard.urban",
        "320302",
        "820.50",
        JULY,
    )
    assert row.created_by == users["city"] and not row.is_example
    entry = AuditEntry.objects.get(object_type="core.configvalue", object_id=str(row.pk))
    assert entry.actor_id == users["city"].pk and entry.area_code == "320302"
    assert entry.summary == "城市低保标准（鼓楼区）自2026-07-01起为820.50元/人·月"


def test_a_choice_is_stored_as_its_code_when_typed_as_its_label(users):
    row = _set(users["city"], key="amount.rounding.unit", value="元")
    assert row.value == "yuan"
    entry = AuditEntry.objects.get(object_type="core.configvalue", object_id=str(row.pk))
    assert "为元" in entry.summary and "yuan" not in entry.summary


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("dibao.standard.urban", "7.805", "“城市低保标准”的值无效：应为非负金额（元）"),
        ("dibao.standard.urban", "abc", "“城市低保标准”的值无效"),
        ("dibao.notice.days", "0", "“公示天数”的值无效：必须大于 0"),
        ("dibao.notice.days", "7.5", "应为非负整数"),
        ("amount.rounding.unit", "角", "可选：元、分"),
        ("near_dibao.income_ratio", "1/0", "应为非负小数或分数"),
        ("warning.housing.unsafe_grades", "C,E", "“E”不是可选项"),
        # A rule parameter is checked by the rule's own parser too: at most four decimals.
        ("warning.income_drop.ratio", "0.123456", "超过4位小数"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(users, key, value, message):
    assert message in _refused("value", users["city"], key=key, value=value)
    assert not ConfigValue.objects.filter(key=key).exists()
    assert not AuditEntry.objects.filter(object_type="core.configvalue").exists()


def test_an_undeclared_key_is_refused(users):
    assert _refused("key", users["city"], key="dibao.standard.urbn") == (
        "配置项“dibao.standard.urbn”未声明，不能录入"
    )


def test_a_basis_is_required(users):
    assert _refused("basis", users["city"], basis="  ") == "请填写依据（文件或通知）"


def test_a_second_version_on_the_same_day_is_refused(users):
    _set(users["city"])
    assert "已有一个版本" in _refused("effective_from", users["city"], value="810")


@pytest.mark.parametrize("role", ["caseworker", "township", "county", "auditor", "leader"])
def test_only_the_configuration_capability_may_write(users, role):
    with pytest.raises(PermissionDenied, match="没有修改配置的权限"):
        _set(users[role], area=Area.objects.get(code="320302"))


def test_an_area_outside_the_users_city_is_refused(users):
    Area.objects.create(code="320100", name="南京市", level="city", parent_id="320000")
    xuanwu = Area.objects.create(code="320102", name="玄武区", level="county", parent_id="320100")
    with pytest.raises(PermissionDenied, match="不在您的管辖区域内"):
        _set(users["city"], area=xuanwu)


def test_examples_are_seeded_from_the_declarations_once(areas):
    written = seed_examples(apps=["warning"])
    # Hand-counted: 2 lead deadlines, and 10 rule parameters no other app declares
    # (W001 ×2, W003 ×2, W006, W007 ×2, the property view ×2, monitoring layers).
    assert written == 12
    row = ConfigValue.objects.get(key="warning.medical.out_of_pocket_threshold.rural")
    assert (row.value, row.area_id, row.is_example) == ("10000.00", None, True)
    assert seed_examples(apps=["warning"]) == 0


def test_a_city_wide_setting_is_refused_for_a_county(users, monkeypatch):
    """A key declared `scope: city` (none of today's keys is) has one value for the city."""
    rounding = declare(
        key="amount.rounding.unit",
        kind="choice",
        label="金额取整单位",
        app="assistance",
        choices=(("yuan", "元"), ("fen", "分")),
        scope="city",
    )
    monkeypatch.setattr(settings_write, "declared", lambda: {rounding.key: rounding})
    gulou = Area.objects.get(code="320302")
    message = _refused("area", users["city"], key=rounding.key, value="元", area=gulou)
    assert message == "“金额取整单位”仅全市统一设置，不能按区划设置"
    assert _set(users["city"], key=rounding.key, value="元").value == "yuan"
