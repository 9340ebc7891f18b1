"""What a campaign reports (D12: rounds, person-times, coverage, people found in need,
key households), always over the targets in the viewer's own area.

A fixed handful of grouped queries, whatever the campaign's size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from minzheng.core.models import User
from minzheng.screening.models import Campaign, CampaignTarget, KeyHousehold, Visit, VisitOutcome


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RoundProgress:
    number: int
    starts_on: dt.date
    ends_on: dt.date
    targets: int
    visited: int  # targets with at least one visit in the round
    person_times: int  # visits in the round
    ended: bool

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.visited, self.targets)

    @property
    def overdue(self) -> int:
        """Targets not visited by the deadline of a round that has ended."""
        return self.targets - self.visited if self.ended else 0


@dataclass(frozen=True)
class CampaignFigures:
    """The headline is the current round's row of the rounds table (one source): the
    latest round already started, else the first. Overdue counts targets missing a visit
    in at least one ended round, as the rounds' own overdue column does."""

    targets: int
    visited: int  # targets visited in the current round
    person_times: int
    identified_for_assistance: int  # targets with a visit that found a need
    placed_under_tracked_help: int  # key households placed from this campaign
    referred: int
    not_found: int
    overdue_targets: int  # targets missing a visit in at least one ended round
    rounds: list[RoundProgress]
    current: RoundProgress | None = None

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.visited, self.targets)


def current_round(rounds: list[RoundProgress], today: dt.date) -> RoundProgress | None:
    started = [r for r in rounds if r.starts_on <= today]
    return started[-1] if started else (rounds[0] if rounds else None)


def _outcome_counts(visits: Q, campaign: Campaign) -> dict[str, int]:
    rows = (
        Visit.objects.filter(visits, target__campaign=campaign)
        .values("outcome")
        .annotate(n=Count("target", distinct=True))
    )
    return {row["outcome"]: row["n"] for row in rows}


def _overdue_targets(targets: Q, campaign: Campaign, ended: list[int]) -> int:
    if not ended:
        return 0
    covered = Count("visits__round", filter=Q(visits__round__in=ended), distinct=True)
    return (
        CampaignTarget.objects.filter(targets, campaign=campaign)
        .annotate(covered=covered)
        .filter(covered__lt=len(ended))
        .count()
    )


def campaign_figures(user: User, campaign: Campaign, today: dt.date) -> CampaignFigures:
    """Figures of a campaign the caller has already checked the user may see."""
    prefix = user.scope_prefix
    in_area, visit_in_area = (
        Q(area__code__startswith=prefix),
        Q(target__area__code__startswith=prefix),
    )
    targets = CampaignTarget.objects.filter(in_area, campaign=campaign).count()
    visits = Visit.objects.filter(visit_in_area, target__campaign=campaign)
    per_round = {
        row["round"]: row
        for row in visits.values("round").annotate(
            times=Count("id"), visited=Count("target", distinct=True)
        )
    }
    rounds = [
        RoundProgress(
            number=r.number,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            targets=targets,
            visited=per_round.get(r.pk, {}).get("visited", 0),
            person_times=per_round.get(r.pk, {}).get("times", 0),
            ended=r.ends_on < today,
        )
        for r in campaign.rounds.order_by("number")
    ]
    outcomes = _outcome_counts(visit_in_area, campaign)
    ended = [r.pk for r in campaign.rounds.filter(ends_on__lt=today)]
    current = current_round(rounds, today)
    return CampaignFigures(
        targets=targets,
        visited=current.visited if current else 0,
        person_times=sum(r.person_times for r in rounds),
        identified_for_assistance=outcomes.get(VisitOutcome.IDENTIFIED, 0),
        placed_under_tracked_help=KeyHousehold.objects.filter(in_area, campaign=campaign).count(),
        referred=outcomes.get(VisitOutcome.REFERRED, 0),
        not_found=outcomes.get(VisitOutcome.NOT_FOUND, 0),
        overdue_targets=_overdue_targets(in_area, campaign, ended),
        rounds=rounds,
        current=current,
    )
