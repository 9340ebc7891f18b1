"""Chinese personal names: surnames by frequency, given names by sex and generation.

Names are drawn from index arrays and joined with numpy string ufuncs, so a
million names cost a fraction of a second. The tables are approximations for
realism, not statistics to quote: see docs/synthetic-city.md.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# The 100 commonest surnames in their national order (Ministry of Public
# Security name report, 2020) with approximate shares of the population in %
# (rounded published figures for the top ranks, smoothed below rank 20).
SURNAME_SHARES: tuple[tuple[str, float], ...] = (
    ("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.10), ("陈", 4.61),
    ("杨", 3.22), ("黄", 2.45), ("赵", 2.19), ("吴", 2.08), ("周", 1.92),
    ("徐", 1.52), ("孙", 1.47), ("马", 1.35), ("朱", 1.31), ("胡", 1.18),
    ("郭", 1.14), ("何", 1.06), ("林", 1.00), ("高", 0.99), ("罗", 0.97),
    ("郑", 0.92), ("梁", 0.88), ("谢", 0.83), ("宋", 0.80), ("唐", 0.78),
    ("许", 0.76), ("邓", 0.73), ("韩", 0.70), ("冯", 0.68), ("曹", 0.66),
    ("彭", 0.64), ("曾", 0.62), ("肖", 0.60), ("田", 0.58), ("董", 0.56),
    ("潘", 0.54), ("袁", 0.53), ("蔡", 0.51), ("蒋", 0.50), ("余", 0.48),
    ("于", 0.47), ("杜", 0.46), ("叶", 0.45), ("程", 0.44), ("魏", 0.43),
    ("苏", 0.42), ("吕", 0.41), ("丁", 0.40), ("任", 0.39), ("卢", 0.38),
    ("姚", 0.37), ("沈", 0.36), ("钟", 0.35), ("姜", 0.34), ("崔", 0.33),
    ("谭", 0.32), ("陆", 0.31), ("范", 0.30), ("汪", 0.29), ("廖", 0.28),
    ("石", 0.28), ("金", 0.27), ("韦", 0.27), ("贾", 0.26), ("夏", 0.26),
    ("付", 0.25), ("方", 0.25), ("邹", 0.24), ("熊", 0.24), ("白", 0.23),
    ("孟", 0.23), ("秦", 0.22), ("邱", 0.22), ("侯", 0.21), ("江", 0.21),
    ("尹", 0.20), ("薛", 0.20), ("闫", 0.19), ("段", 0.19), ("雷", 0.18),
    ("龙", 0.18), ("黎", 0.17), ("史", 0.17), ("陶", 0.17), ("贺", 0.16),
    ("毛", 0.16), ("郝", 0.16), ("顾", 0.15), ("龚", 0.15), ("邵", 0.15),
    ("万", 0.14), ("覃", 0.14), ("武", 0.14), ("钱", 0.13), ("戴", 0.13),
    ("严", 0.13), ("莫", 0.12), ("孔", 0.12), ("向", 0.12), ("常", 0.12),
)  # fmt: skip

# A tail of rarer surnames (common in northern Jiangsu) sharing a few per cent,
# so that not every resident carries a top-100 name.
RARE_SURNAMES = "葛倪牛蔺褚单司祁聂季柏卞耿桑纪翟宗屈甘焦左管梅仝满岳鲁房庞樊景魏祝申"
RARE_SHARE_EACH = 0.08

SURNAMES: tuple[str, ...] = tuple(s for s, _ in SURNAME_SHARES) + tuple(
    dict.fromkeys(c for c in RARE_SURNAMES if c not in {s for s, _ in SURNAME_SHARES})
)
_SURNAME_WEIGHTS = np.array(
    [w for _, w in SURNAME_SHARES] + [RARE_SHARE_EACH] * (len(SURNAMES) - len(SURNAME_SHARES))
)
SURNAME_P = _SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum()

# Given-name characters by sex and generation: names of people born before the
# reform era lean on 建国/秀英-style characters, younger ones on 子轩/欣怡-style.
MALE_OLDER = "建国明军华伟强勇平志文永德春林海庆金成忠民福荣宝山兴洪仁祥喜光东立新广胜利学"
MALE_YOUNGER = "浩宇子轩博俊杰泽睿晨然涛鹏磊凯辰宸逸皓一航鑫天昊梓铭硕嘉豪宏远亮斌超鸿"
FEMALE_OLDER = "秀英兰芳珍桂玉凤梅霞红华琴云丽淑翠荣菊莲娟萍敏静燕艳春香素美彩爱"
FEMALE_YOUNGER = "欣怡梓涵雨萱诗琪可馨佳思婷悦若一语彤晨颖雪蕾洁璐瑶妍慧雯婧琳倩"

_POOLS = (MALE_OLDER, MALE_YOUNGER, FEMALE_OLDER, FEMALE_YOUNGER)
_POOL_CHARS = np.array(list("".join(_POOLS)), dtype="U1")
_POOL_LENGTHS = np.array([len(p) for p in _POOLS])
_POOL_OFFSETS = np.concatenate([[0], np.cumsum(_POOL_LENGTHS)[:-1]])
_SURNAME_ARRAY = np.array(SURNAMES, dtype="U1")

SINGLE_CHARACTER_SHARE = 0.15


def draw_surnames(rng: np.random.Generator, n: int) -> NDArray[np.int16]:
    """Indices into SURNAMES, by national frequency."""
    return rng.choice(len(SURNAMES), size=n, p=SURNAME_P).astype(np.int16)


def _given_characters(
    rng: np.random.Generator, male: NDArray[np.bool_], birth_year: NDArray[np.int64]
) -> NDArray[np.str_]:
    """One given-name character per person, from the pool of their sex and generation."""
    n = male.size
    younger_share = np.clip((birth_year - 1975) / 35.0, 0.0, 1.0)
    younger = rng.random(n) < younger_share
    pool = np.where(male, 0, 2) + younger.astype(np.int64)
    index = _POOL_OFFSETS[pool] + (rng.random(n) * _POOL_LENGTHS[pool]).astype(np.int64)
    return _POOL_CHARS[index]


def full_names(
    rng: np.random.Generator,
    surnames: NDArray[np.int16],
    male: NDArray[np.bool_],
    birth_year: NDArray[np.int64],
) -> NDArray[np.str_]:
    """Surname + one or two given-name characters."""
    first = _given_characters(rng, male, birth_year)
    second = _given_characters(rng, male, birth_year)
    single = rng.random(male.size) < SINGLE_CHARACTER_SHARE
    second = np.where(single, "", second)
    return np.strings.add(np.strings.add(_SURNAME_ARRAY[surnames], first), second)
