"""Scoped reads: what a user may see, for pages, API endpoints and exports alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import Http404

from minzheng.core import workdays
from minzheng.core.audit import audit_read, audit_record
from minzheng.core.bulk import in_values
from minzheng.core.models import (
    Area,
    AuditAction,
    AuditEntry,
    CalendarYear,
    Household,
    HouseholdMembership,
    Person,
    User,
    WorkdayOverride,
)
from minzheng.core.models.search import SEARCH_COUNT_CAP
from minzheng.core.roles import Capability

# Households by a member's name are the households of the first this many people
# found (name order), so that a common name at city scale reads a bounded number of
# people; when more people match, the result says it was cut ("at least N
# households", `HouseholdSearch.members_cut`; docs/search.md).
HOUSEHOLD_MEMBER_LIMIT = SEARCH_COUNT_CAP


@dataclass(frozen=True)
class HouseholdSearch:
    """Households found by a query, and whether they are those of only the first
    `HOUSEHOLD_MEMBER_LIMIT` people found by a member's name (more people match)."""

    rows: QuerySet[Household]
    members_cut: bool = False


def persons_visible(
    user: User, query: str = "", *, limit: int | None = SEARCH_COUNT_CAP + 1
) -> QuerySet[Person]:
    """People in scope, by id; with a query, what `Person.search` finds, in its order
    (names by name) and up to `limit` (None for an export). A record merged into
    another (identity resolution) is left out: it is empty, its page leads on."""
    qs = Person.objects.visible_to(user).filter(merged_into__isnull=True).select_related("area")
    return qs.search(query, limit=limit) if query.strip() else qs


def households_visible(
    user: User, query: str = "", *, limit: int | None = HOUSEHOLD_MEMBER_LIMIT
) -> QuerySet[Household]:
    """Households in scope; with a query, by household number or by a current member
    (`household_search`, without saying whether the members were cut)."""
    return household_search(user, query, limit=limit).rows


def household_search(
    user: User, query: str = "", *, limit: int | None = HOUSEHOLD_MEMBER_LIMIT
) -> HouseholdSearch:
    """Households in scope; with a query, by household number or by a current member.

    The two are tried one after the other rather than OR-ed, so that each is answered
    from its own index: a run of 12–18 digits that begins some household's number
    (a community's code, then a six-digit serial) finds those households; anything
    else — or digits that begin no number — searches the members as `Person.search`:
    the households of the first `limit` people found (None for an export: all), read
    as lists of ids so that the page and its count probe nothing again.
    """
    qs = Household.objects.visible_to(user).select_related("area", "head")
    query = query.strip()
    if not query:
        return HouseholdSearch(qs)
    if query.isdigit() and 12 <= len(query) <= 18:
        by_number = qs.filter(number__startswith=query)
        if by_number.exists():
            return HouseholdSearch(by_number)
    people = Person.objects.visible_to(user)
    if limit is None:
        members = people.search(query, limit=None).values("pk")
        member_of = HouseholdMembership.objects.current().filter(person__in=members)
        return HouseholdSearch(qs.filter(id__in=member_of.values("household")))
    ids, cut = people.search_first_ids(query, limit)
    member_of = HouseholdMembership.objects.current().filter(person_id__in=in_values(ids))
    households = sorted(set(member_of.values_list("household_id", flat=True)))
    return HouseholdSearch(qs.filter(id__in=in_values(households)), members_cut=cut)


def person_for_reading(user: User, pk: int, *, log: bool = True) -> Person:
    """One person in the user's scope (404 otherwise — existence is not revealed);
    the read is written to the audit trail."""
    person = Person.objects.visible_to(user).select_related("area", "hukou_area").filter(pk=pk)
    found = person.first()
    if found is None:
        raise Http404("未找到该人员，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=found, summary=f"查看人员 {found.name}")
    return found


def person_disclose(user: User, pk: int, *, reason: str) -> Person:
    """One person in scope, for showing the full ID number and phone: audited as a
    disclosure with its reason (issue 7, item 3), like the web page's disclosure."""
    reason = " ".join(reason.split())
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写查看完整信息的事由（至少2个字）"})
    person = person_for_reading(user, pk, log=False)
    audit_record(
        actor=user,
        action=AuditAction.READ,
        obj=person,
        summary=f"查看完整身份证号 {person.name}；事由：{reason}",
    )
    return person


def household_for_reading(user: User, pk: int, *, log: bool = True) -> Household:
    found = Household.objects.visible_to(user).select_related("area", "head").filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该家庭，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=found, summary=f"查看家庭 {found.number}")
    return found


def memberships_of(household: Household) -> QuerySet[HouseholdMembership]:
    """Current and past members, current first, for a household already checked for scope."""
    return household.memberships.select_related("person").order_by("valid_to", "valid_from")


def audit_entries_visible(user: User) -> QuerySet[AuditEntry]:
    if not user.can(Capability.VIEW_AUDIT):
        raise PermissionDenied("您的角色不能查看审计日志")
    prefix = user.scope_prefix
    # Entries still pending (no sequence number yet, core/audit_seal.py) are the newest.
    qs = AuditEntry.objects.order_by(F("seq").desc(nulls_first=True), "-id")
    # The city's administrators and auditors also see entries without an area
    # (log-ins, system jobs); others only their own subtree.
    if len(prefix) <= 4:
        return qs.filter(area_code__startswith=prefix) | qs.filter(area_code="")
    return qs.filter(area_code__startswith=prefix)


def area_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))


def calendar_overview() -> dict[str, Any]:
    return {
        "overrides": WorkdayOverride.objects.select_related("updated_by").order_by("-date")[:200],
        "declared_years": CalendarYear.objects.order_by("-year"),
        "official_years": sorted(workdays.OFFICIAL_YEARS)[-3:],
    }
