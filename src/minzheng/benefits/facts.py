"""The policy engine's facts for a benefit decision, built from the registry and the
application (the typed boundary, like `assistance.policy_adapter`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from minzheng.assistance.entitlements import in_force_query
from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.benefit_vocabulary import (
    AssistanceStatus,
    CertificateGeneration,
    WelfareAllowance,
)
from minzheng.assistance.policy.engine import Assessment
from minzheng.assistance.policy.vocabulary import DisabilityType, IncomeKind, Programme
from minzheng.assistance.policy_adapter import assess_in_area, household_facts, member_id
from minzheng.benefits.certificates import certificate_in_force
from minzheng.benefits.models import SubsidyApplication
from minzheng.core.models import Household, Person

HOUSEHOLD_STATUSES = {Programme.DIBAO.value: AssistanceStatus.DIBAO}


def receiving(household: Household, day: dt.date) -> dict[int, set[Programme]]:
    """Programmes each person of the household receives on `day` (enrolments in force):
    household programmes for every member, personal ones for their beneficiary."""
    month = day.replace(day=1)
    found: dict[int, set[Programme]] = {}
    members = [m.person_id for m in household.members_on(day)]
    rows = in_force_query(household.area_id, month).filter(household=household)
    for enrolment in rows.select_related("application"):
        programme = Programme(enrolment.programme)
        if programme in (Programme.DIBAO, Programme.TEMPORARY):
            for person_id in members:
                found.setdefault(person_id, set()).add(programme)
        else:
            found.setdefault(enrolment.application.applicant_id, set()).add(programme)
    return found


def status_of(
    household: Household, person: Person, day: dt.date, typed: str = AssistanceStatus.NONE
) -> AssistanceStatus:
    """The registry's status where it has one (dibao household, 特困 person), else the
    status the township verified (near-dibao, other low income, none)."""
    held = receiving(household, day).get(person.pk, set())
    if Programme.DIBAO in held:
        return AssistanceStatus.DIBAO
    if Programme.EXTREME_POVERTY in held:
        return AssistanceStatus.EXTREME_POVERTY
    return AssistanceStatus(typed or AssistanceStatus.NONE)


def _with_receiving(base: pf.Household, held: dict[int, set[Programme]]) -> pf.Household:
    members = tuple(
        replace(m, receiving=frozenset(held.get(int(m.id[1:]), set()))) for m in base.members
    )
    return replace(base, members=members)


def application_facts(app: SubsidyApplication, day: dt.date) -> pf.Household:
    """The household on `day` with the applicant's care need, allowances and incomes as
    the application (checked by the township) states them, and the certificate in force
    (the application's, or a renewal recorded since, D4.2)."""
    incomes: dict[int, list[pf.Income]] = {app.person_id: []}
    if app.own_fixed_income:
        incomes[app.person_id].append(pf.Income(IncomeKind.WAGES, app.own_fixed_income))
    base = household_facts(app.household, on=day, incomes=incomes)
    if app.others_income:
        base = _others_income(base, member_id(app.person), app.others_income)
    base = _with_receiving(base, receiving(app.household, day))
    applicant = member_id(app.person)
    held = certificate_in_force(app)
    certificate = pf.Certificate(
        CertificateGeneration(held.generation), held.issued_on, held.expires_on
    )
    allowances = tuple(
        pf.Allowance(WelfareAllowance(kind), Decimal(str(amount)))
        for kind, amount in sorted(app.welfare_allowances.items())
    )
    members = tuple(
        replace(
            m,
            disability=pf.Disability(DisabilityType(app.disability_type), app.disability_grade),
            certificate=certificate,
            care_need_months=app.care_need_months,
            welfare_allowances=allowances,
        )
        if m.id == applicant
        else m
        for m in base.members
    )
    status = status_of(app.household, app.person, day, app.assistance_status)
    return replace(base, members=members, assistance_status=status)


def _others_income(base: pf.Household, applicant: str, amount: Decimal) -> pf.Household:
    """The other members' verified income, counted on the first other member."""
    others = [m for m in base.members if m.id != applicant]
    if not others:
        return base
    first = others[0].id
    members = tuple(
        replace(m, incomes=(*m.incomes, pf.Income(IncomeKind.WAGES, amount)))
        if m.id == first
        else m
        for m in base.members
    )
    return replace(base, members=members)


def assess_application(app: SubsidyApplication, day: dt.date) -> Assessment:
    assessment, _ = assess_in_area(application_facts(app, day), app.household.area)
    return assessment


def person_facts(household: Household, person: Person, day: dt.date) -> pf.Household:
    """The household with the registry's status, for the old-age allowance (D7.3)."""
    base = _with_receiving(household_facts(household, on=day), receiving(household, day))
    return replace(base, assistance_status=status_of(household, person, day))
