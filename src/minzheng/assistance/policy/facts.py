"""A household's facts on the decision date, as the policy engine reads them.

Frozen dataclasses, no behaviour beyond reading the facts: the rules live in
the rule modules. Incomes are monthly averages over the past 12 months (yuan
per month); rigid expenditures are totals over the configured period
(`household.expenditure_months`, 12 by default, D3.6); property is the
household's. Statutory supporters (D2.4) and parents (D3.2, D3.3) are
described per member, because each member is assessed on their own situation.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.money import ZERO
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    AssistanceStatus,
    CareItem,
    CertificateGeneration,
    ChildSupportChoice,
    Custody,
    DisabilityType,
    EmergencyKind,
    Employment,
    ExpenditureKind,
    Gender,
    IncomeKind,
    ParentStatus,
    Programme,
    Relation,
    SchoolStage,
    SupportSetting,
    TemporaryType,
    WelfareAllowance,
    WorkAbility,
)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on `day`; a birthday on the day counts (someone born 29 Feb ages on 1 Mar).

    Ages 16, 18, 60 and 70 are thresholds (D2.2, D2.6, D2.4), so "aged 60"
    starts on the 60th birthday itself.
    """
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Disability:
    """Disability type and grade; grade 1 is the most severe, 4 the least."""

    type: DisabilityType
    grade: int

    def __post_init__(self) -> None:
        if self.grade not in (1, 2, 3, 4):
            raise ValueError(f"残疾等级应为 1–4，实际为 {self.grade}")

    def within(self, max_grades: Mapping[DisabilityType, int]) -> bool:
        """At least as severe as the configured grade limit for its type."""
        limit = max_grades.get(self.type)
        return limit is not None and self.grade <= limit

    @property
    def label(self) -> str:
        return f"{self.type.label}{self.grade}级"


@dataclass(frozen=True)
class Certificate:
    """The disability certificate (残疾人证, D4.2): the second generation has no expiry
    date, the third has one; valid on a day from its issue through its expiry date."""

    generation: CertificateGeneration
    issued_on: dt.date
    expires_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.generation is CertificateGeneration.THIRD and self.expires_on is None:
            raise ValueError("第三代残疾人证须有有效期")

    def valid_on(self, day: dt.date) -> bool:
        return self.issued_on <= day and (self.expires_on is None or day <= self.expires_on)


@dataclass(frozen=True)
class Allowance:
    """A welfare allowance the person receives (D4.4), with its monthly amount."""

    kind: WelfareAllowance
    monthly: Decimal


@dataclass(frozen=True)
class Income:
    kind: IncomeKind
    monthly: Decimal


@dataclass(frozen=True)
class Parent:
    """A child's parent as D3.2/D3.3 see them; `since`/`until` bound a timed situation."""

    status: ParentStatus = ParentStatus.NORMAL
    since: dt.date | None = None
    until: dt.date | None = None
    disability: Disability | None = None
    serious_illness: bool = False


@dataclass(frozen=True)
class Supporter:
    """A statutory supporter (赡养、抚养、扶养义务人) and what D2.4 asks about them."""

    relation: Relation
    name: str = ""
    birth_date: dt.date | None = None
    disability: Disability | None = None
    is_extreme_poverty: bool = False
    is_dibao_recipient: bool = False
    monthly_income: Decimal | None = None
    property_within_low_income_rules: bool = False
    no_civil_capacity: bool = False
    missing: bool = False
    imprisoned: bool = False


@dataclass(frozen=True)
class Member:
    """One person of the household (or of the applicant's family, D1.4 decides who counts).

    `receiving` lists the programmes the person already receives: D2.6 and D3.2
    continue support past the age limits only for those already supported.
    `full_time_student` is not implied by `school_stage` here (the calculator
    request defaults it to true when a stage is given).
    """

    id: str
    relation: Relation
    birth_date: dt.date
    name: str = ""
    gender: Gender | None = None
    lives_together: bool = True
    disability: Disability | None = None
    serious_illness: bool = False
    school_stage: SchoolStage = SchoolStage.NONE
    full_time_student: bool = False
    employment: Employment = Employment.NONE
    work_ability: WorkAbility | None = None
    unable_to_live_independently: bool = False
    incomes: tuple[Income, ...] = ()
    clergy_since: dt.date | None = None
    custody: Custody = Custody.NONE
    excluded_by_local_rule: bool = False
    parents: tuple[Parent, ...] = ()
    care_items_unable: frozenset[CareItem] = frozenset()
    supporters: tuple[Supporter, ...] = ()
    support_setting: SupportSetting = SupportSetting.HOME
    child_support_choice: ChildSupportChoice = ChildSupportChoice.CHILD_SUPPORT
    receiving: frozenset[Programme] = frozenset()
    newly_employed: bool = False
    deceased: bool = False
    certificate: Certificate | None = None
    care_need_months: int = 0
    welfare_allowances: tuple[Allowance, ...] = ()

    def __post_init__(self) -> None:
        if len(self.parents) > 2:
            raise ValueError(f"成员 {self.id} 的父母信息超过两人")

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def display(self) -> str:
        """How reasons name the member: name and id, or the id alone."""
        return f"{self.name}（{self.id}）" if self.name else self.id

    def income(self, excluded: Iterable[IncomeKind] = ()) -> Decimal:
        """Monthly income of the kinds that count (the excluded kinds left out)."""
        skip = frozenset(excluded)
        return sum((item.monthly for item in self.incomes if item.kind not in skip), ZERO)

    def allowance(self, kind: WelfareAllowance) -> Decimal | None:
        return next((a.monthly for a in self.welfare_allowances if a.kind is kind), None)

    def in_school(self, stages: Iterable[SchoolStage]) -> bool:
        return self.full_time_student and self.school_stage in frozenset(stages)


@dataclass(frozen=True)
class Vehicle:
    work_use: bool = False
    value: Decimal | None = None


@dataclass(frozen=True)
class Property:
    dwellings: int = 0
    vehicles: tuple[Vehicle, ...] = ()
    deposits: Decimal = ZERO

    @property
    def non_work_vehicles(self) -> int:
        return sum(1 for vehicle in self.vehicles if not vehicle.work_use)


@dataclass(frozen=True)
class Expenditure:
    """A rigid expenditure over the configured period (not per month)."""

    kind: ExpenditureKind
    amount: Decimal


@dataclass(frozen=True)
class TemporaryNeed:
    """The event or expense behind a temporary-assistance application (D3.1).

    `cost` is what remains for the family to pay after insurance, compensation
    and other aid.
    """

    type: TemporaryType
    cost: Decimal
    emergency_kind: EmergencyKind | None = None


@dataclass(frozen=True)
class Credit:
    """The honesty pledge (D6.1) and whether a breach record is in force (D6.4)."""

    pledge_signed: bool = False
    breach_in_force: bool = False


@dataclass(frozen=True)
class Household:
    decision_date: dt.date
    area_class: AreaClass
    members: tuple[Member, ...]
    property: Property = Property()
    expenditures: tuple[Expenditure, ...] = ()
    income_unstable: bool = False
    review_class: str | None = None
    credit: Credit = Credit()
    temporary: TemporaryNeed | None = None
    assistance_status: AssistanceStatus = AssistanceStatus.NONE

    def __post_init__(self) -> None:
        ids = [member.id for member in self.members]
        if len(set(ids)) != len(ids):
            raise ValueError("成员编号重复")
        heads = [m for m in self.members if m.relation is Relation.HEAD]
        if len(heads) != 1:
            raise ValueError(f"家庭须有且只有一名户主（申请人），实际 {len(heads)} 名")

    @builtins.property  # the field `property` shadows the builtin inside this class
    def head(self) -> Member:
        return next(m for m in self.members if m.relation is Relation.HEAD)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def expenditure(self, kinds: Iterable[ExpenditureKind]) -> Decimal:
        """Total rigid expenditure of the given kinds over the configured period."""
        wanted = frozenset(kinds)
        return sum((e.amount for e in self.expenditures if e.kind in wanted), ZERO)
