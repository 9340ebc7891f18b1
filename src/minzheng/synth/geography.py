"""Xuzhou's real county and township layer, read without Django.

The reference CSV files ship inside `minzheng.core` (see core/data/README.md);
this module reads them with importlib.resources so that the generator runs in
a plain Python process, and adds the one thing the files lack: how the city's
population is spread over them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

CITY_CODE = "320300"
CITY_NAME = "徐州市"
PROVINCE_CODE = "320000"

# Resident population by county-level unit in ten-thousands, rounded from the
# 2020 census bulletins of Xuzhou's districts and counties; the development
# zone (320371, a statistical unit) is an assumption. Shares only: the
# generator scales them to the number of residents asked for.
COUNTY_POPULATION_10K: dict[str, int] = {
    "320302": 59,  # 鼓楼区
    "320303": 42,  # 云龙区
    "320305": 47,  # 贾汪区
    "320311": 70,  # 泉山区
    "320312": 120,  # 铜山区
    "320321": 94,  # 丰县
    "320322": 110,  # 沛县
    "320324": 104,  # 睢宁县
    "320371": 38,  # 徐州经济技术开发区
    "320381": 95,  # 新沂市
    "320382": 146,  # 邳州市
}

# Farms, development zones and scenic areas registered as townships hold far
# fewer residents than an ordinary street or town.
SPECIAL_UNIT_WEIGHT = 0.2


@dataclass(frozen=True)
class County:
    code: str
    name: str

    @property
    def urban_rural(self) -> str:
        """Districts (区) count as urban, counties and county-level cities as rural."""
        return "urban" if self.name.endswith("区") else "rural"


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
        return self.name.endswith(("街道", "镇", "乡"))

    @property
    def urban_rural(self) -> str:
        """Same rule as `minzheng.core.places.township_class`: 街道 urban, else rural."""
        return "urban" if self.is_street else "rural"


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("minzheng.core").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def counties() -> tuple[County, ...]:
    return tuple(County(r["code"], r["name"]) for r in _read_csv("xuzhou_counties.csv"))


@cache
def townships() -> tuple[Township, ...]:
    rows = _read_csv("xuzhou_townships.csv")
    return tuple(Township(r["code"], r["name"], r["county_code"]) for r in rows)


def township_weights(units: tuple[Township, ...]) -> NDArray[np.float64]:
    """Each township's share of the city's residents.

    A county's population is split evenly over its streets and towns, with
    special units (farms, zones) at a fifth of that.
    """
    raw = np.array([1.0 if t.is_ordinary else SPECIAL_UNIT_WEIGHT for t in units])
    weights = np.zeros(len(units))
    for code, population in COUNTY_POPULATION_10K.items():
        mine = np.array([t.county_code == code for t in units])
        if mine.any():
            weights[mine] = population * raw[mine] / raw[mine].sum()
    return weights / weights.sum()
