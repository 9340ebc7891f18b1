"""The departmental feeds (D5.2) and their fields: one declaration drives everything.

Import validation, the Parquet schema of the feed store, the rule loader's column
check and the test-case builder all read these declarations, so a field is
described once. Every feed is keyed by the citizen ID number (D0.1); money is
decimal(12, 2), never float.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

import pyarrow as pa

from minzheng.core.codes import DisabilityType, Programme, RegistrySchoolStage

MONEY = pa.decimal128(12, 2)
AREA_M2 = pa.decimal128(10, 2)


class Kind(Enum):
    """How a raw text value is checked and which Parquet type it becomes."""

    ID_NUMBER = "id_number"
    TEXT = "text"
    CODE = "code"  # one of a closed list of values (accepts the code or its Chinese label)
    DATE = "date"
    MONTH = "month"  # a calendar month, stored as its first day
    MONEY = "money"
    AREA = "area"  # floor area in square metres, two decimals
    GRADE = "grade"  # small integer with bounds


ARROW_TYPES: dict[Kind, pa.DataType] = {
    Kind.ID_NUMBER: pa.string(),
    Kind.TEXT: pa.string(),
    Kind.CODE: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.MONTH: pa.date32(),
    Kind.MONEY: MONEY,
    Kind.AREA: AREA_M2,
    Kind.GRADE: pa.int16(),
}


@dataclass(frozen=True)
class Field:
    """One column of a feed: its code name, Chinese header, kind and constraints."""

    name: str
    title_zh: str
    kind: Kind
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (code, Chinese label)
    bounds: tuple[int, int] | None = None  # inclusive, for GRADE

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.kind]


@dataclass(frozen=True)
class RowCheck:
    """A condition between fields of one row; `failing_sql` is true when the row is wrong."""

    field: str
    failing_sql: str
    reason_zh: str


@dataclass(frozen=True)
class Feed:
    """A partner department's file type: what it is, who sends it, and its columns."""

    name: str
    title_zh: str
    department_zh: str
    fields: tuple[Field, ...]
    row_checks: tuple[RowCheck, ...] = field(default=())

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(f.name, f.arrow_type) for f in self.fields])

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


def _id() -> Field:
    return Field("id_number", "公民身份号码", Kind.ID_NUMBER)


STATUS_VALID = (("valid", "有效"), ("cancelled", "注销"))

FEEDS: dict[str, Feed] = {
    feed.name: feed
    for feed in (
        Feed(
            "deaths",
            "死亡信息",
            "公安、卫健、殡葬",
            (
                _id(),
                Field("record_id", "记录编号", Kind.TEXT),
                Field("death_date", "死亡日期", Kind.DATE),
                Field(
                    "source",
                    "数据来源",
                    Kind.CODE,
                    choices=(
                        ("public_security", "公安户籍注销"),
                        ("health", "医学死亡证明"),
                        ("funeral", "火化记录"),
                    ),
                ),
            ),
        ),
        Feed(
            "medical_settlements",
            "医保结算",
            "医疗保障局",
            (
                _id(),
                Field("settlement_id", "结算编号", Kind.TEXT),
                Field("stay_id", "就诊流水号", Kind.TEXT),
                Field(
                    "visit_type",
                    "就诊类型",
                    Kind.CODE,
                    choices=(
                        ("inpatient", "住院"),
                        ("outpatient", "门诊"),
                        ("chronic", "门诊慢特病"),
                    ),
                ),
                Field("hospital_name", "医疗机构", Kind.TEXT, required=False),
                Field("admission_date", "入院日期", Kind.DATE, required=False),
                Field("discharge_date", "出院日期", Kind.DATE, required=False),
                Field("settlement_date", "结算日期", Kind.DATE),
                Field("total_cost", "医疗总费用", Kind.MONEY),
                # Basic insurance, critical-illness insurance and medical assistance together.
                Field("fund_paid", "各项保障支付合计", Kind.MONEY),
                # What the patient still pays after all layers: the D5.4 trigger amount.
                Field("out_of_pocket", "个人自付", Kind.MONEY),
            ),
            (
                RowCheck("out_of_pocket", "out_of_pocket > total_cost", "个人自付大于医疗总费用"),
                RowCheck("fund_paid", "fund_paid > total_cost", "保障支付大于医疗总费用"),
                RowCheck(
                    "discharge_date", "discharge_date < admission_date", "出院日期早于入院日期"
                ),
            ),
        ),
        Feed(
            "disability_certificates",
            "残疾人证",
            "残疾人联合会",
            (
                _id(),
                Field("certificate_number", "残疾人证号", Kind.TEXT),
                Field(
                    "disability_type",
                    "残疾类别",
                    Kind.CODE,
                    choices=tuple(DisabilityType.choices),
                ),
                Field("grade", "残疾等级", Kind.GRADE, bounds=(1, 4)),
                Field("issue_date", "发证日期", Kind.DATE),
                Field("status", "证件状态", Kind.CODE, choices=STATUS_VALID),
            ),
        ),
        Feed(
            "housing_safety",
            "住房安全鉴定",
            "住房和城乡建设局",
            (
                _id(),
                Field("assessment_id", "鉴定编号", Kind.TEXT),
                Field("address", "房屋地址", Kind.TEXT, required=False),
                Field("assessment_date", "鉴定日期", Kind.DATE),
                Field(
                    "grade",
                    "鉴定等级",
                    Kind.CODE,
                    choices=(("A", "A级"), ("B", "B级"), ("C", "C级"), ("D", "D级")),
                ),
            ),
        ),
        Feed(
            "students",
            "学籍信息",
            "教育局",
            (
                _id(),
                Field("student_number", "学籍号", Kind.TEXT),
                Field("school_name", "学校名称", Kind.TEXT),
                Field(
                    "stage",
                    "学段",
                    Kind.CODE,
                    choices=tuple(RegistrySchoolStage.choices),
                ),
                Field("enrolment_date", "入学日期", Kind.DATE),
                Field(
                    "status",
                    "学籍状态",
                    Kind.CODE,
                    choices=(
                        ("enrolled", "在读"),
                        ("suspended", "休学"),
                        ("graduated", "毕业"),
                        ("withdrawn", "退学"),
                    ),
                ),
            ),
        ),
        Feed(
            "unemployment_registrations",
            "失业登记",
            "人力资源和社会保障局",
            (
                _id(),
                Field("registration_id", "登记编号", Kind.TEXT),
                Field("registration_date", "失业登记日期", Kind.DATE),
                Field("end_date", "登记终止日期", Kind.DATE, required=False),
                Field("reason", "失业原因", Kind.TEXT, required=False),
            ),
            (RowCheck("end_date", "end_date < registration_date", "终止日期早于登记日期"),),
        ),
        Feed(
            "social_insurance_wages",
            "社保缴费工资",
            "人力资源和社会保障局",
            (
                _id(),
                Field("month", "缴费月份", Kind.MONTH),
                Field("employer_credit_code", "单位统一社会信用代码", Kind.TEXT, required=False),
                Field("wage", "缴费工资", Kind.MONEY),
            ),
        ),
        Feed(
            "vehicles",
            "机动车登记",
            "公安交通管理",
            (
                _id(),
                Field("plate", "号牌号码", Kind.TEXT),
                Field(
                    "vehicle_type",
                    "车辆类型",
                    Kind.CODE,
                    choices=(
                        ("car", "小型汽车"),
                        ("truck", "货车"),
                        ("motorcycle", "摩托车"),
                        ("tricycle", "三轮汽车"),
                        ("other", "其他"),
                    ),
                ),
                Field("registration_date", "登记日期", Kind.DATE, required=False),
                Field(
                    "status",
                    "车辆状态",
                    Kind.CODE,
                    choices=(("normal", "正常"), ("scrapped", "报废"), ("transferred", "转出")),
                ),
            ),
        ),
        Feed(
            "real_estate",
            "不动产登记",
            "自然资源和规划局",
            (
                _id(),
                Field("certificate_number", "不动产权证号", Kind.TEXT),
                Field(
                    "usage",
                    "用途",
                    Kind.CODE,
                    choices=(
                        ("residential", "住宅"),
                        ("commercial", "商业"),
                        ("industrial", "工业"),
                        ("other", "其他"),
                    ),
                ),
                Field("floor_area", "建筑面积", Kind.AREA, required=False),
                Field("registration_date", "登记日期", Kind.DATE, required=False),
                Field("status", "权属状态", Kind.CODE, choices=STATUS_VALID),
            ),
        ),
        Feed(
            "business_registrations",
            "市场主体登记",
            "市场监督管理局",
            (
                _id(),
                Field("credit_code", "统一社会信用代码", Kind.TEXT),
                Field("business_name", "市场主体名称", Kind.TEXT),
                Field(
                    "role",
                    "身份",
                    Kind.CODE,
                    choices=(
                        ("legal_representative", "法定代表人"),
                        ("shareholder", "股东"),
                        ("sole_proprietor", "个体工商户经营者"),
                    ),
                ),
                Field("registered_capital", "注册资本", Kind.MONEY, required=False),
                Field("established_date", "成立日期", Kind.DATE, required=False),
                Field(
                    "status",
                    "登记状态",
                    Kind.CODE,
                    choices=(("active", "存续"), ("deregistered", "注销"), ("revoked", "吊销")),
                ),
            ),
        ),
        # Funds supervision (D14.8, D14.9, D14.10): three more sources the supervision
        # rules need. Public employees (财政供养人员) per the organisation and personnel
        # departments; the staff and village-cadre roster with their near relatives
        # (D1.10: one row per relative, keyed by the relative's ID number, with the day
        # the relative's case was filed as a staff-relative case, empty when never);
        # the platform's own review records (D1.16), one row per review of a case,
        # keyed by the applicant's (for a household programme the head's) ID number.
        Feed(
            "public_employees",
            "公职人员信息",
            "组织、人力资源和社会保障、财政部门",
            (
                _id(),
                Field("employer_name", "工作单位", Kind.TEXT),
                Field("employer_credit_code", "单位统一社会信用代码", Kind.TEXT, required=False),
                Field("position", "职务", Kind.TEXT, required=False),
                Field("start_date", "入职日期", Kind.DATE),
                Field("end_date", "离职日期", Kind.DATE, required=False),
            ),
            (RowCheck("end_date", "end_date < start_date", "离职日期早于入职日期"),),
        ),
        Feed(
            "staff_relatives",
            "工作人员及村（居）干部近亲属",
            "民政局、乡镇（街道）",
            (
                _id(),
                Field("staff_id_number", "工作人员公民身份号码", Kind.TEXT),
                Field("staff_name", "工作人员姓名", Kind.TEXT),
                Field(
                    "staff_role",
                    "工作人员身份",
                    Kind.CODE,
                    choices=(
                        ("caseworker", "民政经办人员"),
                        ("village_cadre", "村（居）民委员会成员"),
                    ),
                ),
                Field(
                    "kinship",
                    "亲属关系",
                    Kind.CODE,
                    choices=(
                        ("spouse", "配偶"),
                        ("parent", "父母"),
                        ("parent_in_law", "配偶的父母"),
                        ("sibling", "兄弟姐妹"),
                        ("sibling_in_law", "配偶的兄弟姐妹"),
                        ("child", "子女"),
                        ("child_in_law", "子女的配偶"),
                        ("grandparent", "祖父母、外祖父母"),
                        ("grandchild", "孙子女、外孙子女"),
                        ("parent_sibling", "父母的兄弟姐妹"),
                        ("other_support", "有抚养关系的继、养亲属"),
                    ),
                ),
                Field("staff_area_code", "工作人员所在区划代码", Kind.TEXT, required=False),
                Field("filed_on", "近亲属备案日期", Kind.DATE, required=False),
            ),
        ),
        Feed(
            "assistance_reviews",
            "救助对象复核记录",
            "民政局（本平台）",
            (
                _id(),
                Field("review_id", "复核编号", Kind.TEXT),
                Field("programme", "救助项目", Kind.CODE, choices=tuple(Programme.choices)),
                Field("review_date", "复核日期", Kind.DATE),
                Field(
                    "outcome",
                    "复核结果",
                    Kind.CODE,
                    choices=(
                        ("unchanged", "保障金额不变"),
                        ("adjusted", "调整保障金额"),
                        ("terminated", "终止保障"),
                    ),
                ),
            ),
        ),
    )
}


# The name as the department holds it (optional): a record whose ID number the registry
# does not know is matched on it by identity resolution (docs/identity.md, issue 16).
NAME = Field("name", "姓名", Kind.TEXT, required=False)
FEEDS = {name: replace(f, fields=(f.fields[0], NAME, *f.fields[1:])) for name, f in FEEDS.items()}


def feed(name: str) -> Feed:
    """The feed called `name`, or a clear error listing the known feeds."""
    try:
        return FEEDS[name]
    except KeyError:
        known = "、".join(FEEDS)
        raise KeyError(f"未知的数据源 {name!r}（unknown feed）；可用：{known}") from None
