"""D2.8: care level from the six daily-living items, and its care standard (D2.9)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.assistance.policy.care import assess_care, care_level
from minzheng.assistance.policy.vocabulary import CareItem, CareLevel, Programme, SupportSetting
from tests.assistance.test_policy_factories import decide, household, member, params

ITEMS = list(CareItem)


@pytest.mark.parametrize(
    ("failed", "level", "care"),
    [
        (0, CareLevel.SELF_CARE, "228.00"),  # 2280 × 1/10
        (1, CareLevel.PARTIAL, "380.00"),  # 2280 × 1/6
        (3, CareLevel.PARTIAL, "380.00"),
        (4, CareLevel.FULL, "760.00"),  # 2280 × 1/3
        (6, CareLevel.FULL, "760.00"),
    ],
)
def test_items_failed_set_the_care_level_and_the_care_standard(
    failed: int, level: CareLevel, care: str
) -> None:
    person = member(age=80, care_items_unable=frozenset(ITEMS[:failed]))
    assert care_level(failed, params()) is level
    decision = decide(household(person), Programme.EXTREME_POVERTY)
    assert decision.member_figures["m1"]["care_level"] == level.value
    assert decision.member_figures["m1"]["care_standard"] == Decimal(care)


def test_the_reason_names_the_items_the_person_cannot_do() -> None:
    person = member(age=80, care_items_unable=frozenset({CareItem.BATHING, CareItem.EATING}))
    level, found = assess_care(person, params())
    assert level is CareLevel.PARTIAL
    assert found.rule == "D2.8"
    assert "不能自理 2 项（进食、洗澡）" in found.message
    assert found.message.endswith("照料护理等级：半护理")


def test_the_thresholds_are_settings() -> None:
    settings = params(
        {
            "extreme_poverty.care.partial_min_items": "2",
            "extreme_poverty.care.full_min_items": "5",
        }
    )
    assert care_level(1, settings) is CareLevel.SELF_CARE
    assert care_level(4, settings) is CareLevel.PARTIAL
    assert care_level(5, settings) is CareLevel.FULL


def test_home_and_institutional_care_standards_are_separate_settings() -> None:
    settings = params({"extreme_poverty.care.home.partial": "1/10"})
    items = frozenset({CareItem.DRESSING})
    at_home = member(age=80, care_items_unable=items)
    in_institution = member(
        age=80, care_items_unable=items, support_setting=SupportSetting.INSTITUTIONAL
    )
    home = decide(household(at_home), Programme.EXTREME_POVERTY, settings)
    institution = decide(household(in_institution), Programme.EXTREME_POVERTY, settings)
    assert home.member_figures["m1"]["care_standard"] == Decimal("228.00")
    assert institution.member_figures["m1"]["care_standard"] == Decimal("380.00")
