"""The disability two subsidies (残疾人两项补贴, D4): living subsidy and care subsidy.

Each disabled member is assessed alone, on the decision date:

- a valid disability certificate is required for both (D4.2): a generation the
  county accepts, issued by the day and not expired (the third generation's
  expiry date is the last valid day);
- the living subsidy (D4.1, D4.3) is a share of the local dibao standard: the
  highest share of those that apply — a dibao (or extended-status) household,
  severe or not; a severe disability of the listed types with no fixed income
  outside dibao; several disabled members or elderly parents supporting a
  disabled child with per-capita income not above the set multiple of the standard;
- the care subsidy (D4.2, D4.3) pays a fixed urban/rural amount for the listed
  grades (extendable to grade 3–4 intellectual/mental) with a long-term care need;
- the overlap matrix (D4.4) is configuration: what excludes each subsidy, which
  welfare allowances of the same kind are compared with it (择高), and whether
  the two may be received together.

Neither subsidy is income for dibao or 特困 (`disability_subsidy` is in the
excluded income kinds).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from minzheng.assistance.policy.facts import Household, Member
from minzheng.assistance.policy.income import IncomeAssessment
from minzheng.assistance.policy.money import ZERO, apply_ratio, percent_text, ratio_text, yuan
from minzheng.assistance.policy.outcome import Decision, Figure, Reason, per_person, reason
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import (
    OverlapSource,
    Programme,
    Relation,
    WelfareAllowance,
)

LIVING = Programme.DISABILITY_LIVING_SUBSIDY
CARE = Programme.DISABILITY_CARE_SUBSIDY


def disabled_members(household: Household) -> tuple[Member, ...]:
    return tuple(m for m in household.members if m.disability is not None and not m.deceased)


def certificate_reason(member: Member, day: dt.date, params: PolicyParameters) -> Reason | None:
    """Why the member's certificate does not count on `day` (D4.2), or None."""
    cert = member.certificate
    who = member.display
    if cert is None:
        return reason(
            "D4.2", "disability.no_certificate", f"{who} 未持残疾人证", member.id, against=True
        )
    if cert.generation not in params.disability_certificate.generations:
        text = f"{who} 持{cert.generation.label}，不在认可范围内"
        return reason("D4.2", "disability.certificate_generation", text, member.id, against=True)
    if cert.issued_on > day:
        text = f"{who} 的残疾人证 {cert.issued_on.isoformat()} 签发，决定日尚未生效"
        return reason("D4.2", "disability.certificate_not_yet", text, member.id, against=True)
    if not cert.valid_on(day):
        expired = cert.expires_on.isoformat() if cert.expires_on else ""
        text = f"{who} 的残疾人证有效期至 {expired}，决定日已过期"
        return reason("D4.2", "disability.certificate_expired", text, member.id, against=True)
    return None


def excluded_by(member: Member, sources: frozenset[OverlapSource]) -> list[OverlapSource]:
    """The sources in the matrix the member has: programmes received, allowances held."""
    codes = {source.value for source in OverlapSource}
    held = {OverlapSource(p.value) for p in member.receiving if p.value in codes}
    held |= {OverlapSource(a.kind.value) for a in member.welfare_allowances}
    return [source for source in OverlapSource if source in sources and source in held]


def higher_of(
    member: Member, amount: Decimal, kinds: frozenset[WelfareAllowance], programme: Programme
) -> tuple[bool, list[Reason]]:
    """择高 (D4.4): paid only when the subsidy is higher than every same-kind allowance."""
    reasons = []
    paid = True
    for kind in WelfareAllowance:
        other = member.allowance(kind) if kind in kinds else None
        if other is None:
            continue
        if other >= amount:
            paid = False
            text = (
                f"{member.display} 已享受{kind.label} {yuan(other)} 元/月，不低于"
                f"{programme.label} {yuan(amount)} 元/月，择高享受{kind.label}"
            )
            reasons.append(
                reason("D4.4", "disability.higher_other", text, member.id, against=True)
            )
        else:
            text = (
                f"{member.display} 的{programme.label} {yuan(amount)} 元/月高于{kind.label} "
                f"{yuan(other)} 元/月，择高享受{programme.label}（停发{kind.label}）"
            )
            reasons.append(reason("D4.4", "disability.higher_subsidy", text, member.id))
    return paid, reasons


def overlap_refusal(
    member: Member, sources: frozenset[OverlapSource], programme: Programme
) -> Reason | None:
    found = excluded_by(member, sources)
    if not found:
        return None
    names = "、".join(source.label for source in found)
    text = f"{member.display} 享受{names}，不享受{programme.label}"
    return reason("D4.4", f"{programme.value}.excluded", text, member.id, against=True)


# --- living subsidy (D4.1, D4.3) ---


def _several(member: Member, household: Household, params: PolicyParameters) -> str | None:
    """一户多残 or 依老养残, in words, or None."""
    settings = params.disability_living
    day = household.decision_date
    living = [m for m in disabled_members(household) if m.lives_together]
    if len(living) >= 2:
        return f"一户多残（{len(living)}名残疾人）"
    elderly = settings.several_parent_age
    if member.relation is Relation.CHILD:
        parents = [m for m in household.members if m.relation in (Relation.HEAD, Relation.SPOUSE)]
    elif member.relation in (Relation.HEAD, Relation.SPOUSE):
        wanted = Relation.PARENT if member.relation is Relation.HEAD else Relation.PARENT_IN_LAW
        parents = [m for m in household.members if m.relation is wanted]
    else:
        parents = []
    old = [p for p in parents if not p.deceased and p.age_on(day) >= elderly]
    if old:
        return f"依老养残（父母年满{elderly}周岁）"
    return None


def living_shares(
    member: Member, household: Household, income: IncomeAssessment, params: PolicyParameters
) -> list[tuple[Fraction, Reason]]:
    """Every share of the dibao standard that applies to the member, with its reason."""
    assert member.disability is not None
    settings = params.disability_living
    status = household.assistance_status
    severe = member.disability.within(settings.severe_max_grade)
    standard = params.dibao.standard(household.area_class)
    who = f"{member.display}（{member.disability.label}）"
    shares = []
    if status in settings.statuses:
        ratio = settings.ratio_severe if severe else settings.ratio_other
        kind = "重度残疾人" if severe else "非重度残疾人"
        text = f"{who} 为{status.label}中的{kind}，按低保标准的 {percent_text(ratio)} 发放"
        shares.append((ratio, reason("D4.3", "living.status_share", text, member.id)))
    fixed = sum((i.monthly for i in member.incomes if i.kind in settings.fixed_income_kinds), ZERO)
    if (
        severe
        and member.disability.type in settings.no_fixed_income_types
        and status in settings.no_fixed_income_statuses
        and fixed == ZERO
    ):
        ratio = settings.ratio_no_fixed_income
        text = f"{who} 为低保外无固定收入的重度残疾人，按低保标准的 {percent_text(ratio)} 发放"
        shares.append((ratio, reason("D4.3", "living.no_fixed_income", text, member.id)))
    several = _several(member, household, params)
    if several is not None:
        limit = Fraction(standard) * settings.several_income_ratio
        per_capita = yuan(income.per_capita_shown)
        if income.per_capita <= limit:
            ratio = settings.ratio_several
            text = (
                f"{who} 属{several}，家庭人均收入 {per_capita} 元不高于低保标准的 "
                f"{ratio_text(settings.several_income_ratio)} 倍，按 {percent_text(ratio)} 发放"
            )
            shares.append((ratio, reason("D4.3", "living.several", text, member.id)))
        else:
            text = (
                f"{who} 属{several}，但家庭人均收入 {per_capita} 元高于低保标准的 "
                f"{ratio_text(settings.several_income_ratio)} 倍"
            )
            shares.append(
                (
                    Fraction(0),
                    reason("D4.3", "living.several_income", text, member.id, against=True),
                )
            )
    return shares


def assess_living(
    household: Household, income: IncomeAssessment, params: PolicyParameters
) -> Decision:
    settings = params.disability_living
    standard = params.dibao.standard(household.area_class)
    amounts: dict[str, Decimal] = {}
    member_figures: dict[str, dict[str, Figure]] = {}
    reasons: list[Reason] = []
    for member in disabled_members(household):
        refusal = certificate_reason(member, household.decision_date, params) or overlap_refusal(
            member, settings.excluded_by, LIVING
        )
        if refusal is not None:
            reasons.append(refusal)
            continue
        shares = living_shares(member, household, income, params)
        reasons.extend(r for _, r in shares)
        best = max((ratio for ratio, _ in shares), default=Fraction(0))
        if best == 0:
            if not shares:
                text = (
                    f"{member.display} 所在家庭为{household.assistance_status.label}，"
                    "不在生活补贴范围内"
                )
                reasons.append(reason("D4.1", "living.status", text, member.id, against=True))
            continue
        amount = params.amount.round(apply_ratio(standard, best))
        paid, chosen = higher_of(member, amount, settings.higher_of, LIVING)
        reasons.extend(chosen)
        if paid:
            amounts[member.id] = amount
            member_figures[member.id] = {"ratio": ratio_text(best)}
    if not disabled_members(household):
        reasons.append(_nobody(LIVING))
    return per_person(LIVING, amounts, {"dibao_standard": standard}, reasons, member_figures)


def _nobody(programme: Programme) -> Reason:
    text = f"家庭中没有持证残疾人，不符合{programme.label}条件"
    return reason(
        "D4.1" if programme is LIVING else "D4.2",
        f"{programme.value}.no_disabled",
        text,
        against=True,
    )


# --- care subsidy (D4.2, D4.3) ---


def _care_grade(member: Member, params: PolicyParameters) -> Reason:
    assert member.disability is not None
    settings = params.disability_care
    label = member.disability.label
    if member.disability.within(settings.max_grade):
        return reason("D4.2", "care.grade", f"{member.display} 为{label}，属重度残疾", member.id)
    if member.disability.within(settings.extended_max_grade):
        text = f"{member.display} 为{label}，属护理补贴扩展范围"
        return reason("D4.2", "care.extended_grade", text, member.id)
    text = f"{member.display} 为{label}，不在护理补贴的残疾等级范围内"
    return reason("D4.2", "care.grade_not_covered", text, member.id, against=True)


def assess_care(household: Household, params: PolicyParameters) -> Decision:
    settings = params.disability_care
    amount = params.amount.round(settings.amount(household.area_class))
    amounts: dict[str, Decimal] = {}
    reasons: list[Reason] = []
    for member in disabled_members(household):
        refusal = certificate_reason(member, household.decision_date, params)
        grade = _care_grade(member, params)
        if refusal is not None or grade.against:
            reasons.append(refusal or grade)
            continue
        reasons.append(grade)
        months = settings.care_need_months
        if member.care_need_months < months:
            text = (
                f"{member.display} 长期照护需求 {member.care_need_months} 个月，不足 {months} 个月"
            )
            reasons.append(reason("D4.2", "care.need_short", text, member.id, against=True))
            continue
        excluded = overlap_refusal(member, settings.excluded_by, CARE)
        if excluded is not None:
            reasons.append(excluded)
            continue
        paid, chosen = higher_of(member, amount, settings.higher_of, CARE)
        reasons.extend(chosen)
        if paid:
            amounts[member.id] = amount
            text = f"{member.display} 按{household.area_class.label}标准发放 {yuan(amount)} 元/月"
            reasons.append(reason("D4.3", "care.amount", text, member.id))
    if not disabled_members(household):
        reasons.append(_nobody(CARE))
    return per_person(CARE, amounts, {"standard": amount}, reasons)


def resolve_together(
    living: Decision, care: Decision, params: PolicyParameters, household: Household
) -> tuple[Decision, Decision]:
    """D4.4: both may be received together unless the setting says otherwise; then the
    higher one is paid (the care subsidy on a tie)."""
    if params.disability_both.together:
        return living, care
    keep_living = dict(living.member_amounts)
    keep_care = dict(care.member_amounts)
    extra_living: list[Reason] = []
    extra_care: list[Reason] = []
    for member_id in set(keep_living) & set(keep_care):
        member = household.member(member_id)
        who = member.display if member else member_id
        if keep_living[member_id] > keep_care[member_id]:
            del keep_care[member_id]
            text = f"{who} 两项补贴不得同时享受，择高享受{LIVING.label}"
            extra_care.append(
                reason("D4.4", "disability.not_together", text, member_id, against=True)
            )
        else:
            del keep_living[member_id]
            text = f"{who} 两项补贴不得同时享受，择高享受{CARE.label}"
            extra_living.append(
                reason("D4.4", "disability.not_together", text, member_id, against=True)
            )
    return (
        _rebuild(living, keep_living, extra_living),
        _rebuild(care, keep_care, extra_care),
    )


def _rebuild(decision: Decision, amounts: dict[str, Decimal], extra: list[Reason]) -> Decision:
    figures = {k: v for k, v in decision.member_figures.items() if k in amounts}
    return per_person(
        decision.programme,
        amounts,
        decision.figures,
        [*decision.reasons, *extra],
        {k: dict(v) for k, v in figures.items()},
    )
