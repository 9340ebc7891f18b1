"""Dates as Chinese official documents write them.

GB/T 9704-2012 (党政机关公文格式) writes the date of a document in Arabic numerals,
``2026年3月5日``; older notices and some seals use Chinese numerals with 〇 for
zero, ``二〇二六年三月五日``, which `chinese_date(..., numerals=True)` gives.
"""

from __future__ import annotations

import datetime as dt

_DIGITS = "〇一二三四五六七八九"


def _small_number(n: int) -> str:
    """1–31 in Chinese numerals: 十, 十一, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date, *, numerals: bool = False) -> str:
    if not numerals:
        return f"{day.year}年{day.month}月{day.day}日"
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"
