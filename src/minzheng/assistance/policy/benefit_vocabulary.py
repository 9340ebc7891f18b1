"""Closed vocabularies of the disability and elderly benefits (D4, D7.3, D7.4), with their
Chinese labels; re-exported by `vocabulary` so that settings name them like the others."""

from __future__ import annotations

from minzheng.core.codes import Vocabulary, define_labels


class AssistanceStatus(Vocabulary):
    """The household's assistance status on the decision date, as the disability living
    subsidy (D4.1) and the elderly subsidies (D7.3, D7.4) read it: a fact of the
    registry (the enrolments in force), not recomputed by the engine."""

    NONE = "none"
    DIBAO = "dibao"
    EXTREME_POVERTY = "extreme_poverty"
    NEAR_DIBAO = "near_dibao"
    LOW_INCOME = "low_income"


define_labels(
    AssistanceStatus,
    {
        "none": "非低保、特困、低收入家庭",
        "dibao": "低保家庭",
        "extreme_poverty": "特困人员",
        "near_dibao": "低保边缘家庭",
        "low_income": "其他低收入家庭",
    },
)


class WelfareAllowance(Vocabulary):
    """Welfare allowances a disabled person may already receive (D4.4): those of the same
    kind as a disability subsidy are compared with it (择高) or exclude it."""

    ELDERLY_CARE_ALLOWANCE = "elderly_care_allowance"
    WORK_INJURY_CARE = "work_injury_care"
    WORK_INJURY_DISABILITY = "work_injury_disability"
    RETIRED_CADRE_CARE = "retired_cadre_care"


define_labels(
    WelfareAllowance,
    {
        "elderly_care_allowance": "老年人护理补贴",
        "work_injury_care": "工伤保险生活护理费",
        "work_injury_disability": "工伤保险伤残津贴",
        "retired_cadre_care": "离休干部护理费",
    },
)


class OverlapSource(Vocabulary):
    """What may exclude a disability subsidy in the overlap matrix (D4.4): a programme the
    person receives or a welfare allowance."""

    EXTREME_POVERTY = "extreme_poverty"
    ORPHAN = "orphan"
    UNSUPPORTED_CHILD = "unsupported_child"
    ELDERLY_CARE_ALLOWANCE = "elderly_care_allowance"
    WORK_INJURY_CARE = "work_injury_care"
    WORK_INJURY_DISABILITY = "work_injury_disability"
    RETIRED_CADRE_CARE = "retired_cadre_care"


define_labels(
    OverlapSource,
    {
        "extreme_poverty": "特困人员救助供养",
        "orphan": "孤儿基本生活保障",
        "unsupported_child": "事实无人抚养儿童保障",
        "elderly_care_allowance": "老年人护理补贴",
        "work_injury_care": "工伤保险生活护理费",
        "work_injury_disability": "工伤保险伤残津贴",
        "retired_cadre_care": "离休干部护理费",
    },
)


class CertificateGeneration(Vocabulary):
    """Disability certificate generations (D4.2): the third has an expiry date."""

    SECOND = "second"
    THIRD = "third"


define_labels(CertificateGeneration, {"second": "第二代残疾人证", "third": "第三代残疾人证"})
