"""Reading one household member of the calculator request (see request.py).

A member may give an ID number instead of (or besides) a birth date; the birth
date and gender are then derived from it (D0.1) and must agree with what was
typed. A school stage implies full-time study unless `full_time_student` says
otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from minzheng.assistance.policy.facts import (
    Allowance,
    Certificate,
    Disability,
    Income,
    Member,
    Parent,
    Supporter,
)
from minzheng.assistance.policy.request_reader import PLACEHOLDER_DATE, Reader, join
from minzheng.assistance.policy.vocabulary import (
    CareItem,
    CertificateGeneration,
    ChildSupportChoice,
    Custody,
    DisabilityType,
    Employment,
    Gender,
    IncomeKind,
    ParentStatus,
    Programme,
    Relation,
    SchoolStage,
    SupportSetting,
    WelfareAllowance,
    WorkAbility,
)
from minzheng.core import idnumber

MEMBER_FIELDS = {
    "id",
    "name",
    "relation",
    "birth_date",
    "id_number",
    "gender",
    "lives_together",
    "disability",
    "serious_illness",
    "school_stage",
    "full_time_student",
    "employment",
    "work_ability",
    "unable_to_live_independently",
    "incomes",
    "clergy_since",
    "custody",
    "excluded_by_local_rule",
    "parents",
    "care_items_unable",
    "supporters",
    "support_setting",
    "child_support_choice",
    "receiving",
    "newly_employed",
    "deceased",
    "disability_certificate",
    "care_need_months",
    "welfare_allowances",
}
CERTIFICATE_FIELDS = {"generation", "issued_on", "expires_on"}
PARENT_FIELDS = {"status", "since", "until", "disability", "serious_illness"}
SUPPORTER_FIELDS = {
    "relation",
    "name",
    "birth_date",
    "disability",
    "is_extreme_poverty",
    "is_dibao_recipient",
    "monthly_income",
    "property_within_low_income_rules",
    "no_civil_capacity",
    "missing",
    "imprisoned",
}


def read_member(r: Reader, value: object, path: str, day: dt.date) -> Member:
    data = r.obj(value, path, MEMBER_FIELDS)
    fields = {
        **_identity(r, data, path, day),
        **_situation(r, data, path),
        **_family(r, data, path, day),
    }
    return Member(**fields)


def _identity(r: Reader, data: Mapping[str, object], path: str, day: dt.date) -> dict[str, Any]:
    birth, gender = _birth_and_gender(r, data, path, day)
    return {
        "id": r.required(data, "id", path, partial(_member_id, r), ""),
        "name": r.optional(data, "name", path, r.text, ""),
        "relation": r.required(
            data, "relation", path, r.coder(Relation, Relation.OTHER), Relation.OTHER
        ),
        "birth_date": birth,
        "gender": gender,
        "lives_together": r.optional(data, "lives_together", path, r.flag, True),
        "deceased": r.optional(data, "deceased", path, r.flag, False),
    }


def _member_id(r: Reader, value: object, path: str) -> str:
    return r.text(value, path, max_length=32)


def _birth_and_gender(
    r: Reader, data: Mapping[str, object], path: str, day: dt.date
) -> tuple[dt.date, Gender | None]:
    """Birth date and gender, typed or derived from the ID number (which must then agree)."""
    typed_birth = r.optional(data, "birth_date", path, r.date, None)
    typed_gender = r.optional(data, "gender", path, r.coder(Gender, Gender.MALE), None)
    number = r.optional(data, "id_number", path, partial(_member_id, r), None)
    birth, gender = typed_birth, typed_gender
    if number is not None:
        try:
            facts = idnumber.parse(number, today=day)
        except idnumber.InvalidIdNumber as exc:
            r.fail(join(path, "id_number"), str(exc))
        else:
            birth, gender = _agree(r, path, facts, typed_birth, typed_gender)
    if birth is None:
        r.fail(join(path, "birth_date"), "必填字段缺失（或提供 id_number）")
        return PLACEHOLDER_DATE, gender
    if birth > day:
        r.fail(join(path, "birth_date"), "出生日期晚于决定日期")
    return birth, gender


def _agree(
    r: Reader,
    path: str,
    facts: idnumber.IdNumberFacts,
    birth: dt.date | None,
    gender: Gender | None,
) -> tuple[dt.date, Gender]:
    derived_gender = Gender(facts.gender)
    if birth is not None and birth != facts.birth_date:
        r.fail(join(path, "birth_date"), f"与身份证号码中的出生日期 {facts.birth_date} 不一致")
    if gender is not None and gender is not derived_gender:
        r.fail(join(path, "gender"), "与身份证号码中的性别不一致")
    return facts.birth_date, derived_gender


def _situation(r: Reader, data: Mapping[str, object], path: str) -> dict[str, Any]:
    stage = r.optional(
        data, "school_stage", path, r.coder(SchoolStage, SchoolStage.NONE), SchoolStage.NONE
    )
    studying = stage is not SchoolStage.NONE
    full_time = r.optional(data, "full_time_student", path, r.flag, studying)
    if full_time and not studying:
        r.fail(join(path, "full_time_student"), "全日制在读须同时填写 school_stage")
    return {
        "disability": r.optional(data, "disability", path, partial(read_disability, r), None),
        "serious_illness": r.optional(data, "serious_illness", path, r.flag, False),
        "school_stage": stage,
        "full_time_student": full_time,
        "employment": r.optional(
            data, "employment", path, r.coder(Employment, Employment.NONE), Employment.NONE
        ),
        "work_ability": r.optional(
            data, "work_ability", path, r.coder(WorkAbility, WorkAbility.ABLE), None
        ),
        "unable_to_live_independently": r.optional(
            data, "unable_to_live_independently", path, r.flag, False
        ),
        "incomes": r.optional(data, "incomes", path, partial(_incomes, r), ()),
        "clergy_since": r.optional(data, "clergy_since", path, r.date, None),
        "custody": r.optional(data, "custody", path, r.coder(Custody, Custody.NONE), Custody.NONE),
        "excluded_by_local_rule": r.optional(data, "excluded_by_local_rule", path, r.flag, False),
        "newly_employed": r.optional(data, "newly_employed", path, r.flag, False),
        "care_items_unable": r.optional(
            data, "care_items_unable", path, partial(_care_items, r), frozenset()
        ),
        "certificate": r.optional(
            data, "disability_certificate", path, partial(_certificate, r), None
        ),
        "care_need_months": r.optional(data, "care_need_months", path, partial(_months, r), 0),
        "welfare_allowances": r.optional(
            data, "welfare_allowances", path, partial(_allowances, r), ()
        ),
    }


def _family(r: Reader, data: Mapping[str, object], path: str, day: dt.date) -> dict[str, Any]:
    choice = r.coder(ChildSupportChoice, ChildSupportChoice.CHILD_SUPPORT)
    return {
        "parents": r.optional(data, "parents", path, partial(_parents, r, day), ()),
        "supporters": r.optional(data, "supporters", path, partial(_supporters, r, day), ()),
        "support_setting": r.optional(
            data,
            "support_setting",
            path,
            r.coder(SupportSetting, SupportSetting.HOME),
            SupportSetting.HOME,
        ),
        "child_support_choice": r.optional(
            data, "child_support_choice", path, choice, ChildSupportChoice.CHILD_SUPPORT
        ),
        "receiving": r.optional(data, "receiving", path, partial(_receiving, r), frozenset()),
    }


def read_disability(r: Reader, value: object, path: str) -> Disability:
    data = r.obj(value, path, {"type", "grade"})
    kind = r.required(
        data,
        "type",
        path,
        r.coder(DisabilityType, DisabilityType.PHYSICAL),
        DisabilityType.PHYSICAL,
    )
    grade = r.required(data, "grade", path, partial(_grade, r), 1)
    return Disability(kind, grade)


def _grade(r: Reader, value: object, path: str) -> int:
    return r.integer(value, path, low=1, high=4)


def _incomes(r: Reader, value: object, path: str) -> tuple[Income, ...]:
    """Monthly incomes keyed by kind (averages over the past 12 months)."""
    kinds = {kind.value for kind in IncomeKind}
    data = r.obj(value, path, kinds)
    return tuple(
        Income(IncomeKind(key), r.money(amount, join(path, key)))
        for key, amount in data.items()
        if key in kinds and amount is not None
    )


def _certificate(r: Reader, value: object, path: str) -> Certificate | None:
    """The disability certificate (D4.2): the third generation must give its expiry date."""
    data = r.obj(value, path, CERTIFICATE_FIELDS)
    generation = r.required(
        data,
        "generation",
        path,
        r.coder(CertificateGeneration, CertificateGeneration.THIRD),
        CertificateGeneration.THIRD,
    )
    issued = r.required(data, "issued_on", path, r.date, PLACEHOLDER_DATE)
    expires = r.optional(data, "expires_on", path, r.date, None)
    if generation is CertificateGeneration.THIRD and expires is None:
        r.fail(join(path, "expires_on"), "第三代残疾人证须填写有效期")
        return None
    if expires is not None and expires < issued:
        r.fail(join(path, "expires_on"), "有效期早于签发日期")
        return None
    return Certificate(generation, issued, expires)


def _months(r: Reader, value: object, path: str) -> int:
    return r.integer(value, path, low=0, high=1200)


def _allowances(r: Reader, value: object, path: str) -> tuple[Allowance, ...]:
    """Welfare allowances received, kind → monthly amount (D4.4)."""
    kinds = {kind.value for kind in WelfareAllowance}
    data = r.obj(value, path, kinds)
    return tuple(
        Allowance(WelfareAllowance(key), r.money(amount, join(path, key)))
        for key, amount in data.items()
        if key in kinds and amount is not None
    )


def _care_items(r: Reader, value: object, path: str) -> frozenset[CareItem]:
    return r.codes(value, path, CareItem, CareItem.EATING)


def _receiving(r: Reader, value: object, path: str) -> frozenset[Programme]:
    return r.codes(value, path, Programme, Programme.DIBAO)


def _parents(r: Reader, day: dt.date, value: object, path: str) -> tuple[Parent, ...]:
    entries = r.items(value, path)
    if len(entries) > 2:
        r.fail(path, "父母信息最多两项")
        entries = entries[:2]
    return tuple(_parent(r, day, item, f"{path}[{i}]") for i, item in enumerate(entries))


def _parent(r: Reader, day: dt.date, value: object, path: str) -> Parent:
    data = r.obj(value, path, PARENT_FIELDS)
    since = r.optional(data, "since", path, r.date, None)
    until = r.optional(data, "until", path, r.date, None)
    if since is not None and since > day:
        r.fail(join(path, "since"), "起始日期晚于决定日期")
    if since is not None and until is not None and until < since:
        r.fail(join(path, "until"), "结束日期早于起始日期")
    return Parent(
        status=r.optional(
            data, "status", path, r.coder(ParentStatus, ParentStatus.NORMAL), ParentStatus.NORMAL
        ),
        since=since,
        until=until,
        disability=r.optional(data, "disability", path, partial(read_disability, r), None),
        serious_illness=r.optional(data, "serious_illness", path, r.flag, False),
    )


def _supporters(r: Reader, day: dt.date, value: object, path: str) -> tuple[Supporter, ...]:
    entries = r.items(value, path)
    return tuple(_supporter(r, day, item, f"{path}[{i}]") for i, item in enumerate(entries))


def _supporter(r: Reader, day: dt.date, value: object, path: str) -> Supporter:
    data = r.obj(value, path, SUPPORTER_FIELDS)
    birth = r.optional(data, "birth_date", path, r.date, None)
    if birth is not None and birth > day:
        r.fail(join(path, "birth_date"), "出生日期晚于决定日期")
    flags = {
        key: r.optional(data, key, path, r.flag, False)
        for key in (
            "is_extreme_poverty",
            "is_dibao_recipient",
            "property_within_low_income_rules",
            "no_civil_capacity",
            "missing",
            "imprisoned",
        )
    }
    return Supporter(
        relation=r.required(
            data, "relation", path, r.coder(Relation, Relation.OTHER), Relation.OTHER
        ),
        name=r.optional(data, "name", path, r.text, ""),
        birth_date=birth,
        disability=r.optional(data, "disability", path, partial(read_disability, r), None),
        monthly_income=r.optional(data, "monthly_income", path, r.money, None),
        **flags,
    )
