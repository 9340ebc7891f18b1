"""Xuzhou's real division layer (D0.2), read without Django.

Core owns the reference files (`core/data/`, see its README) and this reader. It
imports nothing but the standard library, so that the synthetic city and any
plain Python process (a Spark job, a benchmark) read the same divisions as the
registry: `core.places` loads them into the database, `minzheng.synth` builds its
invented communities beneath them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

PROVINCE_CODE = "320000"
PROVINCE_NAME = "江苏省"
CITY_CODE = "320300"
CITY_NAME = "徐州市"
URBAN, RURAL = "urban", "rural"


def county_urban_rural(name: str) -> str:
    """Districts (区) count as urban, counties and county-level cities as rural."""
    return URBAN if name.endswith("区") else RURAL


def township_urban_rural(name: str) -> str:
    """Streets (街道) are mostly urban, towns and townships (镇/乡) rural. The official
    class is per community and comes with the official list (`import_divisions`)."""
    return URBAN if name.endswith("街道") else RURAL


@dataclass(frozen=True)
class County:
    code: str
    name: str

    @property
    def urban_rural(self) -> str:
        return county_urban_rural(self.name)


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    county_code: str

    @property
    def is_street(self) -> bool:
        return self.name.endswith("街道")

    @property
    def is_ordinary(self) -> bool:
        """A street, town or township; not a farm, zone or scenic area registered as one."""
        return self.name.endswith(("街道", "镇", "乡"))

    @property
    def urban_rural(self) -> str:
        return township_urban_rural(self.name)


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("minzheng.core").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def counties() -> tuple[County, ...]:
    """The 11 county-level units, in the file's order."""
    return tuple(County(r["code"], r["name"]) for r in _read_csv("xuzhou_counties.csv"))


@cache
def townships() -> tuple[Township, ...]:
    """The 186 townships and streets, in the file's order."""
    rows = _read_csv("xuzhou_townships.csv")
    return tuple(Township(r["code"], r["name"], r["county_code"]) for r in rows)


@cache
def county_shapes() -> dict:
    """Outlines of Xuzhou's ten districts and counties as a GeoJSON FeatureCollection.

    Each feature's properties carry `name`, the GB/T 2260 `code` (matching
    `xuzhou_counties.csv`) and `cp`, a label point. Coordinates are longitude/latitude
    in degrees as published for ECharts' China maps (GCJ-02-like, drawn at about
    1:1,000,000: good for shading a county, not for locating a house). The
    development zone (320371) has no outline of its own: it lies within 铜山区/云龙区.
    Source and licence: core/data/README.md.
    """
    import json

    shapes = resources.files("minzheng.core").joinpath("data/xuzhou_counties.geojson")
    with shapes.open(encoding="utf-8") as fh:
        return json.load(fh)
