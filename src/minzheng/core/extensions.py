"""Places where domains hook into core pages without core depending on them:
actions offered on a household's page (e.g. "申请救助"), registered in AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Generic, TypeVar

from django.urls import reverse

from minzheng.core.models import Household, Person, User
from minzheng.core.roles import Capability

T = TypeVar("T")


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


class Sections(Generic[T]):
    """Sections domains add to a core page (a household's, a person's): given the
    viewer and the page's object, each section's HTML, or "" to show nothing."""

    def __init__(self) -> None:
        self._sections: list[Callable[[User, T], str]] = []

    def register(self, section: Callable[[User, T], str]) -> None:
        if section not in self._sections:
            self._sections.append(section)

    def render(self, user: User, obj: T) -> list[str]:
        return [html for section in self._sections if (html := section(user, obj))]


# e.g. current assistance and cases, the payment history
HouseholdSection = Callable[[User, Household], str]
_HOUSEHOLD_SECTIONS: Sections[Household] = Sections()
register_household_section = _HOUSEHOLD_SECTIONS.register
household_sections = _HOUSEHOLD_SECTIONS.render
# A section on a person's page (the payment history, marital status and its history);
# the page has already checked that the viewer may read the person.
PersonSection = Callable[[User, Person], str]
_PERSON_SECTIONS: Sections[Person] = Sections()
register_person_section = _PERSON_SECTIONS.register
person_sections = _PERSON_SECTIONS.render


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


PanelRows = Iterable[tuple[str, str, Decimal]]  # area code (any level), key, value


class PanelValues:
    """The stored numbers of one area's panels as of the last refresh: `values[key]`
    (0 when nothing was counted), `as_of` (the refresh's day, which names "this year"
    and "this month"), and the area's code and prefix."""

    def __init__(self, area: str, prefix: str, as_of: dt.date, values: dict[str, Decimal]) -> None:
        self.area, self.prefix, self.as_of, self._values = area, prefix, as_of, values

    def __getitem__(self, key: str) -> Decimal:
        return self._values.get(key, Decimal(0))

    def count(self, key: str) -> str:
        return str(int(self[key]))

    def under(self, prefix: str) -> dict[str, Decimal]:
        """{rest of the key: value} of the keys that begin with `prefix`."""
        return {k[len(prefix) :]: v for k, v in self._values.items() if k.startswith(prefix)}


@dataclass(frozen=True)
class DashboardPanel:
    """A domain's number cards on the dashboard (issue 15 item 2). `compute(today, now)`
    gives its numbers per area (the row's own area, any level) in a few grouped
    queries; core adds them up the division tree nightly (`core.panel_figures`) and
    `show` turns one area's stored numbers into the cards. Only numbers that add up
    across areas can be stored: a rate is stored as its numerator and denominator."""

    key: str  # permanent prefix of the stored keys, e.g. "hotline"
    title: str  # Chinese, e.g. "服务热线"
    compute: Callable[[dt.date, dt.datetime], PanelRows]
    show: Callable[[PanelValues], list[Figure]]


_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    """Declare a domain's panel (in `AppConfig.ready()`)."""
    _PANELS[panel.key] = panel


def dashboard_panels() -> list[DashboardPanel]:
    return list(_PANELS.values())


# Monthly series on the leaders' dashboards (issue 15 item 2): a domain declares what
# it counts or sums, and gives, for a range of months, its values per community, month
# and category in one grouped query. Core stores them per area and month
# (`core.figures.area_month_figures_refresh`, nightly) and draws trends, breakdowns by
# category and by area, and the county map from those rows (docs/dashboards.md).
SeriesRows = Iterable[tuple[str, dt.date, str, Decimal]]  # community, month, category, value


@dataclass(frozen=True)
class DashboardSeries:
    key: str  # permanent, e.g. "assistance.enrolled_households"
    label: str  # Chinese, e.g. "在保家庭"
    unit: str  # Chinese, e.g. "户", "元", "件", "人次"
    compute: Callable[[dt.date, dt.date], SeriesRows]  # first and last month (1st days)
    group: str = ""  # the chart it is drawn in (a title), e.g. "社会救助"
    stock: bool = False  # a level at the month (in force), not a flow within it
    categories: str = ""  # vocabulary naming the categories (core.vocabulary), if any


@dataclass(frozen=True)
class DashboardRatio:
    """A rate drawn from two series (e.g. decided on time ÷ decided), in per cent."""

    key: str
    label: str
    numerator: str
    denominator: str
    group: str = ""


_SERIES: dict[str, DashboardSeries] = {}
_RATIOS: dict[str, DashboardRatio] = {}


def register_dashboard_series(series: DashboardSeries | DashboardRatio) -> None:
    """Declare a monthly dashboard series or rate (in `AppConfig.ready()`)."""
    if isinstance(series, DashboardRatio):
        _RATIOS[series.key] = series
    else:
        _SERIES[series.key] = series


def dashboard_series() -> list[DashboardSeries]:
    return list(_SERIES.values())


def dashboard_ratios() -> list[DashboardRatio]:
    return list(_RATIOS.values())


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


@dataclass(frozen=True)
class LikelyDuplicate:
    """A registered person a new registration may describe again (issue 16, D0.1)."""

    person_id: int
    name: str
    masked_id_number: str
    area_name: str
    probability: float


# A check run before a new person is registered: given the registering user and the
# form's cleaned data, registered people (in the user's area) the new record may
# duplicate, and how many more lie outside it (never named, D0.3).
DuplicateCheck = Callable[[User, dict[str, object]], tuple[list[LikelyDuplicate], int]]
_DUPLICATE_CHECKS: list[DuplicateCheck] = []


def register_duplicate_check(check: DuplicateCheck) -> None:
    if check not in _DUPLICATE_CHECKS:
        _DUPLICATE_CHECKS.append(check)


def likely_duplicates(user: User, data: dict[str, object]) -> tuple[list[LikelyDuplicate], int]:
    found: list[LikelyDuplicate] = []
    outside = 0
    for check in _DUPLICATE_CHECKS:
        inside, elsewhere = check(user, data)
        found.extend(inside)
        outside += elsewhere
    return found, outside


@dataclass(frozen=True)
class RecordMatch:
    """The registered person an incoming record (a roll row, a feed record) whose ID
    number found nobody exactly most likely describes (issue 16, D0.1). `confident`:
    at or above the automatic threshold and not part of an ambiguous cluster — use
    it; otherwise the grey zone: a person must look before anything is written."""

    person: Person
    probability: float
    match_weight: float
    confident: bool


# Incoming records {key: {"id_number", "name", "address", "phone", ...}} → the best
# match of each record that has one above the review threshold. One matcher at most
# (identity's); without it nothing is matched and records stay unknown.
RecordMatcher = Callable[[dict[int, dict[str, object]]], dict[int, RecordMatch]]
_RECORD_MATCHERS: list[RecordMatcher] = []


def register_record_matcher(matcher: RecordMatcher) -> None:
    if matcher not in _RECORD_MATCHERS:
        _RECORD_MATCHERS.append(matcher)


def match_records(records: dict[int, dict[str, object]]) -> dict[int, RecordMatch]:
    found: dict[int, RecordMatch] = {}
    if not records:
        return found
    for matcher in _RECORD_MATCHERS:
        for key, match in matcher(records).items():
            found.setdefault(key, match)
    return found
