"""The typed boundary to the policy engine: facts from a registered household, the
parameters in force for its county and date (D1.18), typed proposals (issue 8 item 4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from minzheng.assistance.policy.vocabulary import Programme
from minzheng.assistance.policy_adapter import (
    document_lines,
    documents_to_bring,
    household_facts,
    proposal_for_household,
)
from minzheng.core.models import ConfigValue
from tests.factories import make_household

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


def test_the_proposal_uses_the_example_standard_when_nothing_is_configured(areas):
    household = make_household(size=2)
    proposal = proposal_for_household(household, on=DAY, monthly_income=Decimal("1000"))
    assert proposal.programme is Programme.DIBAO and proposal.programme_label == "最低生活保障"
    assert proposal.examples is True
    assert proposal.eligible is True
    assert proposal.standard == Decimal("780.00")  # D3.4 example urban standard
    assert proposal.per_capita_income == Decimal("500.00")  # 1000 ÷ 2
    assert proposal.amount == Decimal("560.00")  # (780 − 500) × 2, D1.14
    assert (proposal.unit, proposal.covered_members) == ("元/月", 2)


def test_the_county_standard_in_force_on_the_day_is_used(areas, standards):
    household = make_household(size=2)
    ConfigValue.objects.create(
        key="dibao.standard.urban",
        area_id="320302",
        value="900",
        effective_from=dt.date(2026, 7, 1),
        basis="鼓楼区2026年标准",
    )
    proposal = proposal_for_household(household, on=DAY, monthly_income=Decimal("1000"))
    assert proposal.examples is False
    assert proposal.amount == Decimal("800.00")  # (900 − 500) × 2
    before = proposal_for_household(
        household, on=dt.date(2026, 6, 30), monthly_income=Decimal("1000")
    )
    assert before.amount == Decimal("560.00")  # the city's 780 still in force in June


def test_an_income_at_the_standard_is_refused_with_reasons_in_words(areas):
    household = make_household(size=2)
    proposal = proposal_for_household(household, on=DAY, monthly_income=Decimal("1560"))
    assert proposal.eligible is False and proposal.amount == Decimal("0.00")
    refusals = [e for e in proposal.explanations if e.against]
    assert refusals and refusals[0].rule == "D1.13"
    assert refusals[0].basis == "最低生活保障：收入与财产条件"
    for item in proposal.explanations:
        assert not re.search(r"D\d+\.\d+", item.text), item.text
        assert not re.search(r"\bp\d+\b", item.text), item.text


def test_facts_carry_no_id_number_and_internal_member_ids(areas):
    household = make_household(size=2)
    facts = household_facts(household, on=DAY)
    ids = {m.person.id_number for m in household.current_members()}
    expected = {f"p{m.person_id}" for m in household.current_members()}
    assert {m.id for m in facts.members} == expected
    assert not ids & {m.id for m in facts.members}


def test_the_one_time_notification_lists_the_documents_to_bring(areas):
    household = make_household(size=2)
    notice = documents_to_bring(
        household, programme="dibao", channel="committee", fast_track=False, on=DAY
    )
    lines = document_lines(notice)
    assert lines == [  # D1.5: one list; the committee applies on the household's behalf
        "救助申请书（申请最低生活保障）",
        "委托书（委托他人代为申请）",
        "家庭经济状况核对授权书（授权核对家庭经济状况）",
    ]
