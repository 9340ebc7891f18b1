"""Versioned configuration: the most specific area and the version in force on the date."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from minzheng.core.config import (
    MissingSetting,
    config_decimal,
    config_history,
    config_int_by_area,
    config_typed,
    values,
)
from minzheng.core.models import Area, ConfigValue

pytestmark = pytest.mark.django_db
KEY = "dibao.standard.urban"


@pytest.fixture
def standards(areas):
    rows = [
        (None, "2024-07-01", "780"),
        (None, "2025-07-01", "800"),
        ("320302", "2025-07-01", "820"),
        ("320302", "2026-07-01", "850"),
    ]
    for area, day, value in rows:
        ConfigValue.objects.create(
            key=KEY,
            area_id=area,
            value=value,
            basis="示例",
            effective_from=dt.date.fromisoformat(day),
            is_example=True,
        )


def test_the_version_in_force_on_the_date_is_used(standards):
    gulou = Area.objects.get(code="320302001001")
    assert config_decimal(KEY, on=dt.date(2025, 6, 30), area=gulou) == Decimal("780")
    assert config_decimal(KEY, on=dt.date(2025, 7, 1), area=gulou) == Decimal("820")
    assert config_decimal(KEY, on=dt.date(2026, 7, 1), area=gulou) == Decimal("850")


def test_an_area_without_its_own_value_falls_back_to_the_city_default(standards):
    yunlong = Area.objects.get(code="320303001001")
    assert config_decimal(KEY, on=dt.date(2026, 7, 1), area=yunlong) == Decimal("800")


def test_a_date_before_any_version_is_a_clear_error(standards):
    with pytest.raises(MissingSetting, match="2020-01-01对全市没有生效的值"):
        config_decimal(KEY, on=dt.date(2020, 1, 1))


def test_history_keeps_every_rise(standards):
    assert [r.value for r in config_history(KEY, area=Area.objects.get(code="320302"))] == [
        "820",
        "850",
    ]


def test_many_areas_at_once_agree_with_one_at_a_time(standards):
    """The bulk resolver used by lead ingestion: 鼓楼 has its own values, 云龙 falls
    back to the city's; the township-level row below outranks the county's."""
    ConfigValue.objects.create(
        key=KEY, area_id="320302001", value="860", basis="示例",
        effective_from=dt.date(2026, 7, 1), is_example=True,
    )  # fmt: skip
    codes = ["320302001001", "320302002001", "320303001001"]
    assert config_int_by_area(KEY, on=dt.date(2025, 7, 1), area_codes=codes) == {
        "320302001001": 820, "320302002001": 820, "320303001001": 800,
    }  # fmt: skip
    assert config_int_by_area(KEY, on=dt.date(2026, 7, 1), area_codes=codes) == {
        "320302001001": 860, "320302002001": 850, "320303001001": 800,
    }  # fmt: skip
    with pytest.raises(MissingSetting):
        config_int_by_area(KEY, on=dt.date(2020, 1, 1), area_codes=codes)


def _version(key: str, area: str | None, day: str, value: str) -> None:
    ConfigValue.objects.create(
        key=key, area_id=area, value=value, basis="示例", effective_from=dt.date.fromisoformat(day)
    )


def test_values_take_the_most_specific_area_and_the_version_in_force(areas):
    """The one resolver (issue 8): community → township → county → city, each key on
    its own; a version dated after the day asked is not yet in force."""
    for area, day, value in [
        (None, "2025-07-01", "800"),
        ("320302", "2025-07-01", "820"),
        ("320302001", "2026-01-01", "830"),
        ("320302001001", "2026-07-02", "900"),  # future on 2026-07-01
    ]:
        _version(KEY, area, day, value)
    _version("dibao.notice.days", None, "2016-01-01", "7")
    _version("dibao.notice.days", "320302", "2026-08-01", "5")  # future
    community = Area.objects.get(code="320302001001")
    keys = [KEY, "dibao.notice.days", "fast_track.amount_cap"]
    assert values(keys, area=community, on=dt.date(2026, 7, 1)) == {
        KEY: "830",  # the township's, the community's is not yet in force
        "dibao.notice.days": "7",  # the county's is not yet in force
    }  # fast_track.amount_cap: no version at all, left out
    assert values(keys, area=community, on=dt.date(2026, 8, 1)) == {
        KEY: "900",
        "dibao.notice.days": "5",
    }
    assert values(keys, area=community, on=dt.date(2025, 12, 31)) == {
        KEY: "820",
        "dibao.notice.days": "7",
    }
    other = Area.objects.get(code="320302002001")  # another township of 鼓楼区
    assert values([KEY], area=other, on=dt.date(2026, 7, 1)) == {KEY: "820"}
    assert values([KEY], area=None, on=dt.date(2026, 7, 1)) == {KEY: "800"}


def test_a_value_is_read_as_its_declared_kind(areas):
    # payments.recovery.max_deduction_share is declared a ratio: "1/3" is exactly a third
    ConfigValue.objects.create(
        key="payments.recovery.max_deduction_share",
        value="1/3",
        effective_from=dt.date(2020, 1, 1),
        basis="测试",
    )
    typed = config_typed("payments.recovery.max_deduction_share", on=dt.date(2026, 12, 1))
    assert typed == Fraction(1, 3)
