"""Key households under tracked help: one active record per household, follow-ups
that move the next date, the overdue list, and closing through the workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.screening.models import KeyHousehold
from minzheng.screening.selectors import key_households_visible
from minzheng.screening.services.tracking import (
    Placement,
    follow_up_record,
    key_household_close,
    key_household_place,
)
from minzheng.screening.workflows import KEY_HOUSEHOLD
from tests.screening.conftest import family, resident

pytestmark = pytest.mark.django_db
D = dt.date
START = D(2026, 5, 6)


def _place(users, household, actor="caseworker", **kw) -> KeyHousehold:
    return key_household_place(
        actor=users[actor],
        household=household,
        plan=Placement(
            "重病致贫",
            "协调医疗救助，每月回访",
            kw.pop("next", D(2026, 6, 5)),
            kw.pop("responsible", None),
        ),
        started_on=START,
        today=kw.pop("today", START),
    )


def _follow(users, record, on, next_on, actor="caseworker"):
    return follow_up_record(
        actor=users[actor],
        key_household=record,
        followed_on=on,
        method="home",
        note="已申请医疗救助",
        next_follow_up_on=next_on,
        today=on,
    )


def test_a_household_is_under_tracked_help_once_at_a_time(users, areas):
    household = family(resident())
    first = _place(users, household)
    with pytest.raises(ValidationError) as caught:
        _place(users, household, actor="township")
    assert caught.value.message_dict["household"] == [
        "该家庭已于2026-05-06纳入重点帮扶，正在跟踪中"
    ]
    key_household_close(actor=users["township"], key_household=first, reason="病愈返岗")
    assert _place(users, household).status == "active"  # may be placed again later


def test_a_follow_up_moves_the_next_date_and_clears_the_overdue_flag(users, areas):
    record = _place(users, family(resident()))
    assert list(KeyHousehold.objects.overdue(D(2026, 6, 6))) == [record]
    assert not KeyHousehold.objects.overdue(D(2026, 6, 5)).exists()  # due that day
    _follow(users, record, D(2026, 6, 8), D(2026, 7, 8))
    record.refresh_from_db()
    assert record.next_follow_up_on == D(2026, 7, 8)
    assert not KeyHousehold.objects.overdue(D(2026, 6, 9)).exists()
    entry = AuditEntry.objects.get(object_type="screening.followup")
    assert entry.after["next_follow_up_on"] == "2026-07-08"
    assert entry.area_code == record.area_id


@pytest.mark.parametrize(
    ("on", "next_on", "field", "message"),
    [
        (D(2026, 6, 8), D(2026, 6, 8), "next_follow_up_on", "下次跟踪日期须晚于本次跟踪日期"),
        (D(2026, 5, 1), D(2026, 6, 8), "followed_on", "跟踪日期不能早于纳入日期"),
    ],
)
def test_inconsistent_follow_up_dates_are_refused(users, areas, on, next_on, field, message):
    record = _place(users, family(resident()))
    with pytest.raises(ValidationError) as caught:
        _follow(users, record, on, next_on)
    assert caught.value.message_dict[field] == [message]


def test_closing_goes_through_the_workflow_and_needs_a_reason(users, areas):
    record = _place(users, family(resident()))
    with pytest.raises(WorkflowError, match="须填写意见或理由"):
        key_household_close(actor=users["caseworker"], key_household=record, reason="")
    with pytest.raises(WorkflowError, match="无权执行"):
        key_household_close(actor=users["auditor"], key_household=record, reason="审计")
    key_household_close(
        actor=users["caseworker"], key_household=record, reason="家庭收入恢复", today=D(2026, 8, 1)
    )
    record.refresh_from_db()
    assert (record.status, record.closed_on, record.closed_reason) == (
        "closed",
        D(2026, 8, 1),
        "家庭收入恢复",
    )
    assert TransitionLog.objects.get(object_id=str(record.pk)).note == "家庭收入恢复"
    assert AuditEntry.objects.filter(action="transition", object_id=str(record.pk)).exists()
    with pytest.raises(ValidationError, match="已结束帮扶"):
        _follow(users, record, D(2026, 8, 2), D(2026, 9, 2))


def test_every_key_household_transition_by_role(users, areas):
    (close,) = KEY_HOUSEHOLD.transitions
    for key in ("caseworker", "township", "county", "city"):
        assert users[key].role in close.roles
    assert users["auditor"].role not in close.roles and users["leader"].role not in close.roles


def test_the_responsible_person_must_work_in_the_households_area(users, areas):
    household = family(resident())
    with pytest.raises(ValidationError) as caught:
        _place(users, household, responsible=users["caseworker_b"])
    assert "不负责该家庭所在区域" in caught.value.message_dict["responsible"][0]
    assert _place(users, household, responsible=users["county"]).responsible == users["county"]


def test_key_households_are_scoped_and_outsiders_cannot_place_or_follow_up(users, areas):
    record = _place(users, family(resident()))
    assert list(key_households_visible(users["township"])) == [record]
    assert not key_households_visible(users["caseworker_b"]).exists()
    assert not key_households_visible(users["leader"]).exists()
    with pytest.raises(PermissionDenied):
        _place(users, family(resident()), actor="caseworker_b")
    with pytest.raises(PermissionDenied):
        _follow(users, record, D(2026, 6, 1), D(2026, 7, 1), actor="county_b")


def test_the_start_date_cannot_be_in_the_future(users, areas):
    with pytest.raises(ValidationError) as caught:
        _place(users, family(resident()), today=D(2026, 5, 5))
    assert caught.value.message_dict["started_on"] == ["纳入日期不能晚于今天"]
