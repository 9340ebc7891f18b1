from __future__ import annotations

import pytest

from minzheng.core.models import User
from tests.elderly.factories import seed_settings
from tests.factories import AREAS, make_areas, make_user


@pytest.fixture
def areas(db) -> None:
    make_areas()
    seed_settings()


@pytest.fixture
def users(areas) -> dict[str, User]:
    return {
        "caseworker": make_user("e_cw", "caseworker", AREAS["community_a1"]),
        "township": make_user("e_tr", "township_reviewer", AREAS["township_a"]),
        "county": make_user("e_ca", "county_approver", AREAS["county_a"]),
        "city": make_user("e_ct", "city_admin", AREAS["city"]),
        "leader": make_user("e_ld", "leader", AREAS["city"]),
    }
