"""The duties' side of the hotline (D8.2, D8.3).

1. Which duty each action names, against the hand grid `HOTLINE_DUTIES` in
   tests/bureau_rules.py, both ways, through the engine: a city administrator (a role
   that may hold both duties) is asked for every action with and without each duty;
   with it, exactly the actions the duty grid or the role grid (`HOTLINE_TICKET`)
   name pass; without it, exactly the role grid's.
2. Sensitive tickets (tests/core/test_scope_matrix.py proves no role alone sees one):
   the duty holders see them exactly in their own area, on the matrix's five places.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import Role
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.core.workflow.engine import check_record, transition
from minzheng.hotline.models import Ticket
from minzheng.hotline.workflows import TICKET
from tests.bureau_rules import HOTLINE_DUTIES, HOTLINE_TICKET
from tests.core.matrix_base import PLACES, _foreign_tree
from tests.factories import AREAS, make_user

pytestmark = pytest.mark.django_db
DUTIES = ("hotline_operator", "child_protection_officer")


def test_the_duty_grid_names_the_same_actions_as_the_role_grid():
    assert set(HOTLINE_DUTIES) == set(HOTLINE_TICKET)


def _ticket(area: str, number: str, *, sensitive: bool = False) -> Ticket:
    now = timezone.now()
    return Ticket.objects.create(
        number=number,
        line="children",
        category="child_neglect" if sensitive else "child_help",
        urgency="normal",
        sensitive=sensitive,
        summary="值班核对",
        area_id=area,
        received_at=now,
        due_at=now + dt.timedelta(hours=2),
        taken_by=User.objects.get(username="clerk"),
    )


def _ask(ticket: Ticket, action: str, actor: User) -> bool:
    """Whether the engine lets the actor past the role-or-duty check."""
    records = {r.action for r in TICKET.records}
    try:
        if action in records:
            check_record(ticket, action, actor)
        else:
            transition(ticket, action, actor, note="依规办理")
    except ActionNotPermitted:
        return False
    except WorkflowError as other:
        assert "管辖区域" not in str(other), other
    return True


def _in(ticket: Ticket, state: str) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(status=state)
    return Ticket.objects.get(pk=ticket.pk)


def _sources(action: str) -> frozenset[str]:
    for t in TICKET.transitions:
        if t.action == action:
            return t.sources
    return TICKET.find_record(action).states


@pytest.mark.parametrize("duty", DUTIES)
def test_exactly_the_duties_the_rules_name_may_act(hotline_settings, duty):
    make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    holder = make_user("holder", Role.CITY_ADMIN, AREAS["city"], duties=(duty,))
    bare = make_user("bare", Role.CITY_ADMIN, AREAS["city"])
    ticket = _ticket(AREAS["community_a1"], "ET-duty")
    wrong = []
    for action, named in HOTLINE_DUTIES.items():
        for state in sorted(_sources(action)):
            by_role = Role.CITY_ADMIN in HOTLINE_TICKET[action]
            if _ask(_in(ticket, state), action, holder) is not (duty in named or by_role):
                wrong.append(f"{action} from {state} with {duty}")
            if _ask(_in(ticket, state), action, bare) is not by_role:
                wrong.append(f"{action} from {state} without a duty")
    assert wrong == []


# Who sees a sensitive ticket in each place, by hand (D8.2 with D0.3): the operator
# works at the city's hotline centre (every place of 徐州, not 南京); the duty officer
# of 鼓楼区 sees 鼓楼区's places only.
SEES = {
    "hotline_operator": {"own", "sibling_community", "sibling_township", "neighbour_county"},
    "child_protection_officer": {"own", "sibling_community", "sibling_township"},
}
HOLDERS = {
    "hotline_operator": (Role.CASEWORKER, AREAS["city"]),
    "child_protection_officer": (Role.COUNTY_APPROVER, AREAS["county_a"]),
}


@pytest.mark.parametrize("duty", DUTIES)
def test_duty_holders_see_sensitive_tickets_in_their_area(hotline_settings, duty):
    _foreign_tree()
    make_user("clerk", Role.CASEWORKER, AREAS["community_a1"])
    role, area = HOLDERS[duty]
    holder = make_user("holder", role, area, duties=(duty,))
    same_role = make_user("same_role", role, area)  # the same post without the duty
    tickets = {p: _ticket(code, f"S-{p}", sensitive=True) for p, code in PLACES.items()}
    for user, expected in ((holder, SEES[duty]), (same_role, set())):
        client = Client()
        client.force_login(user)
        listed = client.get("/hotline/").content.decode()
        api = {
            i["id"]
            for i in client.get("/api/v1/hotline/tickets", {"page_size": 200}).json()["items"]
        }
        for place, ticket in tickets.items():
            sees = place in expected
            assert (f"/hotline/tickets/{ticket.pk}/" in listed) is sees, (user, place)
            assert (ticket.pk in api) is sees, (user, place)
            detail = client.get(f"/hotline/tickets/{ticket.pk}/")
            assert detail.status_code == (200 if sees else 404), (user, place)
