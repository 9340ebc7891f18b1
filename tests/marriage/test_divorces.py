"""Divorce by agreement (D9.3) with the periods of D9.4 worked by hand: received Thu
3 Sep 2026 → cooling-off ends Thu 8 Oct 2026 (day 30, Sat 3 Oct, is in the National Day
holiday 1–7 Oct) → the certificate window ends Mon 9 Nov 2026 (day 30, Sat 7 Nov)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from minzheng.core.models import TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.marriage.models import Divorce, MaritalStatusChange
from minzheng.marriage.services.divorces import (
    divorce_receive,
    divorce_register,
    divorce_withdraw,
    divorces_lapse,
)
from minzheng.marriage.services.registrations import marriage_register
from tests.marriage.conftest import receive, resident

D = dt.date
RECEIVED = D(2026, 9, 3)
COOLING_OFF_ENDS = D(2026, 10, 8)
WINDOW_ENDS = D(2026, 11, 9)


@pytest.fixture
def married(registrar, registry):
    man, woman = resident(D(1990, 1, 1), True, "王强"), resident(D(1992, 1, 1), False, "赵敏")
    case = receive(registrar, registry, man, woman, D(2025, 6, 20))
    marriage_register(actor=registrar, case=case, today=D(2025, 6, 20))
    return case


def apply(registrar, registry, married, **changes) -> Divorce:
    fields = {
        "party_a_name": married.party_a_name,
        "party_a_id_number": married.party_a_id_number,
        "party_b_name": married.party_b_name,
        "party_b_id_number": married.party_b_id_number,
        "marriage_certificate_number": "J32030201-2025-000001",
        "agreement_children": "无子女",
        "agreement_property": "各自所有",
        "agreement_debts": "无",
        "today": RECEIVED,
        **changes,
    }
    return divorce_receive(actor=registrar, registry=registry, **fields)


def test_both_end_dates_are_fixed_on_receipt(registrar, registry, married):
    case = apply(registrar, registry, married)
    assert (case.cooling_off_ends_on, case.window_ends_on) == (COOLING_OFF_ENDS, WINDOW_ENDS)
    assert case.marriage == married and case.status == "applied"


def test_the_agreement_must_settle_children_property_and_debts(registrar, registry, married):
    with pytest.raises(ValidationError) as error:
        apply(registrar, registry, married, agreement_children=" ", agreement_debts="")
    assert set(error.value.error_dict) == {"agreement_children", "agreement_debts"}


def test_either_party_may_withdraw_until_the_last_day_of_cooling_off(registrar, registry, married):
    case = apply(registrar, registry, married)
    with pytest.raises(WorkflowError, match="请选择撤回申请的一方"):
        divorce_withdraw(actor=registrar, case=case, party="", note="", today=COOLING_OFF_ENDS)
    divorce_withdraw(actor=registrar, case=case, party="party_b", note="", today=COOLING_OFF_ENDS)
    case.refresh_from_db()
    assert (case.status, case.withdrawn_by, case.closed_on) == (
        "withdrawn",
        "party_b",
        COOLING_OFF_ENDS,
    )


def test_no_withdrawal_after_the_cooling_off_period(registrar, registry, married):
    case = apply(registrar, registry, married)
    with pytest.raises(WorkflowError, match="冷静期已于2026-10-08届满"):
        divorce_withdraw(
            actor=registrar, case=case, party="party_a", note="", today=D(2026, 10, 9)
        )


def test_the_certificate_only_in_the_window_with_both_present(registrar, registry, married):
    case = apply(registrar, registry, married)
    with pytest.raises(WorkflowError, match="届满后方可发给离婚证"):
        divorce_register(actor=registrar, case=case, both_present=True, today=COOLING_OFF_ENDS)
    with pytest.raises(WorkflowError, match="须双方亲自到场"):
        divorce_register(actor=registrar, case=case, both_present=False, today=D(2026, 10, 9))
    cert = divorce_register(actor=registrar, case=case, both_present=True, today=WINDOW_ENDS)
    assert cert.number == "L32030201-2026-000001"
    case.refresh_from_db()
    married.refresh_from_db()
    assert case.status == "divorced" and married.dissolved_on == WINDOW_ENDS
    latest = MaritalStatusChange.objects.filter(person=married.party_a).order_by("-id").first()
    assert (latest.status, latest.effective_on) == ("divorced", WINDOW_ENDS)


def test_the_daily_job_deems_withdrawn_the_day_after_the_window(registrar, registry, married):
    case = apply(registrar, registry, married)
    assert divorces_lapse(actor=registrar, today=WINDOW_ENDS) == []  # its last day: still open
    # the day after, before the job has run, the certificate is refused already
    with pytest.raises(WorkflowError, match="申领期限已于2026-11-09届满"):
        divorce_register(actor=registrar, case=case, both_present=True, today=D(2026, 11, 10))
    call_command("marriage_lapse", user="registrar", today="2026-11-10")
    case.refresh_from_db()
    assert (case.status, case.closed_on) == ("lapsed", D(2026, 11, 10))
    log = TransitionLog.objects.get(object_id=str(case.pk), workflow="marriage_divorce")
    assert (log.action, log.actor.username) == ("lapse", "registrar")


def test_the_command_names_a_bad_user_or_date(registrar):
    with pytest.raises(CommandError, match="不存在"):
        call_command("marriage_lapse", user="nobody")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("marriage_lapse", user="registrar", today="10/11/2026")
