"""What the area-scope matrix (tests/core/test_scope_matrix.py) needs of screening in a
place: an active campaign of the place's township whose list holds the place's
household, a round under way, a key household, and a household that joined after
the list was made (so that populating again changes something)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from minzheng.core.models import CalendarYear, Household, User
from minzheng.screening.models import Campaign, CampaignTarget, KeyHousehold, Round
from minzheng.screening.population import Population
from minzheng.screening.services.campaigns import (
    campaign_activate,
    campaign_create,
    campaign_populate,
    round_open,
)
from minzheng.screening.services.tracking import Placement, key_household_place
from tests.factories import make_household


@dataclass
class ScreeningPlace:
    campaign: Campaign
    round: Round
    target: CampaignTarget  # the place's household on the list
    key_household: KeyHousehold  # another household of the place, under tracked help
    newcomer: Household  # not yet on the list

    def newcomer_listed(self) -> bool:
        return self.campaign.targets.filter(household=self.newcomer).exists()


def _organiser() -> User:
    """A provincial administrator, who reaches every place of the matrix."""
    user, _ = User.objects.get_or_create(
        username="screening_organiser", defaults={"role": "city_admin", "area_id": "320000"}
    )
    return user


def screening_place(area_code: str, household: Household) -> ScreeningPlace:
    today = timezone.localdate()
    # Rounds near the end of a year run into the next, which the official calendar
    # may not know yet; the administrator declares it (D11.3).
    CalendarYear.objects.get_or_create(year=today.year + 1, defaults={"source": "测试"})
    organiser, helped = _organiser(), make_household(area_code, size=1)
    campaign = campaign_create(
        actor=organiser,
        name="矩阵排查",
        area_code=area_code[:9],
        population=Population(area_codes=(area_code,)),
    )
    campaign_populate(actor=organiser, campaign=campaign, on=today)
    first = round_open(
        actor=organiser,
        campaign=campaign,
        starts_on=today - dt.timedelta(days=3),
        working_days=10,
    )
    campaign_activate(actor=organiser, campaign=campaign)
    key_household = key_household_place(
        actor=organiser,
        household=helped,
        plan=Placement("重病", "每月回访", today + dt.timedelta(days=20)),
        campaign=campaign,
        started_on=today - dt.timedelta(days=5),
    )
    target = campaign.targets.get(household=household)
    return ScreeningPlace(campaign, first, target, key_household, make_household(area_code))
