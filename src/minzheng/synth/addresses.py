"""Household numbers and street addresses.

Urban households live in flats (路 + 号 + 栋 + 单元 + 室), rural ones in a
villagers' group (组 + 号), as addresses are written in the household register.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from minzheng.core import divisions
from minzheng.synth.communities import Community

ROADS = (
    "解放路", "淮海路", "中山路", "建国路", "彭城路", "复兴路", "民主路", "和平路",
    "青年路", "人民路", "大同街", "西安路", "长安路", "湖滨路", "黄河路", "矿山路",
    "煤建路", "三环路", "二环路", "泰山路", "汉源大道", "金山东路", "云龙湖路", "郭庄路",
    "平山路", "庆丰路", "奎河路", "永安路", "丰收路", "工农路", "铜山路", "昆仑大道",
    "嵩山路", "珠江路", "杨山路", "北京路", "上海路", "南京路", "天成路", "苏堤路",
)  # fmt: skip


def community_prefixes(communities: tuple[Community, ...]) -> NDArray[np.str_]:
    """The address prefix (city, county, township, community) of each community."""
    county_names = {c.code: c.name for c in divisions.counties()}
    return np.array(
        [
            f"{divisions.CITY_NAME}{county_names[c.county_code]}{c.township.name}{c.name}"
            for c in communities
        ]
    )


def _numbers(values: NDArray[np.int64]) -> NDArray[np.str_]:
    return values.astype(np.str_)


def addresses(
    rng: np.random.Generator,
    prefixes: NDArray[np.str_],
    village: NDArray[np.bool_],
    community: NDArray[np.int64],
) -> NDArray[np.str_]:
    """An address per household of the given communities (indices into `prefixes`)."""
    n = community.size
    road = np.array(ROADS)[(community * 7 + rng.integers(0, 3, n)) % len(ROADS)]
    flat = np.strings.add(road, _numbers(rng.integers(1, 300, n)))
    flat = np.strings.add(np.strings.add(flat, "号"), _numbers(rng.integers(1, 40, n)))
    flat = np.strings.add(np.strings.add(flat, "栋"), _numbers(rng.integers(1, 5, n)))
    room = rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n)
    flat = np.strings.add(np.strings.add(flat, "单元"), _numbers(room))
    flat = np.strings.add(flat, "室")
    group = np.strings.add(_numbers(rng.integers(1, 13, n)), "组")
    farm = np.strings.add(np.strings.add(group, _numbers(rng.integers(1, 120, n))), "号")
    return np.strings.add(prefixes[community], np.where(village, farm, flat))


def household_numbers(codes: NDArray[np.str_], serial: NDArray[np.int64]) -> NDArray[np.str_]:
    """Community code + six-digit serial, unique city-wide (e.g. 320302001001000042)."""
    return np.strings.add(codes, np.strings.zfill(_numbers(serial), 6))
