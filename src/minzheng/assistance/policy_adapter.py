"""The typed boundary between the Django side and the pure policy engine.

Services and pages build the engine's facts from a registered household
(`household_facts`), resolve the parameters in force for its county and date
(`parameters_in_force`, D1.18) and get typed results back (`Proposal`,
`ReviewResult`, `Notification`) — no JSON dicts, no amounts as strings. JSON is
only the calculator API's and page's business (policy.calculator).

Member ids given to the engine are internal (`p<person id>`); what people read
(`Explanation.text`) names members by name, never by id or ID number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from minzheng.assistance.policy import facts as pf
from minzheng.assistance.policy.engine import Assessment, assess
from minzheng.assistance.policy.money import to_fen
from minzheng.assistance.policy.notification import Notification, one_time_notification
from minzheng.assistance.policy.outcome import Decision
from minzheng.assistance.policy.parameter_specs import example_values
from minzheng.assistance.policy.parameters import PolicyParameters, build_parameters
from minzheng.assistance.policy.review import PreviousDecision, ReviewResult, review
from minzheng.assistance.policy.rules import plain_message, rule_title
from minzheng.assistance.policy.vocabulary import (
    ApplicationChannel,
    AreaClass,
    Benefit,
    DisabilityType,
    IncomeKind,
    Programme,
    Relation,
)
from minzheng.assistance.standards import parameters_for
from minzheng.core.models import Area, Household, LifeStatus, Person

UNITS = {Benefit.MONTHLY: "元/月", Benefit.ONE_TIME: "元（一次性）", Benefit.STATUS: ""}
COMMITTEE = "committee"  # the committee applies on the household's behalf: delegated (D1.2)


@dataclass(frozen=True)
class InForce:
    """The parameters in force for an area and date; `examples` when nothing is configured
    and the engine's labelled example defaults stand in (pages say so)."""

    params: PolicyParameters
    examples: bool


@dataclass(frozen=True)
class Explanation:
    """One reason as people read it: a sentence, and the rule in words for a "依据" line;
    the rule number is for a tooltip only."""

    text: str
    basis: str
    rule: str
    against: bool


@dataclass(frozen=True)
class Proposal:
    """What the calculator proposes for one programme: eligibility, amount (yuan per month
    for monthly programmes), who is covered and why, with the figures it rests on."""

    programme: Programme
    decision_date: dt.date
    eligible: bool
    amount: Decimal
    unit: str
    covered_members: int
    covered_names: tuple[str, ...]
    counted_members: int
    per_capita_income: Decimal
    standard: Decimal
    review_months: int | None
    examples: bool
    explanations: tuple[Explanation, ...] = field(default=())

    @property
    def programme_label(self) -> str:
        return self.programme.label


def parameters_in_force(area: Area, on: dt.date) -> InForce:
    configured = parameters_for(area, on)
    if configured:
        return InForce(build_parameters(configured), examples=False)
    return InForce(build_parameters(example_values()), examples=True)


def member_id(person: Person) -> str:
    return f"p{person.pk}"


def household_facts(
    household: Household,
    *,
    on: dt.date,
    incomes: Mapping[int, Sequence[pf.Income]] | None = None,
    monthly_income: Decimal | None = None,
    property: pf.Property | None = None,
    expenditures: tuple[pf.Expenditure, ...] = (),
) -> pf.Household:
    """The registered members on `on` as engine facts. Incomes are not in the registry:
    give them per person id, or `monthly_income`, the household's verified monthly
    income (the means-test report, D1.6), counted as the applicant's wages — only the
    household total matters for the household programmes."""
    incomes = incomes or {}
    rows = household.members_on(on).select_related("person").order_by("id")
    members = []
    for row in rows:
        person = row.person
        if person.life_status == LifeStatus.DECEASED:
            continue
        own = tuple(incomes.get(person.pk, ()))
        if monthly_income is not None and row.relation == Relation.HEAD.value:
            own += (pf.Income(IncomeKind.WAGES, monthly_income),)
        members.append(_member(person, row.relation, own))
    return pf.Household(
        decision_date=on,
        area_class=AreaClass(household.area.urban_rural or AreaClass.URBAN.value),
        members=tuple(members),
        property=property or pf.Property(),
        expenditures=expenditures,
    )


def _member(person: Person, relation: str, incomes: tuple[pf.Income, ...]) -> pf.Member:
    disability = None
    if person.disability_type and person.disability_grade:
        disability = pf.Disability(DisabilityType(person.disability_type), person.disability_grade)
    return pf.Member(
        id=member_id(person),
        relation=Relation(relation),
        birth_date=person.birth_date,
        name=person.name,
        disability=disability,
        incomes=incomes,
    )


def assess_in_area(household: pf.Household, area: Area) -> tuple[Assessment, InForce]:
    in_force = parameters_in_force(area, household.decision_date)
    return assess(household, in_force.params), in_force


def proposal(assessment: Assessment, programme: Programme, *, examples: bool) -> Proposal:
    """The typed result of one programme of an assessment."""
    decision = assessment[programme]
    names = {m.id: m.name or f"成员{i + 1}" for i, m in enumerate(assessment.household.members)}
    figures = decision.figures
    return Proposal(
        programme=programme,
        decision_date=assessment.household.decision_date,
        eligible=decision.eligible,
        amount=to_fen(decision.amount),
        unit=UNITS[decision.benefit],
        covered_members=len(decision.covered_members),
        covered_names=tuple(names.get(i, i) for i in decision.covered_members),
        counted_members=assessment.membership.size,
        per_capita_income=to_fen(assessment.income.per_capita_shown),
        standard=to_fen(_decimal(figures.get("standard"))),
        review_months=_int(figures.get("review_months")),
        examples=examples,
        explanations=explain(decision, assessment.household),
    )


def explain(decision: Decision, household: pf.Household) -> tuple[Explanation, ...]:
    """Reasons as sentences naming members by name (not by their internal id)."""
    out = []
    for item in decision.reasons:
        text = plain_message(item)
        for i, member in enumerate(household.members):
            text = text.replace(member.display, member.name or f"成员{i + 1}")
        out.append(Explanation(text, rule_title(item.rule), item.rule, item.against))
    return tuple(out)


def proposal_for_household(
    household: Household,
    *,
    on: dt.date,
    programme: Programme | str = Programme.DIBAO,
    monthly_income: Decimal | None = None,
) -> Proposal:
    """The calculator's proposal for a registered household on `on`, with the standard
    in force for its county (D1.18); `monthly_income` is the means-test figure."""
    facts = household_facts(household, on=on, monthly_income=monthly_income)
    assessment, in_force = assess_in_area(facts, household.area)
    return proposal(assessment, Programme(programme), examples=in_force.examples)


def documents_to_bring(
    household: Household,
    *,
    programme: Programme | str,
    channel: str,
    fast_track: bool,
    on: dt.date,
    pledge_signed: bool = False,
) -> Notification:
    """D1.5: the one-time notification for an application — only the notification is
    computed, with the parameters in force (no whole-engine run). A pledge already
    signed at the window is not asked for again (D6.1)."""
    facts = household_facts(household, on=on)
    if pledge_signed:
        facts = replace(facts, credit=replace(facts.credit, pledge_signed=True))
    in_force = parameters_in_force(household.area, on)
    return one_time_notification(
        facts,
        Programme(programme),
        in_force.params,
        channel=ApplicationChannel("delegated" if channel == COMMITTEE else channel),
        fast_track=fast_track,
    )


def document_lines(notice: Notification) -> list[str]:
    """Each document still to bring, with whose it is and why it is needed."""
    return [line for _, line in document_items(notice)]


def document_items(notice: Notification) -> list[tuple[str, str]]:
    """(document code, line) of each document still to bring: the case's materials
    checklist keeps the code to tell 申请书 and 授权书 from added items."""
    return [
        (n.document.value, f"{n.title}（{n.why}）" if n.why else n.title) for n in notice.required
    ]


def review_decision(
    household: pf.Household, previous: PreviousDecision, area: Area
) -> ReviewResult:
    """D1.16/D1.17/D2.7: the review outcome of the decision in force on the new facts."""
    assessment, in_force = assess_in_area(household, area)
    return review(previous, assessment, in_force.params)


def _decimal(value: object) -> Decimal:
    """A money figure of a decision; 0 for a programme that has none (e.g. no standard)."""
    return value if isinstance(value, Decimal) else Decimal(0)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
