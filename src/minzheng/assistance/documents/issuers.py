"""Who issues each assistance document, and where a citizen turns to object or appeal.

The township/street accepts and posts the notice, the county bureau confirms and
decides (D1.1); the names are derived from the division tree so that no office,
address or telephone number is ever invented. A district takes its city's name in
front (徐州市鼓楼区…), a county or county-level city does not (丰县…, 新沂市…),
as `core.documents.household_summary.bureau_name` does for the bureau.
"""

from __future__ import annotations

from minzheng.core.documents.household_summary import bureau_name
from minzheng.core.models import Area, AreaLevel

__all__ = ["bureau_name", "county_government", "objection_office", "township_office"]


def _chain(area: Area) -> list[Area]:
    return [*area.ancestors(), area]


def _at(area: Area, level: AreaLevel) -> Area | None:
    return next((a for a in _chain(area) if a.level == level), None)


def _county_prefix(area: Area) -> str:
    """徐州市鼓楼区 for a district, 丰县 for a county, '' when there is no county."""
    county = _at(area, AreaLevel.COUNTY)
    if county is None:
        return ""
    city = _at(area, AreaLevel.CITY)
    if city is None or not county.name.endswith("区"):
        return county.name
    named = county.name.startswith(city.name.removesuffix("市"))  # 徐州经济技术开发区
    return county.name if named else f"{city.name}{county.name}"


def township_of(area: Area) -> Area | None:
    return _at(area, AreaLevel.TOWNSHIP)


def township_office(area: Area) -> str:
    """The township's government or the street's office: 徐州市鼓楼区黄楼街道办事处,
    丰县华山镇人民政府. Parks, farms and development zones keep their own name."""
    township = township_of(area)
    if township is None:
        return bureau_name(area)
    name = township.name
    if name.endswith("街道"):
        name += "办事处"
    elif name.endswith(("镇", "乡")):
        name += "人民政府"
    return f"{_county_prefix(area)}{name}"


def objection_office(area: Area) -> str:
    """Where objections to a public notice go (D1.7): the township's civil-affairs
    office, named only — no telephone number is stored, so none is printed."""
    township = township_of(area)
    return f"{township.name}民政办" if township is not None else bureau_name(area)


def county_government(area: Area) -> str:
    """The people's government at the level of the county bureau, which hears an
    administrative review of the bureau's decisions (see `appeal`)."""
    county = _at(area, AreaLevel.COUNTY)
    if county is None:
        return "本级人民政府"
    if "开发区" in county.name:  # a development zone is run by its management committee
        return f"{county.name}管理委员会"
    return f"{_county_prefix(area)}人民政府"
