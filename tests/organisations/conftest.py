from __future__ import annotations

import pytest

from minzheng.core.duties import duty_grant
from minzheng.core.settings_write import seed_examples


@pytest.fixture
def org_settings(db):
    """The organisations' example settings (31 March, 31 May, six months, two years,
    50,000 yuan), city-wide from 1 January 2016."""
    return seed_examples(apps=["organisations"])


@pytest.fixture
def users(users):
    """The shared users; the county and city staff hold the organisation registrar's
    post (岗位, D10.6), as the registration authority's staff do."""
    for key in ("county", "city", "county_b", "county_2"):
        duty_grant(actor=None, user=users[key], code="organisation_registrar")
    return users
