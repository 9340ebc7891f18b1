"""Creating a campaign, selecting its population, opening rounds, starting and ending it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core import workdays
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Area, AreaLevel, AuditAction, User
from minzheng.core.workflow.engine import transition
from minzheng.screening.models import Campaign, CampaignTarget, Round
from minzheng.screening.population import Population
from minzheng.screening.selection import candidates
from minzheng.screening.services.common import authorize_organiser, today_or

ORGANISING_LEVELS = (AreaLevel.CITY, AreaLevel.COUNTY, AreaLevel.TOWNSHIP)
MAX_ROUND_WORKING_DAYS = 250  # a plausibility bound on input, not a policy limit


@dataclass(frozen=True)
class PopulateResult:
    added: int
    total: int


def _organising_area(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise ValidationError({"area_code": f"区划代码{code}不存在"})
    if area.level not in ORGANISING_LEVELS:
        raise ValidationError({"area_code": "排查活动由市、县（区）或乡镇（街道）组织"})
    return area


def _check_areas(area: Area, codes: tuple[str, ...]) -> None:
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    problems = [f"区划代码{c}不存在" for c in codes if c not in known]
    problems += [
        f"区划{c}不在组织区划{area.name}内" for c in codes if c in known and not area.contains(c)
    ]
    if problems:
        raise ValidationError({"area_codes": "；".join(problems)})


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    area_code: str,
    population: Population,
    description: str = "",
    layer: str = "",
) -> Campaign:
    """A draft campaign over `area_code`; its population is selected by `campaign_populate`."""
    authorize_organiser(actor, area_code)
    area = _organising_area(area_code)
    population.validate()
    _check_areas(area, population.area_codes)
    if not name.strip():
        raise ValidationError({"name": "请填写活动名称"})
    campaign = Campaign(
        name=name.strip(),
        description=description,
        layer=layer.strip(),
        area=area,
        population=population.to_json(),
        created_by=actor,
    )
    campaign.full_clean(exclude=["status"])
    campaign.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        after=snapshot(campaign),
        summary=f"新建排查活动 {campaign.name}",
    )
    return campaign


def _prefixes(campaign: Campaign) -> list[str]:
    codes = campaign.criteria.area_codes
    if not codes:
        return [campaign.area.prefix]
    return [a.prefix for a in Area.objects.filter(code__in=codes)]


@transaction.atomic
def campaign_populate(
    *, actor: User, campaign: Campaign, on: dt.date | None = None
) -> PopulateResult:
    """Add every household that meets the criteria on `on` and is not yet a target.

    Idempotent: households already on the list stay as they are (with their visits),
    and running it again adds only newcomers. The campaign row is locked so that two
    organisers populating at once cannot add a household twice.
    """
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    authorize_organiser(actor, campaign.area_id)
    if campaign.status == "closed":
        raise ValidationError({"campaign": "排查活动已结束，不能再生成名单"})
    on = today_or(on)
    existing = set(campaign.targets.values_list("household_id", flat=True))
    new = [
        CampaignTarget(
            campaign=campaign,
            household_id=c.household_id,
            person_id=c.person_id,
            area_id=c.area_code,
            added_on=on,
        )
        for c in candidates(_prefixes(campaign), campaign.criteria, on)
        if c.household_id not in existing
    ]
    CampaignTarget.objects.bulk_create(new, batch_size=2000)
    campaign.population_date = on
    campaign.save(update_fields=["population_date"])
    result = PopulateResult(added=len(new), total=len(existing) + len(new))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=campaign,
        after={"added": result.added, "total": result.total, "on": on.isoformat()},
        summary=f"生成排查名单：新增{result.added}户，共{result.total}户",
    )
    return result


@transaction.atomic
def round_open(*, actor: User, campaign: Campaign, starts_on: dt.date, working_days: int) -> Round:
    """The next round, ending `working_days` working days after it starts (D11).
    Rounds follow one another: a round starts after the previous one's deadline."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    authorize_organiser(actor, campaign.area_id)
    if campaign.status == "closed":
        raise ValidationError({"starts_on": "排查活动已结束，不能再安排轮次"})
    if not 1 <= working_days <= MAX_ROUND_WORKING_DAYS:
        raise ValidationError({"working_days": f"期限应为1至{MAX_ROUND_WORKING_DAYS}个工作日"})
    last = campaign.rounds.order_by("-number").first()
    if last is not None and starts_on <= last.ends_on:
        raise ValidationError(
            {"starts_on": f"须晚于第{last.number}轮的截止日期{last.ends_on:%Y-%m-%d}"}
        )
    new_round = Round.objects.create(
        campaign=campaign,
        number=last.number + 1 if last else 1,
        starts_on=starts_on,
        working_days=working_days,
        ends_on=workdays.add_working_days(starts_on, working_days),
        opened_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=new_round,
        area_code=campaign.area_id,
        after=snapshot(new_round),
        summary=f"安排第{new_round.number}轮排查，{starts_on:%Y-%m-%d}至{new_round.ends_on:%Y-%m-%d}",
    )
    return new_round


def campaign_activate(
    *, actor: User, campaign: Campaign, note: str = "", today: dt.date | None = None
) -> Campaign:
    """Start field work (needs a list and a round: `workflows.ready_to_start`)."""
    transition(campaign, "activate", actor, note=note, today=today)
    return campaign


def campaign_close(
    *, actor: User, campaign: Campaign, note: str, today: dt.date | None = None
) -> Campaign:
    """End the campaign; visits can no longer be recorded, the figures stay."""
    transition(campaign, "close", actor, note=note, today=today)
    return campaign
