"""Who may act on a marriage case (D9): the duty holders' grid of tests/bureau_rules.py
(MARRIAGE_BY_REGISTRAR, MARRIAGE_REGISTRAR_ROLES), asked of the engine both ways — every
role holding the duty gets past the role check for every action; the same role without
it, only where the role grid says so (tests/core/test_workflow_roles.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.definitions import registered
from minzheng.core.workflow.engine import transition
from minzheng.marriage.duties import MARRIAGE_REGISTRAR, REGISTRAR
from tests.bureau_rules import MARRIAGE_BY_REGISTRAR, MARRIAGE_REGISTRAR_ROLES, WORKFLOW_ROLES
from tests.factories import AREAS, make_user
from tests.marriage.cases import marriage_case

DAY = dt.date(2026, 3, 2)
HOME = {
    "township_reviewer": AREAS["township_a"],
    "county_approver": AREAS["county_a"],
    "city_admin": AREAS["city"],
}


def test_the_duty_is_the_bureaus():
    assert MARRIAGE_REGISTRAR.code == REGISTRAR
    assert set(MARRIAGE_REGISTRAR.roles) == set(MARRIAGE_REGISTRAR_ROLES)
    assert set(MARRIAGE_BY_REGISTRAR) == {n for n in registered() if n.startswith("marriage_")}


def _role_check(case, action, actor) -> bool:
    """Whether the engine let the actor past the role check (guards may still refuse)."""
    try:
        transition(case, action, actor, note="依规办理", today=DAY)
    except ActionNotPermitted:
        return False
    except WorkflowError as other:
        assert "管辖区域" not in str(other), other
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MARRIAGE_BY_REGISTRAR))
@pytest.mark.parametrize("role", sorted(MARRIAGE_REGISTRAR_ROLES), ids=str)
def test_a_registrar_may_and_the_same_role_without_the_duty_may_not(areas, name, role):
    holder = make_user(f"holder_{role}", role, HOME[role], duties=(REGISTRAR,))
    plain = make_user(f"plain_{role}", role, HOME[role])
    for action in sorted(MARRIAGE_BY_REGISTRAR[name]):
        case = marriage_case(name, holder, AREAS["community_a1"], DAY)
        assert _role_check(case, action, holder), f"{name}.{action} refused to a registrar"
        case = marriage_case(name, holder, AREAS["community_a1"], DAY)
        by_role = role in WORKFLOW_ROLES[name][action]
        assert _role_check(case, action, plain) is by_role, f"{name}.{action} by plain {role}"
