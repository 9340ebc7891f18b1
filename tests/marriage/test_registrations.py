"""Marriage registration through the workflow (D9.1–D9.2): the checks on the day of
registration, the signed declaration, certificate numbers, the status history, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.marriage.models import MaritalStatusChange, MarriageRegistration, Registry
from minzheng.marriage.services.registrations import (
    marriage_receive,
    marriage_refuse,
    marriage_register,
)
from tests.marriage.conftest import household_of, resident
from tests.marriage.conftest import receive as receive_on

D = dt.date
DAY = D(2026, 6, 15)  # a Monday


def receive(registrar, registry, a, b, day=DAY, signed=True) -> MarriageRegistration:
    return receive_on(registrar, registry, a, b, day, signed)


def test_a_couple_of_age_is_registered_with_a_numbered_certificate(registrar, registry):
    man, woman = resident(D(1995, 1, 1), True, "张伟"), resident(D(1997, 2, 2), False, "李娜")
    case = receive(registrar, registry, man, woman)
    assert case.status == "received" and case.party_a == man and case.party_b == woman
    cert = marriage_register(actor=registrar, case=case, today=DAY)
    case.refresh_from_db()
    assert case.status == "registered" and case.registered_on == DAY
    assert cert.number == "J32030201-2026-000001"
    # the second of the year at this registry takes the next number
    man2, woman2 = resident(D(1990, 3, 3), True), resident(D(1991, 4, 4), False)
    second = marriage_register(
        actor=registrar, case=receive(registrar, registry, man2, woman2), today=DAY
    )
    assert second.number == "J32030201-2026-000002"
    # a registry counts its own numbers
    other = Registry.objects.create(code="32030202", name="第二登记处", area_id="320302")
    man3, woman3 = resident(D(1990, 3, 3), True), resident(D(1991, 4, 4), False)
    third = marriage_register(
        actor=registrar, case=receive(registrar, other, man3, woman3), today=DAY
    )
    assert third.number == "J32030202-2026-000001"
    statuses = MaritalStatusChange.objects.filter(person__in=[man, woman])
    assert sorted(statuses.values_list("status", "effective_on", "certificate_number")) == [
        ("married", DAY, "J32030201-2026-000001"),
        ("married", DAY, "J32030201-2026-000001"),
    ]
    log = TransitionLog.objects.get(object_id=str(case.pk), workflow="marriage_registration")
    assert (log.from_state, log.to_state, log.actor) == ("received", "registered", registrar)
    assert AuditEntry.objects.filter(summary__startswith="婚姻状况：已婚").count() == 6


def test_under_age_is_refused_on_the_registration_day_naming_the_rule(registrar, registry):
    # he turns 22 on 16 June 2026, one day after DAY (D9.2)
    man, woman = resident(D(2004, 6, 16), True), resident(D(2000, 1, 1), False)
    case = receive(registrar, registry, man, woman)
    with pytest.raises(
        WorkflowError, match=r"甲方（男方）于登记日未满22周岁.*民法典第一千零四十七条"
    ):
        marriage_register(actor=registrar, case=case, today=DAY)
    case.refresh_from_db()
    assert case.status == "received"
    assert not MaritalStatusChange.objects.exists()
    # on his birthday the same couple may register
    assert marriage_register(actor=registrar, case=case, today=D(2026, 6, 16)).number


def test_an_existing_marriage_in_the_records_blocks_a_second(registrar, registry):
    man, woman, other = (
        resident(D(1990, 1, 1), True),
        resident(D(1992, 1, 1), False),
        resident(D(1993, 1, 1), False),
    )
    marriage_register(actor=registrar, case=receive(registrar, registry, man, woman), today=DAY)
    case = receive(registrar, registry, man, other)
    with pytest.raises(WorkflowError, match="甲方已有配偶"):
        marriage_register(actor=registrar, case=case, today=DAY)
    refused = marriage_refuse(actor=registrar, case=case, note="一方已有配偶", today=DAY)
    assert refused.status == "refused"
    assert refused.check_reasons == "甲方已有配偶，不得重婚（民法典第一千零四十二条）"


def test_kinship_the_registry_knows_from_one_household_is_refused(registrar, registry):
    # the head's son and the head's daughter: siblings, collateral within three generations
    head = resident(D(1960, 1, 1), True)
    son, daughter = resident(D(1990, 1, 1), True), resident(D(1992, 1, 1), False)
    household_of(head, child=son, child2=daughter)
    case = receive(registrar, registry, son, daughter)
    assert case.kinship == "collateral"
    with pytest.raises(WorkflowError, match="三代以内旁系血亲"):
        marriage_register(actor=registrar, case=case, today=DAY)


def test_the_declaration_must_be_signed_and_id_numbers_valid(registrar, registry):
    man, woman = resident(D(1995, 1, 1), True), resident(D(1997, 2, 2), False)
    with pytest.raises(ValidationError) as error:
        receive(registrar, registry, man, woman, signed=False)
    assert "declaration_signed" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        marriage_receive(
            actor=registrar,
            registry=registry,
            party_a_name="甲",
            party_a_id_number="110105194912310021",  # D0.1's wrong check character
            party_b_name="乙",
            party_b_id_number=woman.id_number,
            declaration_signed=True,
            today=DAY,
        )
    assert "校验码错误" in error.value.error_dict["party_a_id_number"][0].message
    assert not MarriageRegistration.objects.exists()


def test_parties_need_no_record_in_the_platform(registrar, registry):
    # D9.1: a couple from anywhere — a man and a woman the platform does not hold
    case = marriage_receive(
        actor=registrar,
        registry=registry,
        party_a_name="外地男",
        party_a_id_number="320311199003010310",  # a man born 1990-03-01
        party_b_name="外地女",
        party_b_id_number="320311199208080427",  # a woman born 1992-08-08
        declaration_signed=True,
        today=DAY,
    )
    assert case.party_a is None and case.party_b is None
    assert marriage_register(actor=registrar, case=case, today=DAY).number
    assert not MaritalStatusChange.objects.exists()


def test_only_a_registrar_may_receive(areas, registry):
    from django.core.exceptions import PermissionDenied

    from tests.factories import make_user

    plain = make_user("county_plain", "county_approver", "320302")
    man, woman = resident(D(1995, 1, 1), True), resident(D(1997, 2, 2), False)
    with pytest.raises(PermissionDenied):
        receive(plain, registry, man, woman)


def test_the_database_refuses_a_certificate_number_twice(registrar, registry):
    from django.db import IntegrityError, transaction

    from minzheng.marriage.models import Certificate

    man, woman = resident(D(1995, 1, 1), True), resident(D(1997, 2, 2), False)
    first = marriage_register(
        actor=registrar, case=receive(registrar, registry, man, woman), today=DAY
    )
    fields = {
        "kind": "marriage", "registry": registry, "year": 2026, "issued_on": DAY,
        "issued_by": registrar,
    }  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(number=first.number, sequence=2, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(number="J32030201-2026-999999", sequence=1, **fields)
