"""Assistance fixtures: example standards and a household in community 320302001001."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.standards import seed_example_standards
from minzheng.core.models import Household
from tests.factories import make_household


@pytest.fixture
def standards(areas):
    seed_example_standards()


@pytest.fixture
def family(standards) -> Household:
    return make_household(size=2)


D = dt.date
