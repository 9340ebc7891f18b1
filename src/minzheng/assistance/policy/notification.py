"""One-time notification (一次性告知, D1.5): every document this household still needs, at once.

The list follows from the facts and the programme applied for — an income
proof for each member with wages, a disability certificate for each disabled
member, a death certificate for each deceased parent of a child applicant…
Documents the bureau can obtain from other departments' platforms
(`notification.shared_documents`) must not be demanded: they are listed
apart as "obtained by data sharing". Documents already handed in are left
out. With a signed pledge on the credit fast track, everything but the pledge
may follow later (D6.2).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from minzheng.assistance.policy.facts import Household, Member, Parent, Supporter
from minzheng.assistance.policy.parameters import PolicyParameters
from minzheng.assistance.policy.vocabulary import (
    ApplicationChannel,
    Custody,
    Document,
    EmergencyKind,
    ExpenditureKind,
    IncomeKind,
    ParentStatus,
    Programme,
    TemporaryType,
)

MEANS_TESTED = frozenset(
    {
        Programme.DIBAO,
        Programme.DIBAO_SINGLE_PERSON,
        Programme.EXTREME_POVERTY,
        Programme.NEAR_DIBAO,
        Programme.RIGID_HARDSHIP,
    }
)
INCOME_PROOFS = {
    IncomeKind.WAGES: Document.WAGE_PROOF,
    IncomeKind.BUSINESS_NET: Document.BUSINESS_INCOME,
    IncomeKind.PROPERTY_NET: Document.PROPERTY_INCOME,
    IncomeKind.TRANSFER_NET: Document.PENSION,
    IncomeKind.SOCIAL_INSURANCE_BENEFIT: Document.PENSION,
}
EXPENSE_PROOFS = {
    ExpenditureKind.MEDICAL: Document.MEDICAL_SETTLEMENT,
    ExpenditureKind.EDUCATION: Document.EDUCATION_RECEIPTS,
    ExpenditureKind.REHABILITATION: Document.REHABILITATION_RECEIPTS,
    ExpenditureKind.DISABILITY: Document.DISABILITY_RECEIPTS,
    ExpenditureKind.WORK: Document.WORK_COST_PROOF,
    ExpenditureKind.LIVING: Document.LIVING_COST_STATEMENT,
}
PARENT_PROOFS = {
    ParentStatus.DECEASED: Document.DEATH_CERT,
    ParentStatus.MISSING: Document.MISSING_JUDGMENT,
    ParentStatus.IMPRISONED: Document.CUSTODY_PROOF,
    ParentStatus.COMPULSORY_REHAB: Document.CUSTODY_PROOF,
    ParentStatus.RESTRICTED_LIBERTY: Document.RESTRICTION_DECISION,
    ParentStatus.LOST_CONTACT: Document.POLICE_RECEIPT,
    ParentStatus.GUARDIANSHIP_REVOKED: Document.GUARDIANSHIP_JUDGMENT,
    ParentStatus.DEPORTED: Document.DEPORTATION_PROOF,
}


@dataclass(frozen=True)
class DocumentNeed:
    """One document, for the household (`member_id` None) or for one member, and why."""

    document: Document
    member_id: str | None
    member_name: str
    rule: str
    why: str
    obtainable_by_data_sharing: bool = False
    may_follow_later: bool = False

    @property
    def title(self) -> str:
        return (
            f"{self.document.label}（{self.member_name}）"
            if self.member_name
            else self.document.label
        )


@dataclass(frozen=True)
class Notification:
    programme: Programme
    required: tuple[DocumentNeed, ...]
    shared: tuple[DocumentNeed, ...]
    text: str


def one_time_notification(
    household: Household,
    programme: Programme,
    params: PolicyParameters,
    *,
    submitted: Iterable[tuple[Document, str | None]] = (),
    channel: ApplicationChannel = ApplicationChannel.IN_PERSON,
    fast_track: bool = False,
) -> Notification:
    """The documents still to hand in, and those obtained by data sharing instead (D1.5)."""
    handed_in = set(submitted)
    shared_kinds = params.notification.shared_documents
    required, shared, seen = [], [], set()
    for need in _needs(household, programme, params, channel, fast_track):
        key = (need.document, need.member_id)
        if key in seen:
            continue
        seen.add(key)
        if need.document in shared_kinds:
            shared.append(_with(need, shared=True))
        elif key not in handed_in and (need.document, None) not in handed_in:
            later = fast_track and need.document is not Document.CREDIT_PLEDGE
            required.append(_with(need, later=later))
    text = _text(programme, required, shared, fast_track)
    return Notification(programme, tuple(required), tuple(shared), text)


def _with(need: DocumentNeed, *, shared: bool = False, later: bool = False) -> DocumentNeed:
    return DocumentNeed(
        need.document, need.member_id, need.member_name, need.rule, need.why, shared, later
    )


def _needs(
    household: Household,
    programme: Programme,
    params: PolicyParameters,
    channel: ApplicationChannel,
    fast_track: bool,
) -> Iterator[DocumentNeed]:
    yield _household(Document.APPLICATION_FORM, "D1.2", f"申请{programme.label}")
    yield _household(Document.HUKOU, "D1.2", "核实户籍")
    if channel is ApplicationChannel.DELEGATED:
        yield _household(Document.POWER_OF_ATTORNEY, "D1.2", "委托他人代为申请")
    if fast_track and not household.credit.pledge_signed:
        yield _household(Document.CREDIT_PLEDGE, "D6.1", "信用承诺快速救助")
    for member in household.members:
        if not member.deceased:
            yield _member(Document.ID_CARD, member, "D1.2", "核实身份")
            adult = member.age_on(household.decision_date) >= params.age.adult
            yield from _member_situation(member, adult=adult)
    if programme in MEANS_TESTED or _expenditure_type(household, programme):
        yield from _means_test(household)
        yield from _expenses(household, programme, params)
    if programme is Programme.EXTREME_POVERTY:
        yield from _supporters(household)
    if programme in (Programme.ORPHAN, Programme.UNSUPPORTED_CHILD):
        yield from _parents(household)
    if programme is Programme.TEMPORARY:
        yield from _temporary(household)


def _expenditure_type(household: Household, programme: Programme) -> bool:
    need = household.temporary
    is_temporary = programme is Programme.TEMPORARY
    return is_temporary and need is not None and need.type is TemporaryType.EXPENDITURE


def _member_situation(member: Member, *, adult: bool) -> Iterator[DocumentNeed]:
    """Proofs of the member's situations that D1.4, D1.15 and D2.2 read; school only matters
    for adults (D1.4 dependent students, D2.6 and D3.2 continuation)."""
    if member.disability is not None:
        yield _member(Document.DISABILITY_CERT, member, "D2.2", "核实残疾类别和等级")
    if member.serious_illness:
        yield _member(Document.DIAGNOSIS, member, "D1.15", "核实重病情况")
    if member.full_time_student and adult:
        yield _member(Document.STUDENT_STATUS, member, "D1.4", "核实在校就读情况")
    if member.clergy_since is not None:
        yield _member(Document.CLERGY_PROOF, member, "D1.4", "核实宗教教职人员身份及居住年限")
    if member.custody is not Custody.NONE:
        yield _member(Document.CUSTODY_PROOF, member, "D1.4", f"核实{member.custody.label}情况")


def _means_test(household: Household) -> Iterator[DocumentNeed]:
    """Income, property and rigid-expenditure proofs for the means test (D1.6, D1.11–D1.13)."""
    yield _household(Document.MEANS_TEST_AUTHORIZATION, "D1.6", "授权核对家庭经济状况")
    yield _household(Document.MARRIAGE, "D1.4", "核实婚姻状况和共同生活的家庭成员")
    yield _household(Document.REAL_ESTATE, "D1.13", "核实住房")
    yield _household(Document.VEHICLES, "D1.13", "核实车辆")
    yield _household(Document.DEPOSITS, "D1.13", "核实存款等金融资产")
    if any(vehicle.work_use for vehicle in household.property.vehicles):
        yield _household(Document.WORK_VEHICLE_PROOF, "D1.13", "核实车辆为生产经营用途")
    for member in household.members:
        for item in member.incomes:
            proof = INCOME_PROOFS.get(item.kind)
            if proof is not None and item.monthly > 0:
                yield _member(proof, member, "D1.11", f"核实{item.kind.label}")


def _expenses(
    household: Household, programme: Programme, params: PolicyParameters
) -> Iterator[DocumentNeed]:
    """Proofs of the rigid expenditures the programme reads: D1.12 deductions, D3.6 burden."""
    if programme in (Programme.DIBAO, Programme.DIBAO_SINGLE_PERSON):
        kinds, rule = frozenset(params.dibao.deduction_caps), "D1.12"
    elif programme is Programme.RIGID_HARDSHIP:
        kinds, rule = params.rigid_hardship.expenditure_kinds, "D3.6"
    else:
        return
    for expense in household.expenditures:
        if expense.amount > 0 and expense.kind in kinds:
            yield _household(EXPENSE_PROOFS[expense.kind], rule, f"核实{expense.kind.label}")


def _supporters(household: Household) -> Iterator[DocumentNeed]:
    """Proofs that each statutory supporter cannot perform (D2.4)."""
    for member in household.members:
        for supporter in member.supporters:
            for document, why in _supporter_proofs(supporter):
                relation = supporter.relation.label
                yield _member(document, member, "D2.4", f"法定义务人（{relation}）{why}")


def _supporter_proofs(supporter: Supporter) -> Iterator[tuple[Document, str]]:
    if supporter.is_extreme_poverty or supporter.is_dibao_recipient:
        yield Document.ASSISTANCE_STATUS, "享受低保或特困供养"
    if supporter.disability is not None:
        yield Document.DISABILITY_CERT, "残疾情况"
    if supporter.imprisoned:
        yield Document.CUSTODY_PROOF, "服刑情况"
    if supporter.missing:
        yield Document.MISSING_JUDGMENT, "下落不明"
    if supporter.no_civil_capacity:
        yield Document.CAPACITY_JUDGMENT, "无民事行为能力"
    if supporter.monthly_income is not None:
        yield Document.SUPPORTER_INCOME, "收入情况"


def _parents(household: Household) -> Iterator[DocumentNeed]:
    """Proofs of each parent's situation (D3.2, D3.3)."""
    for member in household.members:
        for parent in member.parents:
            for document, why in _parent_proofs(parent):
                yield _member(document, member, "D3.3", f"父母一方{why}")


def _parent_proofs(parent: Parent) -> Iterator[tuple[Document, str]]:
    proof = PARENT_PROOFS.get(parent.status)
    if proof is not None:
        yield proof, parent.status.label
    if parent.disability is not None:
        yield Document.DISABILITY_CERT, "残疾情况"
    if parent.serious_illness:
        yield Document.DIAGNOSIS, "重病情况"


def _temporary(household: Household) -> Iterator[DocumentNeed]:
    need = household.temporary
    if need is None:
        return
    if need.type is TemporaryType.EMERGENCY:
        yield _household(Document.EMERGENCY_PROOF, "D3.1", "核实突发事件")
        if need.emergency_kind is EmergencyKind.SUDDEN_ILLNESS:
            yield _household(Document.MEDICAL_SETTLEMENT, "D3.1", "核实医疗费用")
    yield _household(Document.COST_RECEIPTS, "D3.1", "核实家庭自负的损失或费用")


def _household(document: Document, rule: str, why: str) -> DocumentNeed:
    return DocumentNeed(document, None, "", rule, why)


def _member(document: Document, member: Member, rule: str, why: str) -> DocumentNeed:
    return DocumentNeed(document, member.id, member.name or member.id, rule, why)


def _text(
    programme: Programme,
    required: list[DocumentNeed],
    shared: list[DocumentNeed],
    fast_track: bool,
) -> str:
    if required:
        items = "；".join(f"{i}. {need.title}" for i, need in enumerate(required, 1))
        text = f"一次性告知（D1.5）：申请{programme.label}还需提交以下材料：{items}。"
    else:
        text = f"一次性告知（D1.5）：申请{programme.label}所需材料已齐全。"
    if shared:
        names = "、".join(dict.fromkeys(need.document.label for need in shared))
        text += f"以下材料由部门数据共享获取，无需提交：{names}。"
    if fast_track and required:
        text += "已签署信用承诺书的，除信用承诺书外，其余材料可在先行救助后补充（D6.2）。"
    return text
