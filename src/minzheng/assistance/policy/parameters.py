"""`PolicyParameters`: every setting, typed, for one area (county, urban/rural) and date.

The engine never looks a setting up by itself: the caller resolves the
configuration in force for the household's county on the decision date
(D1.18) and builds this frozen object with `build_parameters`, which reports
every missing or malformed key at once, in Chinese, naming the key. A key
`group.a.b` becomes the attribute `params.group.a_b`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from minzheng.assistance.policy.money import round_amount
from minzheng.assistance.policy.parameter_specs import PARAMETER_SPECS, example_values
from minzheng.assistance.policy.parameter_types import InvalidValue, Tier, parse_value
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    AssistanceStatus,
    CareItem,
    CareLevel,
    CertificateGeneration,
    DibaoMode,
    DisabilityType,
    Document,
    ExpenditureKind,
    IncomeKind,
    OverlapSource,
    ParentSituation,
    Relation,
    RoundingMethod,
    RoundingUnit,
    SchoolStage,
    SupportSetting,
    WelfareAllowance,
)


@dataclass(frozen=True)
class PropertyRules:
    """A property rule set (D1.13, D2.3, D3.5): dwellings, non-work vehicles, deposits."""

    name: str
    rule: str
    max_dwellings: int
    max_non_work_vehicles: int
    deposit_months: Fraction


@dataclass(frozen=True)
class AmountParameters:
    rounding_unit: RoundingUnit
    rounding_method: RoundingMethod

    def round(self, value: Decimal) -> Decimal:
        return round_amount(value, self.rounding_unit, self.rounding_method)


@dataclass(frozen=True)
class AgeParameters:
    adult: int
    elderly: int
    work_start: int


@dataclass(frozen=True)
class HouseholdParameters:
    support_duty_relations: frozenset[Relation]
    dependent_student_stages: frozenset[SchoolStage]
    clergy_years: int
    expenditure_months: int


@dataclass(frozen=True)
class ReferenceParameters:
    minimum_wage: Decimal
    disposable_income_urban: Decimal
    disposable_income_rural: Decimal

    def disposable_income(self, area: AreaClass) -> Decimal:
        """Last year's local per-capita disposable income, yuan per person per year."""
        if area is AreaClass.URBAN:
            return self.disposable_income_urban
        return self.disposable_income_rural


@dataclass(frozen=True)
class DisabilityParameters:
    severe_max_grade: Mapping[DisabilityType, int]


@dataclass(frozen=True)
class WorkAbilityParameters:
    disability_max_grade: Mapping[DisabilityType, int]
    accept_assessed: bool


@dataclass(frozen=True)
class DibaoParameters:
    standard_urban: Decimal
    standard_rural: Decimal
    amount_mode: DibaoMode
    amount_tiers: tuple[Tier, ...]
    amount_minimum_per_person: Decimal
    income_excluded_kinds: frozenset[IncomeKind]
    deduction_caps: Mapping[ExpenditureKind, Decimal]
    property_max_dwellings: int
    property_max_non_work_vehicles: int
    property_deposit_months: Fraction
    single_person_floor_ratio: Fraction
    gradual_exit_months: int
    review_stable_months: int
    review_unstable_months: int
    review_class_months: Mapping[str, int]

    def standard(self, area: AreaClass) -> Decimal:
        return self.standard_urban if area is AreaClass.URBAN else self.standard_rural

    @property
    def property_rules(self) -> PropertyRules:
        return PropertyRules(
            "低保",
            "D1.13",
            self.property_max_dwellings,
            self.property_max_non_work_vehicles,
            self.property_deposit_months,
        )


@dataclass(frozen=True)
class ExtremePovertyParameters:
    basic_urban: Decimal
    basic_rural: Decimal
    basic_min_ratio: Fraction
    care_institutional_self_care: Fraction
    care_institutional_partial: Fraction
    care_institutional_full: Fraction
    care_home_self_care: Fraction
    care_home_partial: Fraction
    care_home_full: Fraction
    care_partial_min_items: int
    care_full_min_items: int
    income_excluded_kinds: frozenset[IncomeKind]
    property_max_dwellings: int
    property_max_non_work_vehicles: int
    property_deposit_months: Fraction
    supporter_dibao_age: int
    supporter_elderly_age: int
    school_stages: frozenset[SchoolStage]
    termination_notice_days: int
    termination_objection_working_days: int

    def basic(self, area: AreaClass) -> Decimal:
        return self.basic_urban if area is AreaClass.URBAN else self.basic_rural

    def care_ratio(self, setting: SupportSetting, level: CareLevel) -> Fraction:
        ratio = getattr(self, f"care_{setting.value}_{level.value}")
        assert isinstance(ratio, Fraction)
        return ratio

    @property
    def property_rules(self) -> PropertyRules:
        return PropertyRules(
            "特困",
            "D2.3",
            self.property_max_dwellings,
            self.property_max_non_work_vehicles,
            self.property_deposit_months,
        )


@dataclass(frozen=True)
class LowIncomeParameters:
    property_max_dwellings: int
    property_max_non_work_vehicles: int
    property_deposit_months: Fraction

    def property_rules(self, rule: str) -> PropertyRules:
        return PropertyRules(
            "低收入人口",
            rule,
            self.property_max_dwellings,
            self.property_max_non_work_vehicles,
            self.property_deposit_months,
        )


@dataclass(frozen=True)
class NearDibaoParameters:
    income_ratio: Fraction


@dataclass(frozen=True)
class RigidHardshipParameters:
    expenditure_ratio: Fraction
    expenditure_kinds: frozenset[ExpenditureKind]
    validity_months: int


@dataclass(frozen=True)
class OrphanParameters:
    standard_institutional: Decimal
    standard_home: Decimal
    school_stages: frozenset[SchoolStage]

    def standard(self, setting: SupportSetting) -> Decimal:
        if setting is SupportSetting.INSTITUTIONAL:
            return self.standard_institutional
        return self.standard_home


@dataclass(frozen=True)
class UnsupportedChildParameters:
    ratio_to_home_orphan: Fraction
    absence_months: int
    parent_situations: frozenset[ParentSituation]
    parent_disability_max_grade: Mapping[DisabilityType, int]


@dataclass(frozen=True)
class TemporaryParameters:
    emergency_cap_months: Fraction
    expenditure_cap_months: Fraction
    expenditure_burden_ratio: Fraction
    township_limit: Decimal


@dataclass(frozen=True)
class FastTrackParameters:
    grant_days: int
    amount_cap: Decimal


@dataclass(frozen=True)
class NotificationParameters:
    shared_documents: frozenset[Document]


@dataclass(frozen=True)
class DisabilityCertificateParameters:
    generations: frozenset[CertificateGeneration]


@dataclass(frozen=True)
class DisabilityLivingParameters:
    statuses: frozenset[AssistanceStatus]
    severe_max_grade: Mapping[DisabilityType, int]
    ratio_severe: Fraction
    ratio_other: Fraction
    ratio_no_fixed_income: Fraction
    no_fixed_income_types: frozenset[DisabilityType]
    no_fixed_income_statuses: frozenset[AssistanceStatus]
    fixed_income_kinds: frozenset[IncomeKind]
    ratio_several: Fraction
    several_income_ratio: Fraction
    several_parent_age: int
    excluded_by: frozenset[OverlapSource]
    higher_of: frozenset[WelfareAllowance]


@dataclass(frozen=True)
class DisabilityCareParameters:
    max_grade: Mapping[DisabilityType, int]
    extended_max_grade: Mapping[DisabilityType, int]
    care_need_months: int
    amount_urban: Decimal
    amount_rural: Decimal
    excluded_by: frozenset[OverlapSource]
    higher_of: frozenset[WelfareAllowance]

    def amount(self, area: AreaClass) -> Decimal:
        return self.amount_urban if area is AreaClass.URBAN else self.amount_rural


@dataclass(frozen=True)
class DisabilityBothParameters:
    together: bool


@dataclass(frozen=True)
class OldAgeParameters:
    age_first: int
    age_second: int
    age_third: int
    amount_first: Decimal
    amount_second: Decimal
    amount_third: Decimal
    amount_first_low_income: Decimal
    low_income_statuses: frozenset[AssistanceStatus]


@dataclass(frozen=True)
class ElderlyCareServiceParameters:
    min_age: int
    statuses: frozenset[AssistanceStatus]
    amount_partial: Decimal
    amount_full: Decimal


@dataclass(frozen=True)
class PolicyParameters:
    """All settings in force for one county, urban/rural class and date (D1.18)."""

    amount: AmountParameters
    age: AgeParameters
    household: HouseholdParameters
    reference: ReferenceParameters
    disability: DisabilityParameters
    work_ability: WorkAbilityParameters
    dibao: DibaoParameters
    extreme_poverty: ExtremePovertyParameters
    low_income: LowIncomeParameters
    near_dibao: NearDibaoParameters
    rigid_hardship: RigidHardshipParameters
    orphan: OrphanParameters
    unsupported_child: UnsupportedChildParameters
    temporary: TemporaryParameters
    fast_track: FastTrackParameters
    notification: NotificationParameters
    disability_certificate: DisabilityCertificateParameters
    disability_living: DisabilityLivingParameters
    disability_care: DisabilityCareParameters
    disability_both: DisabilityBothParameters
    old_age: OldAgeParameters
    elderly_care_service: ElderlyCareServiceParameters


GROUPS: dict[str, type] = {
    "amount": AmountParameters,
    "age": AgeParameters,
    "household": HouseholdParameters,
    "reference": ReferenceParameters,
    "disability": DisabilityParameters,
    "work_ability": WorkAbilityParameters,
    "dibao": DibaoParameters,
    "extreme_poverty": ExtremePovertyParameters,
    "low_income": LowIncomeParameters,
    "near_dibao": NearDibaoParameters,
    "rigid_hardship": RigidHardshipParameters,
    "orphan": OrphanParameters,
    "unsupported_child": UnsupportedChildParameters,
    "temporary": TemporaryParameters,
    "fast_track": FastTrackParameters,
    "notification": NotificationParameters,
    "disability_certificate": DisabilityCertificateParameters,
    "disability_living": DisabilityLivingParameters,
    "disability_care": DisabilityCareParameters,
    "disability_both": DisabilityBothParameters,
    "old_age": OldAgeParameters,
    "elderly_care_service": ElderlyCareServiceParameters,
}


@dataclass(frozen=True)
class ParameterProblem:
    key: str
    message: str


class ParameterError(ValueError):
    """Configuration that cannot be used: every problem, each naming its key."""

    def __init__(self, problems: list[ParameterProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("；".join(problem.message for problem in problems))


def build_parameters(values: Mapping[str, str]) -> PolicyParameters:
    """Build the typed parameters from `key -> string value`; keys not ours are ignored.

    The mapping is what the Django side resolves from its versioned ConfigValue
    table for one area and date; the calculator uses the example defaults
    overlaid with the request's overrides.
    """
    parsed: dict[str, object] = {}
    problems: list[ParameterProblem] = []
    for spec in PARAMETER_SPECS:
        raw = values.get(spec.key)
        if raw is None:
            problems.append(ParameterProblem(spec.key, f"缺少配置项 {spec.key}（{spec.label}）"))
            continue
        try:
            parsed[spec.key] = parse_value(spec, raw)
        except InvalidValue as exc:
            message = f"配置项 {spec.key}（{spec.label}）的值“{raw}”无效：{exc}"
            problems.append(ParameterProblem(spec.key, message))
    if not problems:
        problems = _consistency_problems(parsed)
    if problems:
        raise ParameterError(problems)
    return _assemble(parsed)


def _consistency_problems(parsed: Mapping[str, object]) -> list[ParameterProblem]:
    """Checks across keys: the care-level item counts must split 0…6 into three levels."""
    partial = parsed["extreme_poverty.care.partial_min_items"]
    full = parsed["extreme_poverty.care.full_min_items"]
    assert isinstance(partial, int) and isinstance(full, int)
    if not partial < full <= len(CareItem):
        message = (
            "配置项 extreme_poverty.care.partial_min_items 须小于 "
            f"extreme_poverty.care.full_min_items，且后者不超过 {len(CareItem)}"
        )
        return [ParameterProblem("extreme_poverty.care.full_min_items", message)]
    ages = [parsed[f"old_age.age.{band}"] for band in ("first", "second", "third")]
    if ages != sorted(set(ages)):  # type: ignore[type-var]
        message = "高龄津贴各档年龄须由低到高：old_age.age.first < second < third"
        return [ParameterProblem("old_age.age.second", message)]
    return []


def _assemble(parsed: Mapping[str, object]) -> PolicyParameters:
    by_group: dict[str, dict[str, Any]] = {name: {} for name in GROUPS}
    for spec in PARAMETER_SPECS:
        by_group[spec.group][spec.attribute] = parsed[spec.key]
    groups = {name: GROUPS[name](**values) for name, values in by_group.items()}
    return PolicyParameters(**groups)


def group_fields(name: str) -> tuple[str, ...]:
    """Attribute names of one group, to check the spec list against the dataclasses."""
    return tuple(field.name for field in fields(GROUPS[name]))


@cache
def example_parameters() -> PolicyParameters:
    """The demo defaults, built once: examples for tests and demos, not policy."""
    return build_parameters(example_values())
