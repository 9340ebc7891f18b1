"""How the synthetic city's residents are spread over Xuzhou's real divisions.

The divisions themselves (codes, names, urban or rural) are core's reference data,
read without Django by `minzheng.core.divisions`; this module adds the one thing the
files lack: the population of each county and the weight of each township.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from minzheng.core.divisions import Township

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
