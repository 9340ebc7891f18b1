"""The calculator's request and response as pydantic schemas, for the OpenAPI document.

The contract is docs/assistance-policy.md. The reader (request.py) stays the one
that decides: it reports every error at once with its field path and a Chinese
message, and checks what a schema cannot say (one head, ID number agreeing with
the birth date, dates not after the decision date). These schemas describe the
same shape and bounds for clients; tests/assistance/test_calculator_schema.py
ties them to the reader's field lists and to every documented example, so the
two cannot drift apart. Pydantic only — importable without Django.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from minzheng.assistance.policy.request_reader import MAX_ITEMS, MAX_MONEY
from minzheng.assistance.policy.vocabulary import (
    ApplicationChannel,
    AreaClass,
    AssistanceStatus,
    CareItem,
    CertificateGeneration,
    ChildSupportChoice,
    Custody,
    DisabilityType,
    Document,
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

Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=MAX_MONEY,
        decimal_places=2,
        description='元；字符串（如 "1200.50"）或数字，非负，最多两位小数',
    ),
]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]
Text = Annotated[str, Field(min_length=1, max_length=100)]
MemberId = Annotated[str, Field(min_length=1, max_length=32)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DisabilityIn(Strict):
    type: DisabilityType
    grade: int = Field(ge=1, le=4, description="1 级最重")


class ParentIn(Strict):
    status: ParentStatus = ParentStatus.NORMAL
    since: Day | None = None
    until: Day | None = None
    disability: DisabilityIn | None = None
    serious_illness: bool = False


class SupporterIn(Strict):
    relation: Relation
    name: Text | None = None
    birth_date: Day | None = None
    disability: DisabilityIn | None = None
    is_extreme_poverty: bool = False
    is_dibao_recipient: bool = False
    monthly_income: Money | None = None
    property_within_low_income_rules: bool = False
    no_civil_capacity: bool = False
    missing: bool = False
    imprisoned: bool = False


class CertificateIn(Strict):
    generation: CertificateGeneration
    issued_on: Day
    expires_on: Day | None = Field(None, description="第三代残疾人证必填；当日仍有效")


class MemberIn(Strict):
    id: MemberId
    name: Text | None = None
    relation: Relation = Field(description="与申请人（户主）的关系；须有且只有一名 head")
    birth_date: Day | None = Field(None, description="不填时由身份证号码得出")
    id_number: str | None = Field(None, min_length=18, max_length=18)
    gender: Gender | None = None
    lives_together: bool = True
    deceased: bool = False
    disability: DisabilityIn | None = None
    serious_illness: bool = False
    school_stage: SchoolStage = SchoolStage.NONE
    full_time_student: bool | None = None
    employment: Employment = Employment.NONE
    work_ability: WorkAbility | None = None
    newly_employed: bool = False
    unable_to_live_independently: bool = False
    incomes: dict[IncomeKind, Money] = Field(default_factory=dict, description="元/月")
    clergy_since: Day | None = None
    custody: Custody = Custody.NONE
    excluded_by_local_rule: bool = False
    care_items_unable: list[CareItem] = Field(max_length=MAX_ITEMS, default_factory=list)
    support_setting: SupportSetting = SupportSetting.HOME
    supporters: list[SupporterIn] = Field(max_length=MAX_ITEMS, default_factory=list)
    parents: list[ParentIn] = Field(default_factory=list, max_length=2)
    child_support_choice: ChildSupportChoice = ChildSupportChoice.CHILD_SUPPORT
    receiving: list[Programme] = Field(max_length=MAX_ITEMS, default_factory=list)
    disability_certificate: CertificateIn | None = None
    care_need_months: int = Field(0, ge=0, le=1200, description="长期照护需求持续月数（D4.2）")
    welfare_allowances: dict[WelfareAllowance, Money] = Field(
        default_factory=dict, description="已享受的福利补贴，元/月（D4.4）"
    )


class VehicleIn(Strict):
    work_use: bool = False
    value: Money | None = None


class PropertyIn(Strict):
    dwellings: int = Field(0, ge=0, le=99)
    vehicles: list[VehicleIn] = Field(max_length=MAX_ITEMS, default_factory=list)
    deposits: Money = Decimal(0)


class CreditIn(Strict):
    pledge_signed: bool = False
    breach_in_force: bool = False


class HouseholdIn(Strict):
    members: list[MemberIn] = Field(min_length=1, max_length=MAX_ITEMS)
    property: PropertyIn | None = None
    expenditures: dict[ExpenditureKind, Money] = Field(
        default_factory=dict, description="刚性支出，近 household.expenditure_months 个月合计"
    )
    income_unstable: bool = False
    assistance_status: AssistanceStatus = Field(
        AssistanceStatus.NONE, description="家庭救助身份（在册情况，D4.1、D7.3、D7.4）"
    )
    review_class: Text | None = None
    credit: CreditIn | None = None


class TemporaryIn(Strict):
    type: TemporaryType
    cost: Money
    emergency_kind: EmergencyKind | None = None


class SubmittedDocument(Strict):
    code: Document
    member_id: MemberId | None = None


class ApplicationIn(Strict):
    programme: Programme
    channel: ApplicationChannel = ApplicationChannel.IN_PERSON
    fast_track: bool = False
    submitted_documents: list[SubmittedDocument] = Field(
        max_length=MAX_ITEMS, default_factory=list
    )


class PreviousDecisionIn(Strict):
    programme: Programme
    amount: Money
    covered_members: list[MemberId] = Field(max_length=MAX_ITEMS, default_factory=list)


class ReviewIn(Strict):
    previous: list[PreviousDecisionIn] = Field(max_length=MAX_ITEMS)
    voluntary_exit: bool = False


class CalculatorRequest(Strict):
    """政策计算器请求（版本 "1"）。未知字段是错误。"""

    version: Literal["1"] = "1"
    decision_date: Day
    area_class: AreaClass
    programmes: list[Programme] | None = Field(None, max_length=MAX_ITEMS)
    parameters: dict[str, str | int | Decimal | bool] = Field(
        default_factory=dict, description="单项配置的临时覆盖（测算用）"
    )
    household: HouseholdIn
    temporary: TemporaryIn | None = None
    application: ApplicationIn | None = None
    review: ReviewIn | None = None


# ---- response -------------------------------------------------------------------

Amount = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", description="元，两位小数的字符串")]
Figure = str | int | bool | None


class ReasonOut(BaseModel):
    rule: str = Field(description="规则手册条款号，如 D1.13")
    code: str
    message: str
    member_id: str | None
    against: bool = Field(description="true：不满足的条件（不予批准须说明的理由）")


class MemberStatusOut(BaseModel):
    id: str
    name: str
    age: int
    counted: bool
    reason: ReasonOut


class IncomeOut(BaseModel):
    gross_monthly: Amount
    excluded_monthly: Amount
    deductions_monthly: Amount
    net_monthly: Amount
    per_capita_monthly: Amount


class CalculatorHouseholdOut(BaseModel):
    members: list[MemberStatusOut]
    counted_members: int
    income: IncomeOut
    reasons: list[ReasonOut]


class DecisionOut(BaseModel):
    programme: Programme
    name: str
    eligible: bool
    benefit: Literal["monthly", "one_time", "status"]
    amount: Amount
    covered_members: list[str]
    member_amounts: dict[str, Amount]
    figures: dict[str, Figure]
    member_figures: dict[str, dict[str, Figure]]
    reasons: list[ReasonOut]


class FastTrackOut(BaseModel):
    programme: Programme
    eligible: bool
    advance_amount: Amount
    grant_within_days: int | None
    reasons: list[ReasonOut]


class DocumentOut(BaseModel):
    code: Document
    name: str
    member_id: str | None
    title: str
    rule: str
    why: str
    obtainable_by_data_sharing: bool
    may_follow_later: bool


class NotificationOut(BaseModel):
    programme: Programme
    required: list[DocumentOut]
    obtained_by_data_sharing: list[DocumentOut]
    text: str


class ReviewOut(BaseModel):
    programme: Programme
    outcome: Literal["unchanged", "adjust", "gradual_exit", "terminate"]
    outcome_name: str
    amount: Amount
    previous_amount: Amount
    covered_members: list[str]
    effective_from: dt.date | None
    exit_months: int
    next_review_months: int | None
    reasons: list[ReasonOut]


class ParametersOut(BaseModel):
    example_defaults: bool = Field(description="true：未配置本地标准，按标注的示例值计算")
    overridden: list[str]


class CalculatorResponse(BaseModel):
    version: Literal["1"]
    ok: Literal[True]
    decision_date: dt.date
    area_class: AreaClass
    parameters: ParametersOut
    household: CalculatorHouseholdOut
    programmes: dict[Programme, DecisionOut]
    fast_track: FastTrackOut | None
    notification: NotificationOut | None
    reviews: list[ReviewOut]


class FieldErrorOut(BaseModel):
    path: str = Field(description="出错字段的路径，如 household.members[0].incomes.wages")
    message: str = Field(description="中文说明")


class CalculatorErrors(BaseModel):
    version: Literal["1"]
    ok: Literal[False]
    errors: list[FieldErrorOut]


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with every `$ref` replaced by its definition, for an
    OpenAPI request body that has no components of its own (the models nest, never
    recurse)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return resolve(definitions[ref.rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved
