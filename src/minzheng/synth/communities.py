"""The synthetic village/community layer (村/社区, 12-digit codes) under the real townships.

The official list of Xuzhou's ~2,600 villages and communities is not shipped
(core/data/README.md), so the demo invents one: plausible names, codes that
follow the statistical numbering (001–199 residents' committees, 200–399
villagers' committees), every row flagged synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from minzheng.analytics.schema import AREAS
from minzheng.core import divisions
from minzheng.core.divisions import Township
from minzheng.synth import geography
from minzheng.synth.names import SURNAME_P, SURNAMES

TARGET_COMMUNITIES = 2_600  # about 14 per township, as in the real city
SOURCE_LABEL = "合成数据（演示用，非官方代码）"

# Streets in the three central districts are almost all residents' communities;
# streets elsewhere were towns until recently and keep many villages (涉农街道).
CENTRAL_DISTRICTS = frozenset({"320302", "320303", "320311"})

_COMMUNITY_WORDS = (
    "和平", "幸福", "建设", "民主", "新华", "光明", "友谊", "团结", "振兴", "解放",
    "胜利", "东方", "金山", "云龙", "泰山", "彭城", "汉城", "翠屏", "湖滨", "锦绣",
    "花园", "阳光", "南湖", "北湖", "桃园", "梅园", "兰亭", "荷花", "淮海", "黄河",
    "文化", "育才", "工农", "矿山", "电厂", "铁路", "机场", "汉风", "戏马台", "户部山",
    "奎河", "云兴", "九里", "拾屯", "丰收", "康宁", "永安", "朝阳", "复兴", "青年",
    "人民", "中山", "新城",
)  # fmt: skip
_COMPOUND_FIRST = "东西南北新民永长和安康福华金玉翠青绿锦丰泰兴盛嘉瑞"
_COMPOUND_SECOND = "苑园城湖山坊街里庭居桥河林华阳平安乐宁和"
_VILLAGE_PREFIXES = "东西南北前后大小新老"
_VILLAGE_SUFFIXES = (
    ("庄", 30), ("楼", 12), ("集", 8), ("营", 6), ("圩", 6), ("屯", 4), ("湖", 4),
    ("河", 4), ("洼", 4), ("寨", 4), ("店", 4), ("桥", 3), ("湾", 3), ("口", 3),
    ("台", 2), ("场", 2), ("园", 2), ("林", 2), ("沟", 2), ("山", 1),
)  # fmt: skip
_SUFFIX_P = np.array([w for _, w in _VILLAGE_SUFFIXES], dtype=np.float64)
_SUFFIX_P /= _SUFFIX_P.sum()
_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    township: Township
    weight: float  # share of the city's residents

    @property
    def is_village(self) -> bool:
        return int(self.code[9:]) >= 200

    @property
    def urban_rural(self) -> str:
        return self.township.urban_rural

    @property
    def county_code(self) -> str:
        return self.township.county_code


def _community_name(rng: np.random.Generator) -> str:
    if rng.random() < 0.5:
        return str(rng.choice(_COMMUNITY_WORDS)) + "社区"
    first = _COMPOUND_FIRST[rng.integers(len(_COMPOUND_FIRST))]
    return first + _COMPOUND_SECOND[rng.integers(len(_COMPOUND_SECOND))] + "社区"


def _village_name(rng: np.random.Generator) -> str:
    surname = SURNAMES[rng.choice(len(SURNAMES), p=SURNAME_P)]
    suffix = _VILLAGE_SUFFIXES[rng.choice(len(_VILLAGE_SUFFIXES), p=_SUFFIX_P)][0]
    prefix = _VILLAGE_PREFIXES[rng.integers(len(_VILLAGE_PREFIXES))] if rng.random() < 0.25 else ""
    return f"{prefix}{surname}{suffix}村"


def _unique(rng: np.random.Generator, village: bool, taken: set[str]) -> str:
    """A name not yet used in the township; after a few clashes a numbered one (王庄二村)."""
    name = ""
    for _ in range(20):
        name = _village_name(rng) if village else _community_name(rng)
        if name not in taken:
            taken.add(name)
            return name
    kind = "村" if village else "社区"
    stem = name.removesuffix(kind)
    for ordinal in _ORDINALS[1:]:
        numbered = f"{stem}{ordinal}{kind}"
        if numbered not in taken:
            taken.add(numbered)
            return numbered
    raise RuntimeError(f"无法为合成村（社区）生成不重复的名称：{stem}")


def _split(township: Township, count: int, rng: np.random.Generator) -> tuple[int, int]:
    """(residents' committees, villages) of one township."""
    if township.is_street:
        village_share = 0.1 if township.county_code in CENTRAL_DISTRICTS else 0.4
        villages = int(rng.binomial(count, village_share))
        return count - villages, villages
    communities = 1 + int(count >= 12) + int(count >= 25)
    return communities, count - communities


def _township_communities(
    township: Township, count: int, weight: float, rng: np.random.Generator
) -> list[Community]:
    residents, villages = _split(township, count, rng)
    numbers = [*range(1, residents + 1), *range(200, 200 + villages)]
    shares = rng.lognormal(0.0, 0.4, size=len(numbers))
    shares = weight * shares / shares.sum()
    taken: set[str] = set()
    return [
        Community(
            f"{township.code}{number:03d}",
            _unique(rng, number >= 200, taken),
            township,
            float(share),
        )
        for number, share in zip(numbers, shares, strict=True)
    ]


def build_communities(seed: int) -> tuple[Community, ...]:
    """All synthetic communities, ordered by code; the same seed gives the same layer."""
    rng = np.random.default_rng([seed, 0xC0])
    units = divisions.townships()
    weights = geography.township_weights(units)
    jitter = rng.lognormal(0.0, 0.25, size=len(units))
    counts = np.clip(np.rint(TARGET_COMMUNITIES * weights * jitter), 2, 199).astype(int)
    result: list[Community] = []
    for township, count, weight in zip(units, counts, weights, strict=True):
        result.extend(_township_communities(township, int(count), float(weight), rng))
    return tuple(sorted(result, key=lambda c: c.code))


def areas_table(communities: tuple[Community, ...]) -> pa.Table:
    """City, counties, townships (real) and communities (synthetic), per schema AREAS."""
    rows: list[tuple[str, str, str, str | None, str, bool]] = [
        (
            divisions.CITY_CODE,
            divisions.CITY_NAME,
            "city",
            divisions.PROVINCE_CODE,
            "urban",
            False,
        ),
    ]
    rows += [
        (c.code, c.name, "county", divisions.CITY_CODE, c.urban_rural, False)
        for c in divisions.counties()
    ]
    rows += [
        (t.code, t.name, "township", t.county_code, t.urban_rural, False)
        for t in divisions.townships()
    ]
    rows += [
        (c.code, c.name, "community", c.township.code, c.urban_rural, True) for c in communities
    ]
    columns = list(zip(*rows, strict=True))
    return pa.Table.from_arrays(
        [pa.array(col, type=field.type) for col, field in zip(columns, AREAS, strict=True)],
        schema=AREAS,
    )
