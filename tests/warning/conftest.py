from __future__ import annotations

import pytest

from minzheng.assistance.standards import seed_example_standards
from minzheng.warning.settings_specs import seed_example_settings


@pytest.fixture
def settings_seeded(areas):
    seed_example_standards()
    seed_example_settings()
