"""Benefits fixtures: example settings (assistance's policy keys and the procedure's),
a household whose head is disabled, and the federation reviewer (a duty)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.standards import seed_example_standards
from minzheng.benefits.duties import FEDERATION
from minzheng.core.models import ConfigValue, Household, User
from minzheng.core.settings_write import seed_examples
from tests.factories import AREAS, make_household, make_user

D = dt.date


@pytest.fixture
def benefit_settings(areas):
    seed_example_standards()
    seed_examples(apps=["benefits", "payments"])


@pytest.fixture
def reviewer(users) -> User:
    """A county approver of 鼓楼区 holding the federation's duty (县残联审核人)."""
    return make_user("fed_reviewer", "county_approver", AREAS["county_a"], duties=(FEDERATION,))


@pytest.fixture
def family(benefit_settings) -> Household:
    """A two-person household in 320302001001; its head applies."""
    return make_household(size=2)


def set_value(key: str, value: str, since: dt.date, area: str | None = None) -> None:
    ConfigValue.objects.create(
        key=key, value=value, effective_from=since, area_id=area, basis="测试"
    )
