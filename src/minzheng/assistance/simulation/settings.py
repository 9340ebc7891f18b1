"""The settings in force for each household's place on the simulated month: the
city-wide values (given by the caller, as the warning rules get them), overlaid by the
versions configured for a county, township or community (the snapshot's
`area_settings`, D1.18: the most specific area wins), then by a scenario's change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

Overrides = dict[str, dict[str, str]]  # area code → key → value in force


def in_force(rows: Iterable[tuple[str, str, str, dt.date]], on: dt.date) -> Overrides:
    """Per area, each key's latest version effective on or before `on`."""
    latest: dict[tuple[str, str], tuple[dt.date, str]] = {}
    for area, key, value, effective in rows:
        if effective <= on and ((area, key) not in latest or latest[(area, key)][0] <= effective):
            latest[(area, key)] = (effective, value)
    overrides: Overrides = {}
    for (area, key), (_, value) in latest.items():
        overrides.setdefault(area, {})[key] = value
    return overrides


def settings_area(community: str, overrides: Overrides) -> str:
    """The most specific area with settings of its own on the community's path ("" for
    the city): households sharing it share one set of parameters."""
    for length in (12, 9, 6):
        if community[:length] in overrides:
            return community[:length]
    return ""


def resolved(area: str, city: Mapping[str, str], overrides: Overrides) -> dict[str, str]:
    values = dict(city)
    for length in (6, 9, 12):
        if len(area) >= length:
            values.update(overrides.get(area[:length], {}))
    return values
