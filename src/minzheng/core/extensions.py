"""Places where domains hook into core pages without core depending on them:
actions offered on a household's page (e.g. "申请救助"), registered in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from minzheng.core.models import Household, Person, User
from minzheng.core.roles import Capability


@dataclass(frozen=True)
class HouseholdAction:
    label: str
    url_name: str  # reversed with the household's pk
    capability: Capability
    query: str = ""  # e.g. "household={pk}" for a tool that takes it as a parameter


_HOUSEHOLD_ACTIONS: list[HouseholdAction] = []


def register_household_action(action: HouseholdAction) -> None:
    if action not in _HOUSEHOLD_ACTIONS:
        _HOUSEHOLD_ACTIONS.append(action)


# A section a domain adds to the household's page (e.g. current assistance and cases):
# given the viewer and the household, the section's HTML, or "" to show nothing.
HouseholdSection = Callable[[User, Household], str]
_HOUSEHOLD_SECTIONS: list[HouseholdSection] = []


def register_household_section(section: HouseholdSection) -> None:
    if section not in _HOUSEHOLD_SECTIONS:
        _HOUSEHOLD_SECTIONS.append(section)


def household_sections(user: User, household: Household) -> list[str]:
    return [html for section in _HOUSEHOLD_SECTIONS if (html := section(user, household))]


# A section a domain adds to a person's page (e.g. marital status and its history): given
# the viewer and the person, the section's HTML, or "" to show nothing. The page has
# already checked that the viewer may read the person.
PersonSection = Callable[[User, Person], str]
_PERSON_SECTIONS: list[PersonSection] = []


def register_person_section(section: PersonSection) -> None:
    if section not in _PERSON_SECTIONS:
        _PERSON_SECTIONS.append(section)


def person_sections(user: User, person: Person) -> list[str]:
    return [html for section in _PERSON_SECTIONS if (html := section(user, person))]


def household_actions(user: User, household: Household) -> list[tuple[str, str]]:
    """(label, url) of the actions this user may start from this household's page."""
    links = []
    for action in _HOUSEHOLD_ACTIONS:
        if not user.can(action.capability):
            continue
        if action.query:
            url = f"{reverse(action.url_name)}?{action.query.format(pk=household.pk)}"
        else:
            url = reverse(action.url_name, args=[household.pk])
        links.append((action.label, url))
    return links


@dataclass(frozen=True)
class Figure:
    """One aggregate figure on the dashboard: never a person, only counts and sums."""

    label: str
    value: str


DashboardPanel = Callable[[User], tuple[str, list[Figure]]]
_PANELS: list[DashboardPanel] = []


def register_dashboard_panel(panel: DashboardPanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def dashboard_panels(user: User) -> list[tuple[str, list[Figure]]]:
    """Each domain's figures for the user's area (a title and its figures)."""
    return [panel(user) for panel in _PANELS]
