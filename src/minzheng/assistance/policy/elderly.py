"""Elderly benefits: the old-age allowance (高龄津贴, D7.3) and the care-service subsidy
for economically poor elderly people (养老服务补贴, D7.4).

The old-age allowance is decided for the month of the decision date. A band is
reached from the month after the birthday (D7.3), so the band of a month is the one
of the age completed on the last day of the month before: someone who turns 90 on
1 March is paid the 80–89 amount for March and the 90–99 amount from April, and the
difference for March is not paid back. The first band may be split by low-income
status (a higher amount for the statuses listed; 0 means no split).

The care-service subsidy pays economically poor people from the set age by their
assessed level of disability (the D2.8 six-item assessment: partial or full care);
self-care is not subsidised.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.assistance.policy.care import assess_care
from minzheng.assistance.policy.facts import Household, Member
from minzheng.assistance.policy.money import yuan
from minzheng.assistance.policy.outcome import Decision, Figure, Reason, per_person, reason
from minzheng.assistance.policy.parameters import OldAgeParameters, PolicyParameters
from minzheng.assistance.policy.vocabulary import CareLevel, Programme

OLD_AGE = Programme.OLD_AGE_ALLOWANCE
CARE_SERVICE = Programme.ELDERLY_CARE_SERVICE_SUBSIDY
BAND_NAMES = ("first", "second", "third")


def band_reference_day(day: dt.date) -> dt.date:
    """The last day of the month before `day`'s month: ages completed by then decide the
    band of `day`'s month (D7.3, from the month after the birthday)."""
    return day.replace(day=1) - dt.timedelta(days=1)


def band_of(age: int, settings: OldAgeParameters) -> str | None:
    found = None
    for name in BAND_NAMES:
        if age >= getattr(settings, f"age_{name}"):
            found = name
    return found


def band_amount(band: str, low_income: bool, settings: OldAgeParameters) -> Decimal:
    amount: Decimal = getattr(settings, f"amount_{band}")
    if band == "first" and low_income and settings.amount_first_low_income > amount:
        return settings.amount_first_low_income
    return amount


def _band_text(band: str, settings: OldAgeParameters) -> str:
    index = BAND_NAMES.index(band)
    low = getattr(settings, f"age_{band}")
    if index + 1 < len(BAND_NAMES):
        high = getattr(settings, f"age_{BAND_NAMES[index + 1]}") - 1
        return f"{low}–{high}周岁档"
    return f"{low}周岁及以上档"


def _old_age_member(
    member: Member, household: Household, params: PolicyParameters
) -> tuple[Decimal | None, list[Reason], str | None]:
    settings = params.old_age
    day = household.decision_date
    now = member.age_on(day)
    paid_age = member.age_on(band_reference_day(day))
    band = band_of(paid_age, settings)
    reasons: list[Reason] = []
    if band is None:
        if now >= settings.age_first:
            text = f"{member.display} 本月年满{settings.age_first}周岁，自次月起发放高龄津贴"
            reasons.append(
                reason("D7.3", "old_age.from_next_month", text, member.id, against=True)
            )
        return None, reasons, None
    low_income = household.assistance_status in settings.low_income_statuses
    amount = params.amount.round(band_amount(band, low_income, settings))
    split = "（低收入老年人）" if amount != getattr(settings, f"amount_{band}") else ""
    text = f"{member.display} 按{_band_text(band, settings)}{split}发放 {yuan(amount)} 元/月"
    reasons.append(reason("D7.3", f"old_age.band_{band}", text, member.id))
    next_band = band_of(now, settings)
    if next_band != band and next_band is not None:
        text = (
            f"{member.display} 本月进入{_band_text(next_band, settings)}，自次月起按新档发放，"
            "本月差额不补发"
        )
        reasons.append(reason("D7.3", "old_age.band_next_month", text, member.id))
    return amount, reasons, band


def assess_old_age(household: Household, params: PolicyParameters) -> Decision:
    amounts: dict[str, Decimal] = {}
    member_figures: dict[str, dict[str, Figure]] = {}
    reasons: list[Reason] = []
    for member in household.members:
        if member.deceased:
            continue
        amount, found, band = _old_age_member(member, household, params)
        reasons.extend(found)
        if amount is not None and band is not None:
            amounts[member.id] = amount
            member_figures[member.id] = {"band": band}
    if not reasons:
        text = f"家庭中没有年满{params.old_age.age_first}周岁的成员"
        reasons.append(reason("D7.3", "old_age.nobody", text, against=True))
    return per_person(OLD_AGE, amounts, {}, reasons, member_figures)


def assess_care_service(household: Household, params: PolicyParameters) -> Decision:
    settings = params.elderly_care_service
    day = household.decision_date
    amounts: dict[str, Decimal] = {}
    member_figures: dict[str, dict[str, Figure]] = {}
    reasons: list[Reason] = []
    status = household.assistance_status
    for member in household.members:
        if member.deceased or member.age_on(day) < settings.min_age:
            continue
        if status not in settings.statuses:
            text = f"{member.display} 所在家庭为{status.label}，不属经济困难老年人"
            reasons.append(reason("D7.4", "care_service.status", text, member.id, against=True))
            continue
        level, assessed = assess_care(member, params)
        reasons.append(assessed)
        if level is CareLevel.SELF_CARE:
            text = f"{member.display} 生活能够自理，不享受养老服务补贴"
            reasons.append(reason("D7.4", "care_service.self_care", text, member.id, against=True))
            continue
        amount = settings.amount_full if level is CareLevel.FULL else settings.amount_partial
        amount = params.amount.round(amount)
        amounts[member.id] = amount
        member_figures[member.id] = {"care_level": level.value}
        text = f"{member.display} 按{level.label}发放 {yuan(amount)} 元/月"
        reasons.append(reason("D7.4", "care_service.amount", text, member.id))
    if not reasons:
        text = f"家庭中没有年满{settings.min_age}周岁的成员"
        reasons.append(reason("D7.4", "care_service.nobody", text, against=True))
    return per_person(CARE_SERVICE, amounts, {}, reasons, member_figures)
