"""Real-name meal records and the refusal list (issue 14 item 5, D7.2).

A batch is one canteen's meals of one day, typed on the page (one meal) or read from
the canteen's daily file. A claim that cannot be read (an ID number that fails the
check, an unknown meal time, a price that is no amount) stops the whole file with a
row report; a claim that can be read but is not subsidised goes to the refusal list
with its reason — unknown person, ineligible, duplicate (one subsidised meal per person
per meal time per day, whichever canteen), canteen not open that day, month already
settled — and the other claims are recorded. One transaction, one audit entry a batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.roles import Capability
from minzheng.elderly.eligibility import MealRules, meal_rules, subsidy_of
from minzheng.elderly.models import (
    Facility,
    FacilityKind,
    MealRecord,
    MealRefusal,
    RefusalReason,
    Settlement,
)

FROZEN = ("submitted", "approved")  # settlement states whose month takes no more meals


@dataclass(frozen=True)
class Claim:
    id_number: str  # checked (core.idnumber.parse) by the reader
    name: str
    meal: str
    price: Decimal


@dataclass
class BatchResult:
    recorded: list[MealRecord] = field(default_factory=list)
    refused: list[MealRefusal] = field(default_factory=list)


def is_canteen(facility: Facility) -> bool:
    return facility.kind == FacilityKind.CANTEEN or "meals" in facility.services


def authorize_meals(actor: User, canteen: Facility) -> None:
    if not actor.can(Capability.EDIT_PERSONAL):
        raise PermissionDenied("您的角色无权登记助餐记录")
    if not actor.reaches(canteen.area_id):
        raise PermissionDenied("该助餐点不在您的管辖区域内")
    if not is_canteen(canteen):
        raise ValidationError({"canteen": "该设施不提供助餐服务"})


def _whole_batch_reason(canteen: Facility, day: dt.date) -> tuple[str, str] | None:
    if not canteen.open_on(day):
        return RefusalReason.CANTEEN_CLOSED, f"{day:%Y-%m-%d}该助餐点未营业"
    month = day.replace(day=1)
    if Settlement.objects.filter(canteen=canteen, month=month, status__in=FROZEN).exists():
        return RefusalReason.SETTLED, f"{month:%Y年%m月}的结算已提交或审批"
    return None


def _refusal(
    actor: User,
    canteen: Facility,
    day: dt.date,
    claim: Claim,
    reason: str,
    detail: str,
    source: str,
) -> MealRefusal:
    return MealRefusal(
        canteen=canteen,
        served_on=day,
        meal=claim.meal,
        id_number_masked=mask_id_number(claim.id_number),
        name_masked=mask_name(claim.name) if claim.name else "",
        reason=reason,
        detail=detail,
        source=source,
        recorded_by=actor,
    )


def _judge(
    claim: Claim,
    person: Person | None,
    rules: MealRules,
    day: dt.date,
    taken: set[tuple[int, str]],
) -> tuple[str, str] | tuple[str, Decimal]:
    """(refusal reason, detail) or (category, subsidy)."""
    if person is None or person.life_status != "alive":
        return RefusalReason.UNKNOWN_PERSON, "登记库中没有该身份证号码的在世人员"
    if claim.name and claim.name != person.name:
        return RefusalReason.UNKNOWN_PERSON, "姓名与登记库不符"
    if (person.pk, claim.meal) in taken:
        return RefusalReason.DUPLICATE, "该老人当日该餐次已享受补贴"
    found = subsidy_of(person, day, rules)
    if found is None:
        return RefusalReason.INELIGIBLE, "不属于任何助餐补贴类别"
    category, amount = found
    return category, min(amount, claim.price)


@transaction.atomic
def meals_record(
    *,
    actor: User,
    canteen: Facility,
    served_on: dt.date,
    claims: list[Claim],
    source: str,
    today: dt.date | None = None,
) -> BatchResult:
    authorize_meals(actor, canteen)
    if served_on > (today or timezone.localdate()):
        raise ValidationError({"served_on": "就餐日期不能晚于今天"})
    canteen = Facility.objects.select_for_update().get(pk=canteen.pk)  # one batch at a time
    result = BatchResult()
    whole = _whole_batch_reason(canteen, served_on)
    people = Person.objects.in_bulk([c.id_number for c in claims], field_name="id_number")
    taken = set(
        MealRecord.objects.filter(
            served_on=served_on, person__in=[p.pk for p in people.values()]
        ).values_list("person_id", "meal")
    )
    rules = meal_rules(served_on)
    for claim in claims:
        person = people.get(claim.id_number)
        verdict = whole or _judge(claim, person, rules, served_on, taken)
        if isinstance(verdict[1], str):
            result.refused.append(
                _refusal(actor, canteen, served_on, claim, verdict[0], verdict[1], source)
            )
            continue
        assert person is not None
        taken.add((person.pk, claim.meal))
        result.recorded.append(
            MealRecord(
                person=person,
                canteen=canteen,
                served_on=served_on,
                meal=claim.meal,
                price=claim.price,
                category=verdict[0],
                subsidy=verdict[1],
                source=source,
                recorded_by=actor,
            )
        )
    MealRecord.objects.bulk_create(result.recorded)
    MealRefusal.objects.bulk_create(result.refused)
    subsidy = sum((r.subsidy for r in result.recorded), Decimal("0"))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if source == "page" else AuditAction.IMPORT,
        obj=canteen,
        summary=(
            f"登记助餐记录：{canteen.name} {served_on:%Y-%m-%d}，补贴{len(result.recorded)}餐"
            f"（{subsidy}元），拒绝{len(result.refused)}餐"
        ),
    )
    return result
