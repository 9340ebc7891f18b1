"""Visits and what the campaign reports from them: coverage, person-times, households
found in need or placed under tracked help, overdue targets — in the viewer's area."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.screening.figures import campaign_figures
from minzheng.screening.models import KeyHousehold
from minzheng.screening.selectors import target_for_visit, targets_in_current_round
from minzheng.screening.services.campaigns import round_open
from minzheng.screening.services.tracking import Placement
from minzheng.screening.services.visits import visit_record
from tests.factories import AREAS

pytestmark = pytest.mark.django_db
D = dt.date
DURING = D(2026, 3, 10)  # round 1 runs 2–16 March 2026
AFTER = D(2026, 3, 20)
EARLY = D(2026, 3, 5)


def _visit(users, running, index, outcome="no_difficulty", day=EARLY, **kw):
    who = users["caseworker"] if index < 3 else users["township"]  # index 3 is in a2
    return visit_record(
        actor=kw.pop("actor", who),
        target=running.target(running.households[index]),
        visited_on=day,
        method=kw.pop("method", "home"),
        outcome=outcome,
        situation=kw.pop("situation", "家中老人身体尚可"),
        today=kw.pop("today", DURING),
        **kw,
    )


def _plan(**kw) -> Placement:
    return Placement(
        kw.get("reason", "独居高龄，患慢性病"),
        kw.get("help_plan", "每月上门一次，协调助餐"),
        kw.get("next", D(2026, 4, 5)),
    )


def test_coverage_and_person_times_of_a_round(users, running):
    _visit(users, running, 0)
    _visit(users, running, 0, day=D(2026, 3, 9), method="phone")  # a second person-time
    _visit(users, running, 1, "identified_for_assistance")
    _visit(users, running, 3, "referred")
    f = campaign_figures(users["township"], running.campaign, DURING)
    assert (f.targets, f.visited, f.person_times) == (4, 3, 4)
    assert f.coverage == Decimal("75.0")
    assert (f.identified_for_assistance, f.referred, f.placed_under_tracked_help) == (1, 1, 0)
    (first,) = f.rounds
    assert (first.visited, first.person_times, first.coverage) == (3, 4, Decimal("75.0"))
    assert first.overdue == 0 and f.overdue_targets == 0  # the round has not ended


def test_figures_cover_only_the_viewers_area(users, running):
    _visit(users, running, 0)
    _visit(users, running, 3)
    mine = campaign_figures(users["caseworker"], running.campaign, DURING)  # community_a1
    assert (mine.targets, mine.visited, mine.coverage) == (3, 1, Decimal("33.3"))
    county_b = campaign_figures(users["county_b"], running.campaign, DURING)
    assert (county_b.targets, county_b.person_times) == (0, 0)
    assert county_b.coverage is None


def test_targets_not_visited_by_the_deadline_are_overdue(users, running):
    _visit(users, running, 0)
    second = round_open(
        actor=users["township"],
        campaign=running.campaign,
        starts_on=D(2026, 3, 17),
        working_days=10,
    )
    _visit(users, running, 1, day=D(2026, 3, 18), today=AFTER)  # round 2, not round 1
    f = campaign_figures(users["township"], running.campaign, AFTER)
    first, current = f.rounds
    assert (first.ended, first.overdue) == (True, 3)
    assert (current.ended, current.overdue, current.visited) == (False, 0, 1)
    assert f.overdue_targets == 3
    assert second.number == 2


def test_a_late_visit_still_covers_the_target_and_shows_as_late(users, running):
    visit = _visit(users, running, 0, day=D(2026, 3, 18), today=AFTER)
    assert visit.round == running.round and visit.is_late
    assert campaign_figures(users["township"], running.campaign, AFTER).overdue_targets == 3


def test_a_visit_that_places_the_household_opens_tracked_help_in_one_go(users, running):
    visit = _visit(users, running, 2, "placed_under_tracked_help", placement=_plan())
    record = KeyHousehold.objects.get(household=running.households[2])
    assert visit.key_household == record and record.campaign == running.campaign
    assert (record.status, record.responsible, record.started_on) == (
        "active",
        users["caseworker"],
        D(2026, 3, 5),
    )
    f = campaign_figures(users["township"], running.campaign, DURING)
    assert f.placed_under_tracked_help == 1
    audit = AuditEntry.objects.filter(actor_username="wang_caseworker", action="create")
    assert set(audit.values_list("object_type", flat=True)) == {
        "screening.visit",
        "screening.keyhousehold",
    }
    assert audit.get(object_type="screening.visit").area_code == AREAS["community_a1"]


def test_placing_without_a_plan_is_refused_field_by_field(users, running):
    with pytest.raises(ValidationError) as caught:
        _visit(users, running, 2, "placed_under_tracked_help")
    assert set(caught.value.message_dict) == {"reason", "help_plan", "next_follow_up_on"}
    with pytest.raises(ValidationError) as caught:
        _visit(users, running, 2, "placed_under_tracked_help", placement=_plan(next=D(2026, 3, 5)))
    assert caught.value.message_dict["next_follow_up_on"] == ["下次跟踪日期须晚于纳入日期"]
    assert not KeyHousehold.objects.exists()
    assert not AuditEntry.objects.filter(object_type="screening.visit").exists()


@pytest.mark.parametrize(
    ("day", "field", "message"),
    [
        (D(2026, 3, 1), "visited_on", "该日期不在任何排查轮次内"),
        (D(2026, 3, 11), "visited_on", "走访日期不能晚于今天"),
    ],
)
def test_a_visit_outside_the_rounds_or_in_the_future_is_refused(
    users, running, day, field, message
):
    with pytest.raises(ValidationError) as caught:
        _visit(users, running, 0, day=day)
    assert caught.value.message_dict[field] == [message]


def test_a_caseworker_of_another_county_can_neither_see_nor_visit(users, running):
    target = running.target(running.households[0])
    with pytest.raises(Http404):
        target_for_visit(users["caseworker_b"], target.pk)
    with pytest.raises(PermissionDenied):
        _visit(users, running, 0, actor=users["caseworker_b"])
    assert not targets_in_current_round(users["caseworker_b"], DURING).exists()
    with pytest.raises(PermissionDenied):  # auditors read, never write
        _visit(users, running, 0, actor=users["auditor"])


def test_my_targets_show_the_current_round_and_who_is_still_to_visit(users, running):
    _visit(users, running, 0)
    rows = list(targets_in_current_round(users["caseworker"], DURING))
    assert [r.household_id for r in rows][-1] == running.households[0].pk  # visited last
    assert [r.visited for r in rows] == [False, False, True]
    assert {r.round_number for r in rows} == {1}
    todo = targets_in_current_round(users["caseworker"], DURING, unvisited_only=True)
    assert todo.count() == 2
    assert not targets_in_current_round(users["caseworker"], D(2026, 3, 1)).exists()


def test_the_headline_is_the_current_rounds_row_of_the_rounds_table(users, running):
    """Issue 17 item 11: one source for the tiles and the table (numbers by hand)."""
    for index in (0, 1, 3):  # 3 of the 4 targets in round 1; target 2 is missed
        _visit(users, running, index)
    f = campaign_figures(users["township"], running.campaign, AFTER)
    (first,) = f.rounds
    assert (first.visited, first.targets, first.coverage, first.overdue) == (
        3,
        4,
        Decimal("75.0"),
        1,
    )
    assert (f.visited, f.coverage, f.overdue_targets) == (3, Decimal("75.0"), 1)
    round_open(
        actor=users["township"],
        campaign=running.campaign,
        starts_on=D(2026, 3, 17),
        working_days=10,
    )
    _visit(users, running, 2, day=D(2026, 3, 18), today=AFTER)
    f = campaign_figures(users["township"], running.campaign, AFTER)
    assert f.current is not None and f.current.number == 2
    assert (f.visited, f.coverage, f.overdue_targets) == (1, Decimal("25.0"), 1)
