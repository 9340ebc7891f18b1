from __future__ import annotations

import pytest

from minzheng.core.settings_write import seed_examples


@pytest.fixture
def org_settings(db):
    """The organisations' example settings (31 March, 31 May, six months, two years,
    50,000 yuan), city-wide from 1 January 2016."""
    return seed_examples(apps=["organisations"])
