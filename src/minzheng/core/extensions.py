"""Places where domains hook into core pages without core depending on them:
actions offered on a household's page (e.g. "申请救助"), registered in AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from minzheng.core.models import Household, User
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


# Tables a domain adds to the nightly registry snapshot (e.g. payments' ledger, for the
# supervision rules): given the snapshot's directory and its day, write Parquet files
# there and return rows per table. Called by the snapshot writer after the registry.
SnapshotPart = Callable[[Path, dt.date], dict[str, int]]
_SNAPSHOT_PARTS: list[SnapshotPart] = []


def register_snapshot_part(part: SnapshotPart) -> None:
    if part not in _SNAPSHOT_PARTS:
        _SNAPSHOT_PARTS.append(part)


def snapshot_parts() -> list[SnapshotPart]:
    return list(_SNAPSHOT_PARTS)
