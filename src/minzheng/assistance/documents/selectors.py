"""Scoped reads behind the assistance documents (D0.3): a case, a community and the
cases it has in public notice. Anything outside the user's area is a 404, so a
document never confirms that a case or a community exists elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.http import Http404

from minzheng.assistance.models import Application, PublicNotice, Track
from minzheng.assistance.selectors import application_for_reading, applications_visible
from minzheng.core.models import Area, AreaLevel, User

IN_NOTICE = "in_notice"
REGULAR_DECIDED = {"approved", "refused", "closed_refused"}
FAST_DECIDED = {"granted", "confirmed", "breach"}


def decided_application(user: User, pk: int) -> Application:
    """A case in the user's area that has a decision to notify (D1.8, D6.4); before
    that there is nothing to print, so it is a 404 like a case out of scope."""
    application = application_for_reading(user, pk, log=False)
    decided = FAST_DECIDED if application.track == Track.FAST else REGULAR_DECIDED
    if application.status not in decided:
        raise Http404("该案件尚未作出决定")
    return application


def community_for_notice(user: User, code: str) -> Area:
    """A community (village) the user reaches: the unit a notice is posted in (D1.7)."""
    area = Area.objects.filter(code=code, level=AreaLevel.COMMUNITY).first()
    if area is None or not user.reaches(area.code):
        raise Http404("未找到该村（社区），或不在您的管辖区域内")
    return area


@dataclass(frozen=True)
class NoticeEntry:
    application: Application
    notice: PublicNotice  # the latest posting: after an objection the case is re-posted


def entries_in_notice(user: User, community: Area) -> list[NoticeEntry]:
    """The cases of one community now in notice, with their latest posting."""
    postings = Prefetch("notices", queryset=PublicNotice.objects.order_by("-round"))
    cases = (
        applications_visible(user)
        .filter(area=community, status=IN_NOTICE)
        .prefetch_related(postings)
        .order_by("applied_on", "id")
    )
    return [NoticeEntry(app, app.notices.all()[0]) for app in cases if app.notices.all()]


def communities_in_notice(user: User) -> list[tuple[Area, int]]:
    """Communities in the user's area with cases in notice, and how many each."""
    counts = (
        applications_visible(user)
        .filter(status=IN_NOTICE)
        .values("area")
        .annotate(n=Count("id"))
        .order_by("area")
    )
    by_code = {row["area"]: row["n"] for row in counts}
    areas = Area.objects.filter(code__in=by_code).select_related("parent").order_by("code")
    return [(area, by_code[area.code]) for area in areas]
