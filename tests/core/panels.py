"""Reading a domain's panel on the dashboard as tests do: refreshed first
(`core.panel_figures.area_panel_figures_refresh`), then {label: value} for one area."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minzheng.core.models import Area
from minzheng.core.panel_figures import panels_for


def at_noon(day: dt.date) -> dt.datetime:
    """A refresh time on `day` in Beijing time."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def panel(area_code: str, title: str) -> dict[str, str]:
    panels = dict(panels_for(Area.objects.get(code=area_code)).panels)
    return {f.label: f.value for f in panels[title]}
