"""Real-name meal records, the refusal list and the monthly settlement (D7.2; the
categories and amounts are the settings' example values: 80+ 3.00, low-income 5.00,
disabled 4.00 yuan a meal, low-income and disabled from 60). Expected amounts are added
up by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.workflow import ActionNotPermitted
from minzheng.elderly.models import MealRecord, MealRefusal
from minzheng.elderly.services.facilities import facility_decide
from minzheng.elderly.services.meals import Claim, meals_record
from minzheng.elderly.services.settlements import settlement_act, settlement_prepare
from tests.assistance.enrolments import make_enrolment
from tests.elderly.factories import make_canteen
from tests.factories import AREAS, PersonFactory, new_id_number

DAY = dt.date(2026, 3, 2)
LATER = dt.date(2026, 3, 5)


@pytest.fixture
def people(users):
    aged = PersonFactory(id_number=new_id_number(dt.date(1945, 6, 1)), name="高龄甲")  # 80
    young = PersonFactory(id_number=new_id_number(dt.date(1946, 6, 1)), name="未满乙")  # 79
    disabled = PersonFactory(
        id_number=new_id_number(dt.date(1960, 1, 1)),
        name="残疾丙",
        disability_type="physical",
        disability_grade=2,
    )  # 66, disabled
    enrolment = make_enrolment(users["county"], "dibao", "700", dt.date(2025, 1, 1), size=1)
    poor = enrolment.household.head
    poor.id_number = new_id_number(dt.date(1955, 2, 2))  # 71, household on dibao
    poor.birth_date = dt.date(1955, 2, 2)
    poor.save()
    return {"aged": aged, "young": young, "disabled": disabled, "poor": poor}


def _claim(person, meal="lunch", price="12.00", name=None):
    return Claim(person.id_number, person.name if name is None else name, meal, Decimal(price))


def _record(users, canteen, claims, day=DAY, today=LATER):
    return meals_record(
        actor=users["caseworker"],
        canteen=canteen,
        served_on=day,
        claims=claims,
        source="file",
        today=today,
    )


def test_each_reason_of_the_refusal_list_and_the_subsidies(users, people):
    canteen = make_canteen(AREAS["community_a1"])
    unknown = new_id_number(dt.date(1940, 1, 1))  # valid, never registered
    result = _record(
        users,
        canteen,
        [
            _claim(people["aged"]),  # 80 on 2 March: aged, 3.00
            _claim(people["aged"]),  # the same lunch again: duplicate
            _claim(people["young"]),  # 79, no disability, no assistance: ineligible
            Claim(unknown, "无名", "lunch", Decimal("12.00")),  # unknown person
            _claim(people["disabled"], price="3.50"),  # disabled 4.00, capped at the price 3.50
            _claim(people["poor"]),  # low-income 5.00
            _claim(people["aged"], meal="dinner"),  # another meal time: 3.00
        ],
    )
    recorded = {(r.person_id, r.meal): (r.category, r.subsidy) for r in result.recorded}
    assert recorded == {
        (people["aged"].pk, "lunch"): ("aged", Decimal("3.00")),
        (people["disabled"].pk, "lunch"): ("disabled", Decimal("3.50")),
        (people["poor"].pk, "lunch"): ("low_income", Decimal("5.00")),
        (people["aged"].pk, "dinner"): ("aged", Decimal("3.00")),
    }
    assert [r.reason for r in result.refused] == ["duplicate", "ineligible", "unknown_person"]
    assert MealRefusal.objects.get(reason="unknown_person").id_number_masked == (
        unknown[:4] + "*" * 10 + unknown[-4:]
    )


def test_one_subsidised_meal_per_person_per_meal_time_across_canteens(users, people):
    first = make_canteen(AREAS["community_a1"])
    second = make_canteen(AREAS["community_a1"])
    _record(users, first, [_claim(people["aged"])])
    result = _record(users, second, [_claim(people["aged"]), _claim(people["aged"], "breakfast")])
    assert [r.reason for r in result.refused] == ["duplicate"]
    assert MealRecord.objects.filter(person=people["aged"], served_on=DAY).count() == 2


def test_a_canteen_not_open_that_day_refuses_every_claim(users, people):
    canteen = make_canteen(AREAS["community_a1"])
    facility_decide(
        actor=users["county"],
        facility=canteen,
        action="suspend",
        note="整改",
        on=dt.date(2026, 3, 10),
        today=dt.date(2026, 3, 12),
    )
    closed = _record(
        users,
        canteen,
        [_claim(people["aged"])],
        day=dt.date(2026, 3, 10),
        today=dt.date(2026, 3, 12),
    )
    assert [r.reason for r in closed.refused] == ["canteen_closed"] and not closed.recorded
    # the day before the suspension it was open: the history decides, not today's status
    open_day = _record(
        users,
        canteen,
        [_claim(people["aged"])],
        day=dt.date(2026, 3, 9),
        today=dt.date(2026, 3, 12),
    )
    assert len(open_day.recorded) == 1


def test_a_meal_on_a_day_to_come_is_refused(users, people):
    canteen = make_canteen(AREAS["community_a1"])
    with pytest.raises(ValidationError) as refused:
        _record(users, canteen, [_claim(people["aged"])], day=dt.date(2026, 3, 6))
    assert "served_on" in refused.value.error_dict


def test_the_monthly_settlement_sums_by_category_and_is_approved_by_the_county(users, people):
    canteen = make_canteen(AREAS["community_a1"])
    _record(
        users,
        canteen,
        [_claim(people["aged"]), _claim(people["poor"]), _claim(people["disabled"])],
    )
    _record(users, canteen, [_claim(people["aged"])], day=dt.date(2026, 3, 3))
    _record(
        users,
        canteen,
        [_claim(people["aged"])],
        day=dt.date(2026, 4, 1),
        today=dt.date(2026, 4, 2),
    )
    april = dt.date(2026, 4, 2)
    settlement = settlement_prepare(
        actor=users["caseworker"], canteen=canteen, month=DAY, today=april
    )
    # March: aged 2 × 3.00 = 6.00; low-income 1 × 5.00; disabled 1 × 4.00; total 15.00
    # (the meal of 1 April is April's)
    assert settlement.meals == 4
    assert settlement.amount == Decimal("15.00")
    assert settlement.by_category == {
        "aged": [2, "6.00"],
        "disabled": [1, "4.00"],
        "low_income": [1, "5.00"],
    }
    with pytest.raises(ActionNotPermitted):
        settlement_act(actor=users["county"], settlement=settlement, action="submit")
    settlement_act(actor=users["caseworker"], settlement=settlement, action="submit")
    # once submitted, March takes no more meals
    late = _record(
        users, canteen, [_claim(people["young"])], day=dt.date(2026, 3, 31), today=april
    )
    assert [r.reason for r in late.refused] == ["settled"]
    with pytest.raises(ActionNotPermitted):
        settlement_act(actor=users["township"], settlement=settlement, action="approve")
    settlement_act(actor=users["county"], settlement=settlement, action="approve")
    assert settlement.status == "approved"


def test_only_a_finished_month_is_settled(users, people):
    canteen = make_canteen(AREAS["community_a1"])
    with pytest.raises(ValidationError) as refused:
        settlement_prepare(
            actor=users["caseworker"],
            canteen=canteen,
            month=dt.date(2026, 3, 1),
            today=dt.date(2026, 3, 31),
        )
    assert "month" in refused.value.error_dict
