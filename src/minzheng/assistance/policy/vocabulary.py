"""Closed vocabularies of the policy engine, with their Chinese labels.

The codes are the wire format of the calculator API and of configuration
lists (e.g. `dibao.income.excluded_kinds` lists `IncomeKind` codes), so they
are stable English words; the labels are what a caseworker reads. The code sets
shared with the registry, the synthetic city and the analytic rules (relation,
gender, disability type, area class, programme, care level) live in the one
vocabulary, `minzheng.core.codes`, and are re-exported here; the sets below are
the policy engine's own.
"""

from __future__ import annotations

from minzheng.assistance.policy.benefit_vocabulary import (
    AssistanceStatus,
    CertificateGeneration,
    OverlapSource,
    WelfareAllowance,
)
from minzheng.core.codes import (
    AreaClass,
    CareLevel,
    DisabilityType,
    Gender,
    Programme,
    Relation,
    Vocabulary,
    define_labels,
)

__all__ = [
    "ApplicationChannel",
    "AreaClass",
    "AssistanceStatus",
    "Benefit",
    "CareItem",
    "CareLevel",
    "CertificateGeneration",
    "ChildSupportChoice",
    "Custody",
    "DibaoMode",
    "DisabilityType",
    "Document",
    "EmergencyKind",
    "Employment",
    "ExpenditureKind",
    "Gender",
    "IncomeKind",
    "OverlapSource",
    "ParentSituation",
    "ParentStatus",
    "Programme",
    "Relation",
    "ReviewOutcome",
    "RoundingMethod",
    "RoundingUnit",
    "SchoolStage",
    "SupportSetting",
    "TemporaryType",
    "Vocabulary",
    "WelfareAllowance",
    "WorkAbility",
]


class SchoolStage(Vocabulary):
    """School stages that D1.4, D2.6 and D3.2 distinguish."""

    NONE = "none"
    PRESCHOOL = "preschool"
    COMPULSORY = "compulsory"
    HIGH_SCHOOL = "high_school"
    SECONDARY_VOCATIONAL = "secondary_vocational"
    HIGHER_VOCATIONAL = "higher_vocational"
    BACHELOR = "bachelor"
    POSTGRADUATE = "postgraduate"


define_labels(
    SchoolStage,
    {
        "none": "未在学",
        "preschool": "学前教育",
        "compulsory": "义务教育",
        "high_school": "普通高中",
        "secondary_vocational": "中等职业学校",
        "higher_vocational": "高等职业学校（专科）",
        "bachelor": "本科",
        "postgraduate": "研究生",
    },
)


class Employment(Vocabulary):
    NONE = "none"
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    FLEXIBLE = "flexible"
    FARMING = "farming"
    RETIRED = "retired"


define_labels(
    Employment,
    {
        "none": "无业",
        "employed": "受雇就业",
        "self_employed": "个体经营",
        "flexible": "灵活就业",
        "farming": "务农",
        "retired": "退休",
    },
)


class WorkAbility(Vocabulary):
    """An assessed ability to work; `unable` is a province-recognised case (D2.2)."""

    ABLE = "able"
    PARTIAL = "partial"
    UNABLE = "unable"


define_labels(
    WorkAbility, {"able": "有劳动能力", "partial": "部分丧失劳动能力", "unable": "无劳动能力"}
)


class Custody(Vocabulary):
    """Deprivation of liberty that removes a person from the household (D1.4, D2.7)."""

    NONE = "none"
    IMPRISONED = "imprisoned"
    COMPULSORY_REHAB = "compulsory_rehab"


define_labels(Custody, {"none": "无", "imprisoned": "服刑", "compulsory_rehab": "强制隔离戒毒"})


class IncomeKind(Vocabulary):
    """Income kinds: the first four are D1.11's counted kinds, the rest its exclusions."""

    WAGES = "wages"
    BUSINESS_NET = "business_net"
    PROPERTY_NET = "property_net"
    TRANSFER_NET = "transfer_net"
    SOCIAL_INSURANCE_BENEFIT = "social_insurance_benefit"
    PREFERENTIAL_TREATMENT = "preferential_treatment"
    FAMILY_PLANNING_REWARD = "family_planning_reward"
    SCHOLARSHIP = "scholarship"
    BRAVERY_REWARD = "bravery_reward"
    SOCIAL_ASSISTANCE = "social_assistance"
    RESIDENT_BASIC_PENSION = "resident_basic_pension"
    OLD_AGE_ALLOWANCE = "old_age_allowance"
    DISABILITY_SUBSIDY = "disability_subsidy"


define_labels(
    IncomeKind,
    {
        "wages": "工资性收入",
        "business_net": "经营净收入",
        "property_net": "财产净收入",
        "transfer_net": "转移净收入",
        "social_insurance_benefit": "社会保险待遇",
        "preferential_treatment": "优待抚恤金",
        "family_planning_reward": "计划生育奖励与扶助金",
        "scholarship": "奖学金",
        "bravery_reward": "见义勇为等奖励",
        "social_assistance": "社会救助款物",
        "resident_basic_pension": "城乡居民基础养老金",
        "old_age_allowance": "高龄津贴",
        "disability_subsidy": "残疾人两项补贴",
    },
)


class ExpenditureKind(Vocabulary):
    """Rigid expenditure kinds (D1.12 deductions, D3.1 and D3.6 burdens)."""

    LIVING = "living"
    MEDICAL = "medical"
    EDUCATION = "education"
    REHABILITATION = "rehabilitation"
    DISABILITY = "disability"
    WORK = "work"


define_labels(
    ExpenditureKind,
    {
        "living": "基本生活支出",
        "medical": "医疗支出",
        "education": "教育支出",
        "rehabilitation": "康复支出",
        "disability": "残疾额外支出",
        "work": "必要就业成本",
    },
)


class CareItem(Vocabulary):
    """The six daily-living items of the care assessment (D2.8)."""

    EATING = "eating"
    DRESSING = "dressing"
    TRANSFERRING = "transferring"
    TOILETING = "toileting"
    WALKING_INDOORS = "walking_indoors"
    BATHING = "bathing"


define_labels(
    CareItem,
    {
        "eating": "进食",
        "dressing": "穿衣",
        "transferring": "上下床",
        "toileting": "如厕",
        "walking_indoors": "室内行走",
        "bathing": "洗澡",
    },
)


class SupportSetting(Vocabulary):
    """Institutional (集中) or home (分散/散居) support (D2.9, D3.2)."""

    INSTITUTIONAL = "institutional"
    HOME = "home"


define_labels(SupportSetting, {"institutional": "集中供养", "home": "分散供养"})


class ParentStatus(Vocabulary):
    """A parent's situation as D3.2 and D3.3 read it."""

    NORMAL = "normal"
    DECEASED = "deceased"
    MISSING = "missing"
    IMPRISONED = "imprisoned"
    COMPULSORY_REHAB = "compulsory_rehab"
    RESTRICTED_LIBERTY = "restricted_liberty"
    LOST_CONTACT = "lost_contact"
    GUARDIANSHIP_REVOKED = "guardianship_revoked"
    DEPORTED = "deported"


define_labels(
    ParentStatus,
    {
        "normal": "正常",
        "deceased": "死亡",
        "missing": "宣告失踪",
        "imprisoned": "服刑在押",
        "compulsory_rehab": "强制隔离戒毒",
        "restricted_liberty": "被执行其他限制人身自由措施",
        "lost_contact": "失联",
        "guardianship_revoked": "被撤销监护资格",
        "deported": "被遣送出境",
    },
)


class ParentSituation(Vocabulary):
    """Situations that make a living parent unable to raise the child (D3.3)."""

    SEVERE_DISABILITY = "severe_disability"
    SERIOUS_ILLNESS = "serious_illness"
    IMPRISONED = "imprisoned"
    COMPULSORY_REHAB = "compulsory_rehab"
    RESTRICTED_LIBERTY = "restricted_liberty"
    LOST_CONTACT = "lost_contact"
    GUARDIANSHIP_REVOKED = "guardianship_revoked"
    DEPORTED = "deported"


define_labels(
    ParentSituation,
    {
        "severe_disability": "重残",
        "serious_illness": "重病",
        "imprisoned": "服刑在押",
        "compulsory_rehab": "强制隔离戒毒",
        "restricted_liberty": "被执行其他限制人身自由措施",
        "lost_contact": "失联",
        "guardianship_revoked": "被撤销监护资格",
        "deported": "被遣送出境",
    },
)


class ChildSupportChoice(Vocabulary):
    """What a minor meeting both 特困 and child-support conditions chose (D2.5)."""

    CHILD_SUPPORT = "child_support"
    EXTREME_POVERTY = "extreme_poverty"


define_labels(
    ChildSupportChoice, {"child_support": "选择儿童保障", "extreme_poverty": "选择特困供养"}
)


class TemporaryType(Vocabulary):
    EMERGENCY = "emergency"
    EXPENDITURE = "expenditure"


define_labels(TemporaryType, {"emergency": "急难型", "expenditure": "支出型"})


class EmergencyKind(Vocabulary):
    FIRE = "fire"
    TRAFFIC_ACCIDENT = "traffic_accident"
    INJURY = "injury"
    SUDDEN_ILLNESS = "sudden_illness"
    OTHER = "other"


define_labels(
    EmergencyKind,
    {
        "fire": "火灾",
        "traffic_accident": "交通事故",
        "injury": "意外伤害",
        "sudden_illness": "突发重大疾病",
        "other": "其他突发事件",
    },
)


class Benefit(Vocabulary):
    """What the programme pays: a monthly amount, a one-time amount, or a status only."""

    MONTHLY = "monthly"
    ONE_TIME = "one_time"
    STATUS = "status"


define_labels(
    Benefit, {"monthly": "按月发放", "one_time": "一次性发放", "status": "认定身份（无现金）"}
)


class ApplicationChannel(Vocabulary):
    """How the application was made (D1.2)."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    DELEGATED = "delegated"


define_labels(
    ApplicationChannel, {"in_person": "窗口申请", "online": "网上申请", "delegated": "委托申请"}
)


class Document(Vocabulary):
    """Documents the one-time notification may list (D1.5)."""

    APPLICATION_FORM = "application_form"
    MEANS_TEST_AUTHORIZATION = "means_test_authorization"
    CREDIT_PLEDGE = "credit_pledge"
    POWER_OF_ATTORNEY = "power_of_attorney"
    ID_CARD = "id_card"
    HUKOU = "hukou"
    MARRIAGE = "marriage"
    DISABILITY_CERT = "disability_cert"
    DIAGNOSIS = "diagnosis"
    STUDENT_STATUS = "student_status"
    CLERGY_PROOF = "clergy_proof"
    CUSTODY_PROOF = "custody_proof"
    WAGE_PROOF = "wage_proof"
    BUSINESS_INCOME = "business_income"
    PROPERTY_INCOME = "property_income"
    PENSION = "pension"
    REAL_ESTATE = "real_estate"
    VEHICLES = "vehicles"
    WORK_VEHICLE_PROOF = "work_vehicle_proof"
    DEPOSITS = "deposits"
    MEDICAL_SETTLEMENT = "medical_settlement"
    EDUCATION_RECEIPTS = "education_receipts"
    REHABILITATION_RECEIPTS = "rehabilitation_receipts"
    DISABILITY_RECEIPTS = "disability_receipts"
    WORK_COST_PROOF = "work_cost_proof"
    LIVING_COST_STATEMENT = "living_cost_statement"
    DEATH_CERT = "death_cert"
    MISSING_JUDGMENT = "missing_judgment"
    RESTRICTION_DECISION = "restriction_decision"
    POLICE_RECEIPT = "police_receipt"
    GUARDIANSHIP_JUDGMENT = "guardianship_judgment"
    DEPORTATION_PROOF = "deportation_proof"
    SUPPORTER_INCOME = "supporter_income"
    CAPACITY_JUDGMENT = "capacity_judgment"
    ASSISTANCE_STATUS = "assistance_status"
    EMERGENCY_PROOF = "emergency_proof"
    COST_RECEIPTS = "cost_receipts"


define_labels(
    Document,
    {
        "application_form": "救助申请书",
        "means_test_authorization": "家庭经济状况核对授权书",
        "credit_pledge": "信用承诺书",
        "power_of_attorney": "委托书",
        "id_card": "居民身份证",
        "hukou": "户口簿",
        "marriage": "婚姻状况证明",
        "disability_cert": "残疾人证",
        "diagnosis": "疾病诊断证明",
        "student_status": "在校（学籍）证明",
        "clergy_proof": "宗教教职人员身份及居住证明",
        "custody_proof": "服刑或强制隔离戒毒证明",
        "wage_proof": "工资收入证明",
        "business_income": "经营收入情况说明",
        "property_income": "财产性收入证明（如租赁合同）",
        "pension": "养老金及社会保险待遇信息",
        "real_estate": "不动产登记信息",
        "vehicles": "机动车登记信息",
        "work_vehicle_proof": "生产经营用车证明",
        "deposits": "存款及金融资产信息",
        "medical_settlement": "医疗费用结算信息",
        "education_receipts": "教育支出票据",
        "rehabilitation_receipts": "康复支出票据",
        "disability_receipts": "残疾额外支出票据",
        "work_cost_proof": "必要就业成本证明",
        "living_cost_statement": "基本生活支出情况说明",
        "death_cert": "死亡证明",
        "missing_judgment": "宣告失踪判决书",
        "restriction_decision": "限制人身自由措施决定书",
        "police_receipt": "公安机关受案回执（失联）",
        "guardianship_judgment": "撤销监护资格判决书",
        "deportation_proof": "遣送出境证明",
        "supporter_income": "法定义务人收入情况说明",
        "capacity_judgment": "无民事行为能力认定判决书",
        "assistance_status": "低保、特困在册信息",
        "emergency_proof": "事故或灾害证明（如火灾、交通事故认定书）",
        "cost_receipts": "临时救助费用票据",
    },
)


class DibaoMode(Vocabulary):
    """How the dibao amount is set (D1.14)."""

    DIFFERENCE = "difference"
    TIERED = "tiered"


define_labels(DibaoMode, {"difference": "差额补助", "tiered": "分档补助"})


class RoundingUnit(Vocabulary):
    YUAN = "yuan"
    FEN = "fen"


define_labels(RoundingUnit, {"yuan": "元", "fen": "分"})


class RoundingMethod(Vocabulary):
    HALF_UP = "half_up"
    UP = "up"
    DOWN = "down"


define_labels(RoundingMethod, {"half_up": "四舍五入", "up": "进位", "down": "舍去"})


class ReviewOutcome(Vocabulary):
    """Result of a periodic review (D1.16, D1.17, D2.7)."""

    UNCHANGED = "unchanged"
    ADJUST = "adjust"
    GRADUAL_EXIT = "gradual_exit"
    TERMINATE = "terminate"


define_labels(
    ReviewOutcome,
    {"unchanged": "维持不变", "adjust": "调整", "gradual_exit": "渐退", "terminate": "终止"},
)
