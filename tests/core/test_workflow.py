"""The workflow engine, tested from its transition table: every allowed transition
is performed, every forbidden one (state, role, area, guard, note) is refused."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from minzheng.core.models import AuditEntry, ConfigValue, TransitionLog
from minzheng.core.workflow import WorkflowError, get_workflow
from minzheng.core.workflow.engine import allowed_actions, history, transition
from tests.factories import AREAS
from tests.workflowapp.models import SampleCase

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 12)  # the Thursday before the 2026 Spring Festival


@pytest.fixture
def case(users):
    ConfigValue.objects.create(
        key="sample.decision_days", value="10", effective_from=dt.date(2020, 1, 1), basis="测试"
    )
    return SampleCase.objects.create(title="张三申请", area_id=AREAS["community_a1"])


ACTOR_FOR_ROLE = {
    "caseworker": "caseworker",
    "township_reviewer": "township",
    "county_approver": "county",
}


def _drive_to(case, state, users):
    path = {"applied": [], "accepted": ["accept"], "reviewed": ["accept", "review"]}
    for action in path[state]:
        t = get_workflow("sample").find(action)
        actor = users[ACTOR_FOR_ROLE[next(iter(t.roles))]]
        transition(case, action, actor, today=TODAY)


def test_new_cases_start_in_the_initial_state(case):
    assert case.status == "applied"


def test_every_allowed_transition_moves_the_case_and_logs_it(case, users):
    """Each (transition, source state, permitted role) triple, on a fresh case."""
    for t in get_workflow("sample").transitions:
        for source in sorted(t.sources):
            for role in sorted(t.roles):
                subject = SampleCase.objects.create(title=t.action, area_id=AREAS["community_a1"])
                _drive_to(subject, source, users)
                actor = users[ACTOR_FOR_ROLE[role]]
                log = transition(subject, t.action, actor, today=TODAY, note="同意", amount="500")
                assert SampleCase.objects.get(pk=subject.pk).status == t.target
                assert (log.from_state, log.to_state, log.actor) == (source, t.target, actor)


def test_every_transition_from_a_wrong_state_is_refused(case, users):
    workflow = get_workflow("sample")
    for t in workflow.transitions:
        for state in set(workflow.states) - t.sources - workflow.final_states:
            subject = SampleCase.objects.create(title="x", area_id=AREAS["community_a1"])
            _drive_to(subject, state, users)
            actor = users[ACTOR_FOR_ROLE[next(iter(t.roles))]]
            with pytest.raises(WorkflowError, match="不能执行"):
                transition(subject, t.action, actor, today=TODAY, note="x", amount="1")


def test_a_role_not_named_by_the_transition_is_refused(case, users):
    with pytest.raises(WorkflowError, match="无权执行“受理”"):
        transition(case, "accept", users["county"], today=TODAY)
    with pytest.raises(WorkflowError, match="无权执行“受理”"):
        transition(case, "accept", users["auditor"], today=TODAY)
    assert SampleCase.objects.get(pk=case.pk).status == "applied"
    assert not TransitionLog.objects.exists()


def test_an_actor_outside_the_area_is_refused(case, users):
    with pytest.raises(WorkflowError, match="不在您的管辖区域内"):
        transition(case, "accept", users["caseworker_b"], today=TODAY)


def test_a_guard_refuses_with_its_reason(case, users):
    _drive_to(case, "reviewed", users)
    with pytest.raises(WorkflowError, match="审批须填写金额"):
        transition(case, "approve", users["county"], today=TODAY)
    transition(case, "approve", users["county"], today=TODAY, amount="780")
    assert case.status == "approved"


def test_a_refusal_requires_reasons(case, users):
    _drive_to(case, "accepted", users)
    with pytest.raises(WorkflowError, match="须填写意见或理由"):
        transition(case, "refuse", users["township"], today=TODAY, note="  ")


def test_deadlines_are_working_days_across_the_spring_festival(case, users):
    transition(case, "accept", users["caseworker"], today=TODAY)
    assert case.deadline == dt.date(2026, 3, 4)  # 10 working days, literal in the table
    transition(case, "review", users["township"], today=dt.date(2026, 2, 13))
    assert case.deadline == dt.date(2026, 3, 5)  # 10 working days, from configuration


def test_the_log_and_the_audit_entry_are_written_with_the_transition(case, users):
    transition(case, "accept", users["caseworker"], today=TODAY, note="材料齐全")
    [log] = history(case)
    assert (log.action, log.note, log.actor_role) == ("accept", "材料齐全", "caseworker")
    entry = AuditEntry.objects.get(action="transition")
    assert entry.after["status"] == "accepted" and entry.area_code == AREAS["community_a1"]


def test_status_cannot_be_changed_outside_the_engine(case):
    case.status = "approved"
    with pytest.raises(WorkflowError, match="只能通过工作流引擎变更"):
        case.save()
    assert SampleCase.objects.get(pk=case.pk).status == "applied"


def test_allowed_actions_lists_only_what_the_actor_may_do(case, users):
    assert [t.action for t in allowed_actions(case, users["caseworker"])] == ["accept"]
    assert allowed_actions(case, users["township"]) == []
    assert allowed_actions(case, users["caseworker_b"]) == []


@pytest.mark.postgres_only  # SQLite has no row locks: it serialises whole transactions
@pytest.mark.django_db(transaction=True)
def test_two_people_acting_at_once_the_second_waits_and_is_told_the_new_state(users):
    """The engine locks the case row: a second `accept` while the first is still in
    its transaction waits, then sees the new state and is refused for it (not a lost
    update, not the engine's "handled by someone else at the same time" fallback)."""
    case = SampleCase.objects.create(title="同时受理", area_id=AREAS["community_a1"])
    holding, outcome = threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                transition(SampleCase.objects.get(pk=case.pk), "accept", users["caseworker"])
                holding.set()
                time.sleep(0.5)  # keep the row locked while the second one tries
        finally:
            connection.close()

    def second() -> None:
        holding.wait(10)
        try:
            transition(SampleCase.objects.get(pk=case.pk), "accept", users["caseworker"])
            outcome["second"] = "performed"
        except WorkflowError as refused:
            outcome["second"] = str(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcome["second"] == "当前状态“已受理”不能执行“受理”"
    assert TransitionLog.objects.filter(object_id=str(case.pk)).count() == 1
