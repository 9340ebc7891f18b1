"""Demo data of the organisations domain: ten social organisations of 鼓楼区
registered by the demo's county registrar over the years, last year's annual reports
(on time, late, missing, one organisation exempt), a review, a penalty, and the daily
credit run for today, so that the lists and their public page have content; three
of the screening demo's key households adopted, with a visit each; two trade
associations' fees (one ordered to rectify) and this year's reductions (1.7 million
yuan, D12); a party branch assessed on the five aspects and an organisation with three
party members and none (D10.3); an establishment application received today (D10.6).
Idempotent: nothing once a demo organisation exists or without the demo users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from minzheng.core.duties import duty_grant
from minzheng.core.models import Area, User
from minzheng.core.settings_write import seed_examples
from minzheng.organisations.credit_code import check_character
from minzheng.organisations.models import Organisation
from minzheng.organisations.services.adoption import adoption_create, adoption_visit
from minzheng.organisations.services.applications import RegistrationIntake, registration_apply
from minzheng.organisations.services.credit import credit_run, penalty_record
from minzheng.organisations.services.fees import (
    FeeData,
    fee_item_act,
    fee_item_create,
    fee_reduction_create,
)
from minzheng.organisations.services.party import (
    branch_assess,
    branch_create,
    supervision_facts_set,
)
from minzheng.organisations.services.registry import organisation_register
from minzheng.organisations.services.reports import (
    Filing,
    annual_report_file,
    annual_report_review,
)
from minzheng.organisations.workflows import REGISTRAR
from minzheng.screening.models import KeyHousehold

# Adopts key households the screening seeder placed under tracked help (D10.4); the
# registration application needs the licensing settings.
DEMO_AFTER = ("screening", "licensing")
COUNTY = "320302"
DECISION = "鼓民登（演示）〔{year}〕{n}号"
TYPE_DIGIT = {"association": "1", "service": "2", "foundation": "3"}
# name, type, registered (years before today, month), report: "on_time" / "late" / None
ORGANISATIONS = (
    ("徐州市鼓楼区养老服务协会", "association", 8, 3, "on_time"),
    ("徐州市鼓楼区社区志愿者协会", "association", 6, 5, "on_time"),
    ("徐州市鼓楼区物流行业协会", "association", 5, 9, "late"),
    ("徐州市鼓楼区餐饮商会", "association", 4, 4, None),
    ("徐州市鼓楼区慈善助学基金会", "foundation", 7, 11, "on_time"),
    ("徐州市鼓楼区乐龄居家养老服务中心", "service", 3, 2, "on_time"),
    ("徐州市鼓楼区阳光儿童康复中心", "service", 3, 8, "late"),
    ("徐州市鼓楼区彭城社会工作服务社", "service", 2, 6, None),
    ("徐州市鼓楼区书香阅读推广中心", "service", 1, 10, None),  # registered in H2: exempt
    ("徐州市鼓楼区老年书画研究会", "association", 9, 1, "on_time"),
)


def _code(org_type: str, n: int) -> str:
    body = f"5{TYPE_DIGIT[org_type]}{COUNTY}MJ{n:07d}"
    return body + check_character(body)


def _register(
    actor: User, areas: list[str], today: dt.date
) -> list[tuple[Organisation, str | None]]:
    made = []
    for n, (name, org_type, years, month, report) in enumerate(ORGANISATIONS, start=1):
        registered = dt.date(today.year - years, month, 15)
        raw = {
            "name": name,
            "credit_code": _code(org_type, 3100 + n),
            "org_type": org_type,
            "area": areas[n % len(areas)],
            "address": f"鼓楼区中山北路{100 + n}号",
            "legal_rep_name": ("王建国", "李秀英", "张伟", "刘洋", "陈静")[n % 5],
            "sponsor_unit": "徐州市鼓楼区民政局" if org_type == "association" else "",
            "business_scope": "开展行业交流、培训、咨询服务，维护会员合法权益",
            "registered_capital": str(30000 + 10000 * (n % 4)),
            "member_units": str(10 * n) if org_type == "association" else "0",
            "member_individuals": str(25 * n) if org_type == "association" else "0",
            "registered_on": registered.isoformat(),
        }
        decision = DECISION.format(year=registered.year, n=n)
        made.append((organisation_register(actor=actor, raw=raw, decision=decision), report))
    return made


def _reports(actor: User, made: list[tuple[Organisation, str | None]], today: dt.date) -> int:
    year, filed = today.year - 1, 0
    for n, (org, when) in enumerate(made):
        if when is None or org.registered_on.year > year:
            continue
        on = dt.date(year + 1, 4, 20) if when == "on_time" else dt.date(year + 1, 6, 10)
        if on > today:
            continue  # early in the year: last year's reports are not due yet
        income = Decimal(150000 + 23000 * n)
        filing = Filing(
            year,
            on,
            dt.date(year + 1, 3, 20) if org.sponsor_unit else None,
            income,
            income - Decimal("12345.60"),
            Decimal(40000 + 5000 * n),
            2 + n % 4,
            "举办会员活动和公益服务，开展业务培训",
        )
        report = annual_report_file(actor=actor, organisation=org, filing=filing, today=today)
        if n % 3 == 0:
            annual_report_review(actor=actor, report=report, result="passed", today=today)
        filed += 1
    return filed


def _adoptions(actor: User, made: list[tuple[Organisation, str | None]], today: dt.date) -> int:
    keys = KeyHousehold.objects.active().filter(area__code__startswith=COUNTY)
    households = [k.household for k in keys.select_related("household").order_by("id")[:3]]
    for n, household in enumerate(households):
        adoption = adoption_create(
            actor=actor,
            organisation=made[n][0],
            household=household,
            plan=("助学助医", "节日慰问", "就业帮扶")[n],
            adopted_on=today,
            today=today,
        )
        adoption_visit(
            actor=actor,
            adoption=adoption,
            visited_on=today,
            help_given="上门探访，送米面油",
            amount=Decimal("300.00"),
            today=today,
        )
    return len(households)


def _fees(actor: User, made: list[tuple[Organisation, str | None]], today: dt.date) -> None:
    """D10.5: the logistics association and the catering chamber, their fees, a review."""
    start = dt.date(today.year, 1, 1)
    for n, amount in ((2, "980000.00"), (3, "720000.00")):
        org = supervision_facts_set(
            actor=actor, organisation=made[n][0], party_members=1, trade_association=True
        )
        membership = fee_item_create(
            actor=actor,
            organisation=org,
            data=FeeData(
                "membership",
                "会员单位会费",
                Decimal("3000.00"),
                "元/年·家",
                start,
                assembly_decision="第二届会员代表大会第三次会议决议",
                assembly_decided_on=dt.date(today.year - 1, 12, 20),
            ),
            today=today,
        )
        fee_item_create(
            actor=actor,
            organisation=org,
            data=FeeData(
                "service",
                "行业培训费",
                Decimal("600.00"),
                "元/人次",
                start,
                pricing_basis="理事会审议",
            ),
            today=today,
        )
        fee_reduction_create(
            actor=actor,
            organisation=org,
            fee_item=membership,
            measure="中小微企业会费减半",
            on=min(today, dt.date(today.year, 1, 15)),
            amount=Decimal(amount),
            enterprises=300 + 100 * n,
            today=today,
        )
        if n == 3:
            fee_item_act(
                actor=actor,
                fee=membership,
                action="order_rectification",
                findings=["branch_own_fee"],
                note="分支机构另行制定会费标准，责令废止",
                today=today,
            )


def _party(actor: User, made: list[tuple[Organisation, str | None]], today: dt.date) -> None:
    """D10.3: a branch assessed last year; an organisation with three members and none."""
    org = supervision_facts_set(
        actor=actor, organisation=made[0][0], party_members=5, trade_association=False
    )
    branch = branch_create(
        actor=actor,
        organisation=org,
        name="徐州市鼓楼区养老服务协会党支部",
        kind="own",
        established_on=dt.date(today.year - 2, 7, 1),
        secretary="王建国",
        members=5,
        today=today,
    )
    aspects = ("political", "systems", "duties", "premises", "role")
    branch_assess(
        actor=actor,
        branch=branch,
        year=today.year - 1,
        scores=dict(zip(aspects, (19, 18, 17, 16, 18), strict=True)),
        evidence={a: "支部工作台账、会议记录和活动照片" for a in aspects},
        today=today,
    )
    supervision_facts_set(
        actor=actor, organisation=made[1][0], party_members=3, trade_association=False
    )


def _establishment(actor: User, area: str, today: dt.date) -> None:
    """D10.6: an establishment application received today, its clock in days."""
    registration_apply(
        actor=actor,
        intake=RegistrationIntake(
            kind="establishment",
            authority=COUNTY,
            contact_phone="0516-83005678",
            materials=("application", "sponsor_approval", "charter", "capital"),
            received_on=today,
            proposed={
                "name": "徐州市鼓楼区青年创业促进会",
                "credit_code": _code("association", 3199),
                "org_type": "association",
                "area": area,
                "address": "鼓楼区中山北路200号",
                "legal_rep_name": "赵磊",
                "sponsor_unit": "徐州市鼓楼区民政局",
                "business_scope": "开展创业培训、交流和咨询服务",
                "registered_capital": "30000",
                "member_units": "15",
                "member_individuals": "60",
            },
        ),
        today=today,
    )


def seed_demo(**_: object) -> str:
    if Organisation.objects.filter(name=ORGANISATIONS[0][0]).exists():
        return ""
    actor = User.objects.filter(username="county", area_id=COUNTY).first()
    areas = list(
        Area.objects.filter(code__startswith=COUNTY, level="township").values_list(
            "code", flat=True
        )
    )
    if actor is None or not areas:
        return ""
    today = timezone.localdate()
    seed_examples(apps=["organisations", "licensing"])
    if not actor.has_duty(REGISTRAR):  # the demo's county officer is also its registrar
        duty_grant(actor=None, user=actor, code=REGISTRAR)
        actor.__dict__.pop("duty_codes", None)
    with transaction.atomic():
        made = _register(actor, areas[:4], today)
        filed = _reports(actor, made, today)
        penalty_record(
            actor=actor,
            organisation=made[3][0],
            decision="鼓民罚（演示）〔2025〕1号",
            decided_on=today - dt.timedelta(days=40),
            fine=Decimal("8000"),
            today=today,
        )
        run = credit_run(on=today)
        adopted = _adoptions(actor, made, today)
        _fees(actor, made, today)
        _party(actor, made, today)
        _establishment(actor, areas[0], today)
    return (
        f"社会组织演示：登记{len(made)}个，{run.year}年度工作报告录入{filed}份，"
        f"逾期未报列入活动异常名录{run.listed}个，认领重点帮扶户{adopted}户"
    )
