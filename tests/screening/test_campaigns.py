"""A campaign's life: the list (idempotent), rounds and their working-day deadlines
(D11), the workflow from its transition table, visibility by area (D0.3), audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import transition
from minzheng.screening.models import Campaign
from minzheng.screening.selectors import campaigns_visible
from minzheng.screening.services.campaigns import (
    campaign_activate,
    campaign_close,
    campaign_populate,
    round_open,
)
from minzheng.screening.services.visits import visit_record
from minzheng.screening.workflows import CAMPAIGN
from tests.factories import AREAS
from tests.screening.conftest import DAY, family, new_campaign, resident

pytestmark = pytest.mark.django_db
D = dt.date


def test_populating_again_adds_only_newcomers_and_keeps_the_visits(users, running):
    organiser, campaign = users["township"], running.campaign
    target = running.target(running.households[0])
    visit_record(
        actor=users["caseworker"],
        target=target,
        visited_on=D(2026, 3, 3),
        method="home",
        outcome="no_difficulty",
        situation="生活正常",
        today=D(2026, 3, 3),
    )
    again = campaign_populate(actor=organiser, campaign=campaign, on=D(2026, 3, 4))
    assert (again.added, again.total) == (0, 4)
    newcomer = family(resident())
    later = campaign_populate(actor=organiser, campaign=campaign, on=D(2026, 3, 5))
    assert (later.added, later.total) == (1, 5)
    assert campaign.targets.filter(household=newcomer).exists()
    assert campaign.targets.get(pk=target.pk).visits.count() == 1


def test_create_populate_and_rounds_are_audited(users, running):
    campaign = running.campaign
    rows = AuditEntry.objects.filter(area_code=AREAS["township_a"], actor_username="li_township")
    created = rows.get(action="create", object_type="screening.campaign")
    assert created.after["name"] == "春季走访排查" and created.object_id == str(campaign.pk)
    populated = rows.get(action="update", object_type="screening.campaign")
    assert populated.after == {"added": 4, "total": 4, "on": "2026-03-02"}
    assert rows.get(object_type="screening.round").summary.startswith("安排第1轮排查")
    assert rows.filter(action="transition", object_id=str(campaign.pk)).count() == 1


def test_a_round_ends_n_working_days_after_it_starts_across_national_day(users):
    campaign = new_campaign(users["township"])
    # Tue 29 and Wed 30 Sep (2), 1–7 Oct off, Thu 8 and Fri 9 Oct (4), make-up Sat 10 Oct (5).
    autumn = round_open(
        actor=users["township"], campaign=campaign, starts_on=D(2026, 9, 28), working_days=5
    )
    assert autumn.ends_on == D(2026, 10, 10)


def test_rounds_follow_one_another(users, running):
    with pytest.raises(ValidationError) as caught:
        round_open(
            actor=users["township"],
            campaign=running.campaign,
            starts_on=D(2026, 3, 16),
            working_days=10,
        )
    assert caught.value.message_dict["starts_on"] == ["须晚于第1轮的截止日期2026-03-16"]
    second = round_open(
        actor=users["township"],
        campaign=running.campaign,
        starts_on=D(2026, 3, 17),
        working_days=10,
    )
    assert second.number == 2


def test_only_organisers_of_the_area_open_rounds(users, running):
    with pytest.raises(PermissionDenied):
        round_open(
            actor=users["caseworker"],
            campaign=running.campaign,
            starts_on=D(2026, 4, 1),
            working_days=5,
        )
    with pytest.raises(PermissionDenied):
        round_open(
            actor=users["county_b"],
            campaign=running.campaign,
            starts_on=D(2026, 4, 1),
            working_days=5,
        )


# The transition table: every allowed transition by an allowed role, every other refused.
ALLOWED = {(t.action, s) for t in CAMPAIGN.transitions for s in t.sources}


@pytest.mark.parametrize("state", sorted(CAMPAIGN.states))
@pytest.mark.parametrize("action", [t.action for t in CAMPAIGN.transitions])
def test_campaign_transition_table(users, state, action):
    campaign = _campaign_in(users, state)
    if (action, state) in ALLOWED:
        transition(campaign, action, users["county"], note="依计划", today=DAY)
        assert campaign.status == CAMPAIGN.find(action).target
    else:
        with pytest.raises(WorkflowError):
            transition(campaign, action, users["county"], note="依计划", today=DAY)


def _campaign_in(users, state: str) -> Campaign:
    """A campaign in `state`, ready for every transition its guard would allow."""
    family(resident())
    campaign = new_campaign(users["township"])
    campaign_populate(actor=users["township"], campaign=campaign, on=DAY)
    round_open(actor=users["township"], campaign=campaign, starts_on=DAY, working_days=5)
    if state == "draft":
        return campaign
    campaign_activate(actor=users["township"], campaign=campaign, today=DAY)
    if state == "closed":
        campaign_close(actor=users["township"], campaign=campaign, note="完成", today=DAY)
    return campaign


def test_a_campaign_starts_only_with_a_list_and_a_round(users):
    family(resident())
    campaign = new_campaign(users["township"])
    with pytest.raises(WorkflowError, match="尚未生成排查名单"):
        campaign_activate(actor=users["township"], campaign=campaign)
    campaign_populate(actor=users["township"], campaign=campaign, on=DAY)
    with pytest.raises(WorkflowError, match="尚未安排排查轮次"):
        campaign_activate(actor=users["township"], campaign=campaign)


def test_caseworkers_neither_start_nor_end_a_campaign_and_closing_needs_a_reason(users, running):
    with pytest.raises(WorkflowError, match="无权执行"):
        campaign_close(actor=users["caseworker"], campaign=running.campaign, note="结束")
    with pytest.raises(WorkflowError, match="须填写意见或理由"):
        campaign_close(actor=users["township"], campaign=running.campaign, note=" ")
    campaign_close(actor=users["township"], campaign=running.campaign, note="四轮已完成")
    log = TransitionLog.objects.get(object_id=str(running.campaign.pk), action="close")
    assert (log.note, log.actor_role) == ("四轮已完成", "township_reviewer")


def test_the_status_is_changed_only_by_the_engine(users, running):
    running.campaign.status = "closed"
    with pytest.raises(WorkflowError, match="只能通过工作流引擎"):
        running.campaign.save()


def test_a_closed_campaign_takes_no_more_lists_rounds_or_visits(users, running):
    campaign_close(actor=users["township"], campaign=running.campaign, note="结束")
    with pytest.raises(ValidationError):
        campaign_populate(actor=users["township"], campaign=running.campaign)
    with pytest.raises(ValidationError):
        round_open(
            actor=users["township"],
            campaign=running.campaign,
            starts_on=D(2026, 4, 1),
            working_days=5,
        )
    with pytest.raises(ValidationError, match="未启动或已结束"):
        visit_record(
            actor=users["caseworker"],
            target=running.target(running.households[0]),
            visited_on=D(2026, 3, 3),
            method="home",
            outcome="no_difficulty",
            situation="正常",
        )


def test_a_campaign_is_seen_within_its_area_and_by_those_above_it(users, running):
    city_wide = new_campaign(users["city"], area_code=AREAS["city"], name="全市排查")
    seen = {
        key: set(campaigns_visible(users[key]).values_list("pk", flat=True))
        for key in (
            "caseworker",
            "township",
            "county",
            "city",
            "auditor",
            "caseworker_b",
            "leader",
        )
    }
    both = {running.campaign.pk, city_wide.pk}
    assert seen["caseworker"] == seen["township"] == seen["county"] == both
    assert seen["city"] == seen["auditor"] == both
    assert seen["caseworker_b"] == {city_wide.pk}  # the other county's caseworker
    assert seen["leader"] == set()  # aggregates only: figures, not lists
