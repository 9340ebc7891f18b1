"""Organisations for tests. Credit codes are made by a second, independent reading of
GB 32100-2015 (not the production module), so a factory-made code that the production
check refused would show a disagreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from minzheng.core.models import User
from minzheng.organisations.models import (
    Adoption,
    AnnualReport,
    CreditListing,
    Evaluation,
    FeeItem,
    Organisation,
)
from minzheng.organisations.services.registry import organisation_register
from tests.factories import AREAS, make_household

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_serial = count(1)
TYPE_DIGIT = {"association": "1", "service": "2", "foundation": "3"}


def credit_code(org_type: str = "association", serial: int | None = None) -> str:
    body = f"5{TYPE_DIGIT[org_type]}320302MJ{serial or next(_serial):07d}"
    total = sum(_ALPHABET.index(c) * (3**i % 31) for i, c in enumerate(body))
    return body + _ALPHABET[(31 - total % 31) % 31]


def org_data(**over: object) -> dict[str, object]:
    n = next(_serial)
    data: dict[str, object] = {
        "name": f"徐州市测试协会{n}",
        "credit_code": credit_code("association", 1000 + n),
        "org_type": "association",
        "area": AREAS["community_a1"],
        "address": "鼓楼区测试路1号",
        "legal_rep_name": "张三丰",
        "legal_rep_id_number": "",
        "sponsor_unit": "",
        "business_scope": "行业交流、培训",
        "registered_capital": "30000.00",
        "member_units": "12",
        "member_individuals": "40",
        "registered_on": "2024-03-01",
    }
    data.update(over)
    return data


def make_org(registrar: User, registered_on: dt.date, **over: object) -> Organisation:
    data = org_data(registered_on=registered_on.isoformat(), **over)
    return organisation_register(
        actor=registrar, raw=data, decision="徐民登〔2024〕1号", today=dt.date(2026, 12, 31)
    )


MONEY = Decimal("1000.00")


def bare_org(clerk: User, area_code: str = AREAS["community_a1"]) -> Organisation:
    """An organisation row made directly (no authority needed), for engine tests."""
    n = next(_serial)
    return Organisation.objects.create(
        name=f"角色核对协会{n}",
        credit_code=credit_code("association", 5000 + n),
        org_type="association",
        area_id=area_code,
        address="测试路2号",
        legal_rep_name="李四",
        business_scope="测试",
        registered_capital=Decimal("30000.00"),
        registered_on=dt.date(2024, 3, 1),
        created_by=clerk,
    )


def bare_report(clerk: User) -> AnnualReport:
    org = bare_org(clerk)
    return AnnualReport.objects.create(
        organisation=org,
        area_id=org.area_id,
        year=2025,
        filed_on=dt.date(2026, 3, 2),
        income=MONEY,
        expenditure=MONEY,
        net_assets=MONEY,
        activities="测试",
        created_by=clerk,
    )


def bare_listing(clerk: User) -> CreditListing:
    org = bare_org(clerk)
    return CreditListing.objects.create(
        organisation=org,
        area_id=org.area_id,
        list_kind="abnormal",
        reason="unreachable",
        rule="D10.7",
        listed_on=dt.date(2026, 3, 2),
    )


def bare_evaluation(clerk: User) -> Evaluation:
    org = bare_org(clerk)
    return Evaluation.objects.create(
        organisation=org,
        area_id=org.area_id,
        total=900,
        grade="4A",
        scored_on=dt.date(2026, 3, 2),
        created_by=clerk,
    )


def bare_adoption(clerk: User) -> Adoption:
    org = bare_org(clerk)
    household = make_household(size=1)
    return Adoption.objects.create(
        organisation=org,
        household=household,
        area_id=household.area_id,
        adopted_on=dt.date(2026, 3, 2),
        plan="测试",
        created_by=clerk,
    )


def bare_fee_item(clerk: User) -> FeeItem:
    org = bare_org(clerk)
    return FeeItem.objects.create(
        organisation=org,
        area_id=org.area_id,
        kind="service",
        name="行业培训费",
        standard=Decimal("800.00"),
        charged_per="元/人次",
        pricing_basis="市场调节价，理事会审议",
        from_date=dt.date(2026, 1, 1),
        created_by=clerk,
    )
