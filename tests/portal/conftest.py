"""A published city: the example standards (with the ten rises), the portal's and the
hotlines' example settings, the example guides and templates."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.standards import seed_example_standards
from minzheng.core.settings_write import seed_examples
from minzheng.portal.examples import seed_example_content


@pytest.fixture
def published(areas):
    seed_example_standards(first_year=2016)
    seed_examples(apps=["portal", "hotline", "licensing"])
    seed_example_content(dt.date(2020, 1, 1))
