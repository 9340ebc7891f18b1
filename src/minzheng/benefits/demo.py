"""Demo data of the benefits (docs/benefits.md), made through the services and the
workflow engine as the bureau would: the procedure's example settings; this month's
old-age allowance batch for the demo caseworker's community; in 黄楼街道 (the demo
township) seven disability two-subsidies cases — just received, accepted, checked,
reviewed by the federation's reviewer (`county2`, granted the duty 县残联审核人), two
decided (granted, paid from the month of application, with payee accounts) and one
refused with its reason —; two care-service subsidy cases (D7.4) with their
assessments, one decided; and this morning's review sweep, which proposes stopping the
living subsidy whose third-generation certificate expired last month (D4.2).

A demo applicant without a disability in the synthetic registry is given one through
`core.services.person_update` (audited, as the federation's feed would), only when the
township has too few. Idempotent: nothing once a disability case exists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.assistance.models.applications import Track
from minzheng.assistance.policy.dates import add_months
from minzheng.benefits.duties import FEDERATION
from minzheng.benefits.models import Grant, OldAgeProposal, SubsidyApplication
from minzheng.benefits.services.care_service import assessment_record, care_act, care_receive
from minzheng.benefits.services.disability import disability_act, disability_receive
from minzheng.benefits.services.old_age import old_age_propose
from minzheng.benefits.services.reviews import review_sweep
from minzheng.core.duties import duty_grant
from minzheng.core.models import LifeStatus, Person, User
from minzheng.core.services import person_update
from minzheng.core.settings_write import seed_examples
from minzheng.payments.models import PayeeAccount
from minzheng.payments.services.accounts import payee_account_save

# After assistance (the policy engine's example settings, dibao families) and payments
# (the county's roll: registry statuses that hold from before the demo's decisions).
DEMO_AFTER = ("assistance", "payments")
TOWNSHIP = "320302001"  # 黄楼街道, the demo township user's
USERS = ("caseworker", "township", "county", "county2")
# The stage each disability applicant is carried to, in the order they are chosen.
STAGES = ("expired", "granted", "received", "accepted", "checked", "reviewed", "refused")
REFUSAL = "经入户核查，申请人已在外地领取同类补贴，不符合申请条件（演示）"
BANK = "中国农业银行徐州鼓楼支行"


def _candidates(today: dt.date) -> list[Person]:
    """Living residents of the township's households, not in an assistance demo case
    (their dibao may start after the demo's decisions), the disabled first."""
    busy = Application.objects.exclude(track__in=(Track.ROLL, Track.BENEFIT)).values(
        "household_id"
    )
    rows = (
        Person.objects.filter(
            life_status=LifeStatus.ALIVE,
            memberships__household__area__code__startswith=TOWNSHIP,
            memberships__valid_to__isnull=True,
        )
        .exclude(memberships__household__in=busy)
        .distinct()
        .order_by("id")
    )
    people = list(rows)
    return sorted(people, key=lambda p: (not p.disability_type, p.pk))


def _registered(township: User, person: Person) -> Person:
    """The person with a disability in the registry: as found, or given one."""
    if person.disability_type:
        return person
    return person_update(
        actor=township,
        person=person,
        disability_type="physical",
        disability_grade=2,
        disability_certificate=f"{person.id_number}42",
    )


def _disability_people(township: User, today: dt.date) -> tuple[dict[str, Person], list[Person]]:
    """One applicant per stage while the township has people (a small city has fewer
    stages); the granted one severe when anyone is (both subsidies, D4.2)."""
    pool = _candidates(today)
    severe = [p for p in pool if p.disability_grade and p.disability_grade <= 2]
    unregistered = [p for p in pool if not p.disability_type]
    first = (severe or unregistered or pool)[:1]
    rest = [p for p in pool if p not in first]
    order = ["granted", *[s for s in STAGES if s != "granted"]]
    chosen = dict(zip(order, first + rest, strict=False))
    people = {s: _registered(township, p) for s, p in chosen.items()}
    return people, [p for p in pool if p not in chosen.values()]


def _fields(person: Person, applied: dt.date, expires: dt.date, *, care: bool) -> dict[str, Any]:
    return {
        "living": True,
        "care": care,
        "disability_type": person.disability_type,
        "disability_grade": person.disability_grade,
        "certificate_generation": "third",
        "certificate_issued_on": add_months(expires, -120) + dt.timedelta(days=1),
        "certificate_expires_on": expires,
        "care_need_months": 12 if care else 0,
        "assistance_status": "near_dibao",
        "own_fixed_income": Decimal("0"),
        "others_income": Decimal("0"),
        "welfare_allowances": {},
        "applied_on": applied,
    }


def _carry(users: dict[str, User], app: SubsidyApplication, stage: str, day: dt.date) -> None:
    """Through the workflow engine to `stage`, a working step a day."""
    steps = {
        "received": (),
        "accepted": ("accept",),
        "refused": ("accept", "refuse"),
        "checked": ("accept", "check"),
        "reviewed": ("accept", "check", "review"),
        "granted": ("accept", "check", "review"),
        "expired": ("accept", "check", "review"),
    }[stage]
    actors = {"accept": "township", "check": "township", "review": "county2", "refuse": "township"}
    notes = {"review": "残疾类别、等级与残疾人证一致（演示）", "refuse": REFUSAL}
    for n, action in enumerate(steps, start=1):
        disability_act(
            actor=users[actors[action]],
            app=app,
            action=action,
            note=notes.get(action, ""),
            today=day + dt.timedelta(days=n),
        )


def _disability(users: dict[str, User], today: dt.date) -> tuple[int, list[Person]]:
    """Seven applicants at the township (D4.5); the decided two were received three
    months ago and decided two months ago; the others this month."""
    people, rest = _disability_people(users["township"], today)
    long_ago, decided = today - dt.timedelta(days=90), today - dt.timedelta(days=60)
    recent = today - dt.timedelta(days=7)
    for stage, person in people.items():
        severe = (person.disability_grade or 9) <= 2
        decided_early = stage in ("granted", "expired")
        applied = long_ago if decided_early else recent
        # The expiring certificate lapsed last month, after the decision (D4.2).
        expires = today - dt.timedelta(days=20) if stage == "expired" else add_months(today, 36)
        app = disability_receive(
            actor=users["township"],
            person=person,
            today=applied,
            **_fields(person, applied, expires, care=stage == "granted" and severe),
        )
        _carry(users, app, stage, applied)
        if decided_early:
            disability_act(actor=users["county"], app=app, action="decide", today=decided)
    return len(people), rest


def _care_service(users: dict[str, User], pool: list[Person], today: dt.date) -> int:
    """Two elderly applicants with assessments (D7.4): one decided at the start of last
    month (paid from this month), one received this week, awaiting the check."""
    sixty = today.replace(year=today.year - 60)
    elderly = [p for p in pool if p.birth_date <= sixty][:2]
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    days = (last_month, today - dt.timedelta(days=3))
    for person, day in zip(elderly, days, strict=False):
        assessment_record(
            actor=users["township"],
            person=person,
            assessor="王敏（演示）",
            assessor_org="鼓楼区老年人能力评估中心（演示）",
            assessed_on=day,
            items_unable=["bathing", "dressing"],
            today=day,
        )
        case = care_receive(
            actor=users["township"],
            person=person,
            applied_on=day,
            assistance_status="near_dibao",
            today=day,
        )
        if day == last_month:
            care_act(actor=users["township"], case=case, action="check", today=day)
            care_act(actor=users["county"], case=case, action="decide", today=day)
    return len(elderly)


def _accounts(county: User, today: dt.date) -> None:
    """Each demo recipient's own account (D13.1: paid to the beneficiary)."""
    for grant in Grant.objects.select_related("person").filter(
        enrolment__household__area__code__startswith=TOWNSHIP
    ):
        person = grant.person
        if not PayeeAccount.objects.filter(person=person).exists():
            payee_account_save(
                actor=county,
                person=person,
                bank=BANK,
                account_number=f"6228480{person.pk:012d}",
                holder_name=person.name,
                social_security_card=True,
                verified_on=today,
            )


def _old_age(clerk: User | None) -> str:
    if clerk is None or clerk.area_id is None or OldAgeProposal.objects.exists():
        return ""
    made = old_age_propose(actor=clerk, month=timezone.localdate())
    return f"高龄津贴待确认名单 {len(made)} 人"


@transaction.atomic
def seed_demo(**_: object) -> str:
    seed_examples(apps=["benefits"])
    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    lines = [_old_age(users.get("caseworker"))]
    if len(users) == len(USERS) and not SubsidyApplication.objects.exists():
        today = timezone.localdate()
        if not users["county2"].has_duty(FEDERATION):
            note = "演示：县残联审核人"
            duty_grant(actor=None, user=users["county2"], code=FEDERATION, note=note)
        cases, rest = _disability(users, today)
        carers = _care_service(users, rest, today)
        _accounts(users["county"], today)
        county = users["county"].area_id or ""
        reviews = review_sweep(actor=users["county"], prefix=county, today=today)
        lines.append(
            f"残疾人两项补贴演示案件{cases}件（登记、受理、审核、残联审核、批准、不予批准）；"
            f"经济困难老年人服务补贴申请{carers}件；补贴复核待审批{len(reviews)}件；"
            "残联审核人 county2"
        )
    return "\n".join(line for line in lines if line)
