"""Appointments (D9.5): working days only (D11: the 2026 official calendar), a daily
capacity (the registry's own, else the setting), full days refused in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.marriage.services.appointments import appointment_book, appointment_cancel

D = dt.date
TODAY = D(2026, 9, 21)  # a Monday


def book(registrar, registry, day, n=1):
    return appointment_book(
        actor=registrar,
        registry=registry,
        day=day,
        kind="marriage",
        party_a_name=f"甲{n}",
        party_b_name=f"乙{n}",
        phone="13800000000",
        today=TODAY,
    )


def refusal(registrar, registry, day) -> str:
    with pytest.raises(ValidationError) as error:
        book(registrar, registry, day)
    return error.value.error_dict["day"][0].message


def test_no_booking_on_a_weekend_or_public_holiday(registrar, registry):
    assert "休息日" in refusal(registrar, registry, D(2026, 9, 27))  # a Sunday
    assert "休息日" in refusal(registrar, registry, D(2026, 10, 2))  # National Day holiday
    assert book(registrar, registry, D(2026, 10, 10)).day == D(2026, 10, 10)  # make-up Sat


def test_a_full_day_is_refused_and_a_cancellation_frees_a_place(registrar, registry):
    registry.daily_capacity = 2
    registry.save()
    first = book(registrar, registry, D(2026, 9, 22), 1)
    book(registrar, registry, D(2026, 9, 22), 2)
    assert refusal(registrar, registry, D(2026, 9, 22)) == (
        "鼓楼区婚姻登记处2026-09-22的2个预约名额已满，请选择其他日期"
    )
    appointment_cancel(actor=registrar, appointment=first)
    assert book(registrar, registry, D(2026, 9, 22), 3).status == "booked"


def test_without_its_own_capacity_the_setting_applies(registrar, registry):
    # the example setting: 40 a day (marriage.appointment.daily_capacity)
    for n in range(40):
        book(registrar, registry, D(2026, 9, 23), n)
    assert "40个预约名额已满" in refusal(registrar, registry, D(2026, 9, 23))


def test_not_today_nor_beyond_the_horizon(registrar, registry):
    assert refusal(registrar, registry, TODAY) == "预约日期须晚于今天"
    # the example horizon is 60 days: 2026-11-20 is day 60, 2026-11-23 (Mon) beyond
    assert book(registrar, registry, D(2026, 11, 20)).day == D(2026, 11, 20)
    assert refusal(registrar, registry, D(2026, 11, 23)) == "最多可提前60天预约"
