"""What a record's fields mean once the ways of writing them are taken away (D0.1).

Pure functions, no Django, no network: ID numbers (an old 15-digit number, a
lower-case x, full-width digits), names (traditional or variant characters →
simplified, pinyin without tones for homophones, surname and given name), addresses
(county / township / community / road / number) and phone numbers. The matcher
(`features.py`) applies them to whole columns, once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from minzheng.core import divisions, idnumber

# Two-character surnames (复姓) a name may begin with; otherwise the surname is the
# first character. The list is the common ones; a rare one is split as a one-character
# surname, which costs the surname comparison nothing when both records split alike.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "闾丘",
        "端木",
        "西门",
        "南宫",
        "独孤",
        "万俟",
        "赫连",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "太叔",
        "申屠",
        "呼延",
    ]
)

_SEPARATORS = re.compile(r"[\s·•．.、,，]+")


@dataclass(frozen=True)
class IdFacts:
    """An ID number as written, read: the 18-character form (a 15-digit number
    converted), whether its check character is right, and what it says."""

    id18: str | None
    valid: bool
    was15: bool
    birth: str | None  # YYYY-MM-DD
    sex: str | None  # M / F


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def upgrade15(number15: str) -> str:
    """The 18-character form of an old 15-digit number (GB 11643-1999 appendix):
    the year gets its century 19, and the check character is computed (D0.1)."""
    first17 = f"{number15[:6]}19{number15[6:15]}"
    return first17 + idnumber.check_character(first17)


@lru_cache(maxsize=1 << 16)
def read_id(raw: str | None) -> IdFacts:
    """Read an ID number as typed: 18 characters (x or X), or an old 15-digit one."""
    if not raw:
        return IdFacts(None, False, False, None, None)
    number = _ascii(raw).strip().replace(" ", "").upper()
    was15 = len(number) == 15 and number.isdigit()
    if was15:
        number = upgrade15(number)
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return IdFacts(None, False, False, None, None)
    valid = idnumber.check_character(number[:17]) == number[17]
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        birth: str | None = born.isoformat()
    except ValueError:
        birth = None
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdFacts(number, valid, was15, birth, sex)


@cache
def _t2s() -> Any:
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


# Variant characters (异体字) that the traditional→simplified table leaves alone but
# registers still hold; each maps to the standard form (通用规范汉字表).
VARIANTS = str.maketrans(
    {
        "峯": "峰",
        "綫": "线",
        "喆": "哲",
        "堃": "坤",
        "淼": "渺",
        "昇": "升",
        "犇": "奔",
        "䶮": "龑",
    }
)


@cache
def _simplified_char(char: str) -> str:
    return str(_t2s().convert(char)).translate(VARIANTS)


@lru_cache(maxsize=1 << 18)
def simplify(name: str) -> str:
    """A name in simplified standard characters, without spaces or separating dots.
    Character by character (a name has no phrases to convert), each character once."""
    text = _SEPARATORS.sub("", _ascii(name or ""))
    return "".join(map(_simplified_char, text))


@cache
def _pinyin_of(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    # Names are read with the surname reading where it differs (单 shan, 曾 zeng…):
    # the same function for both records, so a homophone is a homophone either way.
    return "".join(lazy_pinyin(char, style=Style.NORMAL, errors="default"))


def pinyin(text: str) -> str:
    """Toneless pinyin, one syllable per character, joined by spaces (张伟 → zhang wei)."""
    return " ".join(_pinyin_of(c) for c in text)


def split_name(name: str) -> tuple[str, str]:
    """Surname and given name of a simplified name (复姓 recognised)."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


# --- addresses -----------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    county: str | None  # 6-digit code, when the address or its township tells it
    township: str | None  # name (the same name may be a township in two counties)
    community: str | None  # name, e.g. 和平社区 / 王庄村
    road: str | None  # e.g. 解放路, or the villagers' group 3组
    number: str | None  # e.g. 12号3栋2单元301室, or 45号


@cache
def _places() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]], re.Pattern[str]]:
    counties = {c.name: c.code for c in divisions.counties()}
    # Short forms written on forms and in feeds: 铜山区 → 铜山, 邳州市 → 邳州.
    for c in divisions.counties():
        short = re.sub(r"(区|县|市)$", "", c.name)
        if len(short) >= 2:
            counties.setdefault(short, c.code)
    towns: dict[str, list[tuple[str, str]]] = {}
    for t in divisions.townships():
        towns.setdefault(t.name, []).append((t.code, t.county_code))
    names = sorted(counties, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names)))
    return counties, towns, pattern


_TOWN = re.compile(r"^(.{1,8}?(?:街道|镇|乡|办事处|农场|开发区|管委会))")
_COMMUNITY = re.compile(r"^(.{1,8}?(?:社区|村|居委会))")
_ROAD = re.compile(r"^(\d+组|[一二三四五六七八九十]+组|.{1,10}?(?:大道|路|街|巷|\d+组))")
_FLAT_DASHES = re.compile(r"(\d+)号(\d+)-(\d+)-(\d+)$")


def _number(rest: str) -> str | None:
    rest = rest.strip()
    if not rest:
        return None
    rest = _FLAT_DASHES.sub(r"\1号\2栋\3单元\4室", rest)
    rest = rest.replace("幢", "栋").replace("号楼", "栋")
    return rest


@lru_cache(maxsize=1 << 18)
def parse_address(raw: str | None) -> Address:
    """County, township, community, road and number of an address written in any of
    the usual ways: in full (徐州市鼓楼区黄楼街道和平社区解放路12号3栋2单元301室),
    without city and county (黄楼街道和平社区…), or with a short county name and a
    flat written 12号3-2-301."""
    if not raw:
        return Address(None, None, None, None, None)
    text = simplify(raw).replace("徐州市", "", 1)
    counties, towns, pattern = _places()
    county: str | None = None
    found = pattern.match(text)
    if found:
        county = counties[found.group(0)]
        text = text[found.end() :]
    township: str | None = None
    if m := _TOWN.match(text):
        township = m.group(1)
        text = text[m.end() :]
        counties_of_town = {c[1] for c in towns.get(township, [])}
        if county is None and len(counties_of_town) == 1:
            county = counties_of_town.pop()
    community = None
    if m := _COMMUNITY.match(text):
        community = m.group(1).replace("居委会", "社区")
        text = text[m.end() :]
    road = None
    if m := _ROAD.match(text):
        road = m.group(1)
        text = text[m.end() :]
    return Address(county, township, community, road, _number(text))


def phone(raw: str | None) -> str | None:
    """Eleven digits of a mobile number (+86, spaces and dashes dropped), else None."""
    if not raw:
        return None
    digits = re.sub(r"\D", "", _ascii(raw))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if len(digits) == 11 else None
