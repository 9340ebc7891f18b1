"""What makes an organisation's registration data acceptable: one check shared by the
registration form, the change form and the Excel import, so that a row refused by the
import is refused for the same reason, in the same Chinese words, as the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet

from minzheng.core import idnumber
from minzheng.core.models import Area, Person
from minzheng.core.text import text_problem
from minzheng.organisations.credit_code import code_problem, normalize, type_problem
from minzheng.organisations.models import Organisation, OrgType

# field → (Chinese label, max length, required); `business_scope` may span lines.
TEXTS = {
    "name": ("名称", 100, True),
    "address": ("住所", 200, True),
    "legal_rep_name": ("法定代表人", 50, True),
    "sponsor_unit": ("业务主管单位", 100, False),
    "business_scope": ("业务范围", 2000, True),
}


@dataclass
class OrganisationData:
    """Parsed, checked values of one organisation (form or import row)."""

    name: str
    credit_code: str
    org_type: str
    area: Area
    address: str
    legal_rep_name: str
    legal_rep_id_number: str
    legal_rep_person: Person | None
    sponsor_unit: str
    business_scope: str
    registered_capital: Decimal
    member_units: int
    member_individuals: int
    registered_on: dt.date


def _texts(raw: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    found = {}
    for key, (label, limit, required) in TEXTS.items():
        value = str(raw.get(key) or "").strip()
        problem = text_problem(value, max_length=limit, multiline=key == "business_scope")
        if required and not value:
            errors[key] = f"请填写{label}"
        elif problem:
            errors[key] = f"{label}{problem}"
        found[key] = value
    return found


def _amount(raw: Any, errors: dict[str, str]) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        errors["registered_capital"] = "注册资金应为金额（元），如 30000.00"
        return Decimal(0)
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        errors["registered_capital"] = "注册资金应为不小于0的金额，最多两位小数"
    elif value >= Decimal("1e12"):
        errors["registered_capital"] = "注册资金过大"
    return value


def _count(raw: Any, key: str, label: str, errors: dict[str, str]) -> int:
    text = str(raw if raw not in (None, "") else "0").strip()
    if not text.isdigit() or len(text) > 7:
        errors[key] = f"{label}应为不小于0的整数"
        return 0
    return int(text)


def _date(raw: Any, today: dt.date, errors: dict[str, str]) -> dt.date:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if not isinstance(raw, dt.date):
        try:
            raw = dt.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            errors["registered_on"] = "成立登记日期应为日期，如 2024-03-15"
            return today
    if raw > today:
        errors["registered_on"] = "成立登记日期不能晚于今天"
    return raw


def _others(exclude: int | None) -> QuerySet[Organisation]:
    """Every organisation but the one being changed."""
    qs = Organisation.objects.all()
    return qs if exclude is None else qs.exclude(pk=exclude)


def _code(raw: Any, org_type: str, errors: dict[str, str], exclude: int | None) -> str:
    code = normalize(str(raw or ""))
    problem = code_problem(code) or (type_problem(code, org_type) if org_type else None)
    if problem:
        errors["credit_code"] = problem
    elif _others(exclude).filter(credit_code=code).exists():
        errors["credit_code"] = "该统一社会信用代码已登记"
    return code


def link_person(raw: Any, errors: dict[str, str]) -> tuple[str, Person | None]:
    """The ID number is optional; when given it must be valid, and links the person
    when the registry has them (the legal representative's page then shows it)."""
    text = str(raw or "").strip()
    if not text:
        return "", None
    try:
        number = idnumber.parse(text).number
    except idnumber.InvalidIdNumber as bad:
        errors["legal_rep_id_number"] = str(bad)
        return text, None
    return number, Person.objects.filter(id_number=number).first()


def check_organisation(
    raw: dict[str, Any],
    *,
    reach: str,
    today: dt.date,
    exclude: int | None = None,
) -> tuple[OrganisationData | None, dict[str, str]]:
    """The values of `raw` checked; (None, {field: 中文}) when any is wrong. `reach` is
    the actor's area prefix: a domicile outside it is refused like an unknown one."""
    errors: dict[str, str] = {}
    texts = _texts(raw, errors)
    org_type = str(raw.get("org_type") or "")
    if org_type not in OrgType.values:
        labels = {str(label): value for value, label in OrgType.choices}
        org_type = labels.get(org_type, "")
        if not org_type:
            errors["org_type"] = "组织类型应为社会团体、社会服务机构或基金会"
    code = _code(raw.get("credit_code"), org_type, errors, exclude)
    area_code = str(raw.get("area") or "").strip()
    area = Area.objects.filter(code=area_code, code__startswith=reach).first()
    if area is None:
        errors["area"] = f"住所所在区划“{area_code}”不存在或不在您的管辖区域内"
    rep_id, rep_person = link_person(raw.get("legal_rep_id_number"), errors)
    capital = _amount(raw.get("registered_capital"), errors)
    units = _count(raw.get("member_units"), "member_units", "单位会员数", errors)
    people = _count(raw.get("member_individuals"), "member_individuals", "个人会员数", errors)
    registered_on = _date(raw.get("registered_on"), today, errors)
    if _others(exclude).filter(name=texts["name"]).exists():
        errors["name"] = "该名称已被登记"
    if errors or area is None:
        return None, errors
    data = OrganisationData(
        credit_code=code,
        org_type=org_type,
        area=area,
        legal_rep_id_number=rep_id,
        legal_rep_person=rep_person,
        registered_capital=capital,
        member_units=units,
        member_individuals=people,
        registered_on=registered_on,
        **texts,
    )
    return data, {}
