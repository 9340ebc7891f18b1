"""Demo data of the screening domain: one winter campaign over 黄楼街道 (the demo
township reviewer's street) — residents aged 60 and over, a first round that has
ended and a second one under way, visits in realistic proportions, and the key
households they found, some with follow-ups and some overdue.

Idempotent (a campaign of the demo name is never made twice) and quick: the list
and the visits are written in bulk with one audit entry for the bulk visits;
placements and follow-ups go through the services, as a caseworker's would.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from minzheng.core import workdays
from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, User
from minzheng.screening.models import Campaign, CampaignTarget, Round, Visit, VisitOutcome
from minzheng.screening.population import Population
from minzheng.screening.selection import candidates
from minzheng.screening.services.campaigns import (
    campaign_activate,
    campaign_create,
    campaign_populate,
    round_open,
)
from minzheng.screening.services.tracking import Placement, follow_up_record
from minzheng.screening.services.visits import visit_record

DEMO_TOWNSHIP = "320302001"
DEMO_ORGANISER = "township"  # created by minzheng.demo.users before the seeders run
DEMO_NAME = "冬季困难群众走访排查（演示）"
POPULATION = Population(min_age=60)
ROUND_WORKING_DAYS = 15  # four rounds in three months (D12)
# Shares of outcomes among the other visits, roughly as a street reports them; on top
# of these about one household in fifty is placed under tracked help in round 1.
OUTCOMES = {
    VisitOutcome.NO_DIFFICULTY: 87,
    VisitOutcome.IDENTIFIED: 8,
    VisitOutcome.REFERRED: 3,
    VisitOutcome.NOT_FOUND: 2,
}
PLACED_ONE_IN = 50
SITUATIONS = {
    VisitOutcome.NO_DIFFICULTY: "老人身体尚可，子女按月赡养，生活无明显困难。",
    VisitOutcome.IDENTIFIED: "老人患慢性病，医疗支出大，家庭收入偏低，建议申请救助。",
    VisitOutcome.REFERRED: "住房年久失修，已转住建部门鉴定。",
    VisitOutcome.NOT_FOUND: "多次上门未见到本人，邻居称随子女外出居住。",
}


def _round_in_known_year(actor: User, campaign: Campaign, starts_on: dt.date) -> Round:
    """A round as long as the demo wants, shortened to the end of the last year the
    working-day calendar knows (D11.3: a deadline is never guessed)."""
    try:
        return round_open(
            actor=actor, campaign=campaign, starts_on=starts_on, working_days=ROUND_WORKING_DAYS
        )
    except workdays.UnknownCalendarYear:
        left = workdays.working_days_between(starts_on, dt.date(starts_on.year, 12, 31))
        return round_open(actor=actor, campaign=campaign, starts_on=starts_on, working_days=left)


def _campaign(actor: User, today: dt.date) -> tuple[Campaign, list[Round]]:
    campaign = campaign_create(
        actor=actor,
        name=DEMO_NAME,
        area_code=DEMO_TOWNSHIP,
        population=POPULATION,
        layer="60岁以上老年人（演示）",
        description="入冬前对辖区60岁以上老年人家庭逐户走访，了解冬季生活、取暖和就医情况。",
    )
    first_start = today - dt.timedelta(days=75)
    campaign_populate(actor=actor, campaign=campaign, on=first_start)
    first = _round_in_known_year(actor, campaign, first_start)
    second_start = max(today - dt.timedelta(days=14), first.ends_on + dt.timedelta(days=1))
    second = _round_in_known_year(actor, campaign, second_start)
    campaign_activate(actor=actor, campaign=campaign, today=first_start)
    return campaign, [first, second]


def _day_in(rng: random.Random, r: Round, today: dt.date) -> dt.date:
    last_day = min(r.ends_on, today)
    return r.starts_on + dt.timedelta(days=rng.randint(0, (last_day - r.starts_on).days))


def _bulk_visits(
    rng: random.Random,
    targets: list[CampaignTarget],
    rounds: list[Round],
    actor: User,
    today: dt.date,
) -> tuple[list[Visit], list[tuple[CampaignTarget, dt.date]]]:
    """Visits of every round but the placements (at least two), which are returned to
    go through the service."""
    count = min(len(targets), max(2, len(targets) // PLACED_ONE_IN))
    placed = set(rng.sample(range(len(targets)), k=count))
    placements = [(targets[i], _day_in(rng, rounds[0], today)) for i in sorted(placed)]
    visits, outcomes, weights = [], list(OUTCOMES), list(OUTCOMES.values())
    for r in rounds:
        share = 0.96 if r.ends_on < today else 0.45
        for i, target in enumerate(targets):
            if (r == rounds[0] and i in placed) or rng.random() > share:
                continue
            outcome = rng.choices(outcomes, weights)[0]
            visits.append(
                Visit(
                    target=target,
                    round=r,
                    visited_on=_day_in(rng, r, today),
                    visitor=actor,
                    method="home",
                    situation=SITUATIONS[outcome],
                    outcome=outcome,
                )
            )
    return visits, placements


def _place(actor: User, placements: list[tuple[CampaignTarget, dt.date]], today: dt.date) -> None:
    """Placements through the service; every other one has had a follow-up since."""
    for i, (target, day) in enumerate(placements):
        visit = visit_record(
            actor=actor,
            target=target,
            visited_on=day,
            method="home",
            outcome=VisitOutcome.PLACED,
            situation="独居老人，行动不便，冬季取暖困难。",
            placement=Placement(
                "独居高龄、取暖困难",
                "每月上门一次；协调助餐和冬季取暖补助。",
                day + dt.timedelta(days=30),
            ),
            today=today,
        )
        followed_on = day + dt.timedelta(days=28)
        if i % 2 == 0 and visit.key_household and followed_on <= today:
            follow_up_record(
                actor=actor,
                key_household=visit.key_household,
                followed_on=followed_on,
                method="phone",
                note="电话回访：已领取取暖补助，助餐已安排。",
                next_follow_up_on=followed_on + dt.timedelta(days=30),
                today=today,
            )


def seed_demo(*, seed: int = 20261201, **_: object) -> str:
    """The demo campaign, once; `seed` (the demo's option) makes the visits repeatable."""
    if Campaign.objects.filter(name=DEMO_NAME).exists():
        return ""
    actor = User.objects.filter(username=DEMO_ORGANISER, area_id=DEMO_TOWNSHIP).first()
    today, rng = timezone.localdate(), random.Random(seed)
    if actor is None or next(candidates([DEMO_TOWNSHIP], POPULATION, today), None) is None:
        return ""  # no demo users, or nobody to visit in a very small demo city
    with transaction.atomic():
        campaign, rounds = _campaign(actor, today)
        targets = list(campaign.targets.select_related("household").order_by("id"))
        visits, placements = _bulk_visits(rng, targets, rounds, actor, today)
        Visit.objects.bulk_create(visits, batch_size=2000)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="screening.visit",
            area_code=DEMO_TOWNSHIP,
            summary=f"演示数据：导入走访记录{len(visits)}条（{campaign.name}）",
        )
        _place(actor, placements, today)
    return (
        f"排查帮扶演示：{campaign.name}，排查对象{len(targets)}户，"
        f"走访{len(visits) + len(placements)}人次，纳入重点帮扶{len(placements)}户"
    )
