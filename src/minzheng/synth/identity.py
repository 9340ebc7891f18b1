"""Citizen ID numbers and mobile phone numbers, vectorised (rule D0.1).

ID numbers are unique by construction: a city-wide counter per (birthplace
code, birth date, sex) hands out the three-digit sequence, so there is no
collision to detect and retry, and the counter survives from one block of
residents to the next.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from minzheng.core.idnumber import CHECK_CHARS, WEIGHTS
from minzheng.synth.ages import AS_OF_DAY, DAYS_PER_YEAR, MAX_AGE, split_dates
from minzheng.synth.geography import COUNTY_POPULATION_10K

# Birthplace codes an ID number may carry (D0.2). 320304 九里区 and 320323 铜山县
# were abolished in 2010 and appear only for people born before; the development
# zone 320371 is a statistical code that no police station issues, so people
# born there carry 铜山's code.
BIRTH_CODES = (
    "320302", "320303", "320304", "320305", "320311", "320312", "320321",
    "320322", "320323", "320324", "320381", "320382",
)  # fmt: skip
_CODE_INDEX = {code: i for i, code in enumerate(BIRTH_CODES)}
REFORM_YEAR = 2010
JIULI_SHARE = 0.2  # share of pre-2010 births in 鼓楼/泉山 registered under 九里区
BORN_IN_HOME_COUNTY = 0.85  # the rest were born elsewhere in the city

FIRST_DAY = AS_OF_DAY - int((MAX_AGE + 2) * DAYS_PER_YEAR)
_DAYS = AS_OF_DAY - FIRST_DAY + 1
_SLOTS = 499  # sequences 001–997 (men, odd) and 002–998 (women, even)

_CODE_DIGITS = np.array([[int(c) for c in code] for code in BIRTH_CODES], dtype=np.int64)
_WEIGHTS = np.array(WEIGHTS, dtype=np.int64)
_CHECK_BYTES = np.frombuffer(CHECK_CHARS.encode("ascii"), dtype=np.uint8)

PHONE_PREFIXES = np.array(
    [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157,
     158, 159, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
     191, 193, 195, 196, 197, 198, 199],
    dtype=np.int64,
)  # fmt: skip


COUNTY_CODES = tuple(COUNTY_POPULATION_10K)
_COUNTY_P = np.array([COUNTY_POPULATION_10K[c] for c in COUNTY_CODES], dtype=np.float64)
_COUNTY_P /= _COUNTY_P.sum()
# Birthplace code of someone born in each county today; the zone maps to 铜山区.
_CURRENT_CODE = np.array(
    [_CODE_INDEX["320312" if c == "320371" else c] for c in COUNTY_CODES], dtype=np.int64
)


def birthplace_codes(
    rng: np.random.Generator, home_county: NDArray[np.int64], born: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Index into BIRTH_CODES of each person's place of first registration.

    `home_county` indexes COUNTY_CODES (where the person lives now).
    """
    n = home_county.size
    elsewhere = rng.random(n) >= BORN_IN_HOME_COUNTY
    county = np.where(elsewhere, rng.choice(len(COUNTY_CODES), size=n, p=_COUNTY_P), home_county)
    code = _CURRENT_CODE[county]
    before_reform = split_dates(born)[0] < REFORM_YEAR
    code = np.where(before_reform & (code == _CODE_INDEX["320312"]), _CODE_INDEX["320323"], code)
    central = (code == _CODE_INDEX["320302"]) | (code == _CODE_INDEX["320311"])
    jiuli = before_reform & central & (rng.random(n) < JIULI_SHARE)
    return np.where(jiuli, _CODE_INDEX["320304"], code)


class SequenceAllocator:
    """City-wide counters of sequence numbers already used per (code, birth day, sex)."""

    def __init__(self, seed: int) -> None:
        self._used = np.zeros(len(BIRTH_CODES) * _DAYS * 2, dtype=np.int16)
        # The k-th person of a key gets slot order[(k + offset(key)) % 499], so numbers
        # look scattered like real ones rather than 001, 003, 005, ...
        self._order = np.random.default_rng([seed, 0x1D]).permutation(_SLOTS)

    def allocate(
        self, code: NDArray[np.int64], born: NDArray[np.int64], male: NDArray[np.bool_]
    ) -> NDArray[np.int64]:
        """The three-digit sequence (odd for men, even for women) of each new person."""
        if ((born < FIRST_DAY) | (born > AS_OF_DAY)).any():
            raise ValueError("出生日期超出合成数据的范围")
        keys = (code * _DAYS + (born - FIRST_DAY)) * 2 + male.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        first = np.ones(keys.size, dtype=bool)
        first[1:] = sorted_keys[1:] != sorted_keys[:-1]
        group_start = np.maximum.accumulate(np.where(first, np.arange(keys.size), 0))
        taken = self._used[sorted_keys].astype(np.int64) + np.arange(keys.size) - group_start
        if taken.size and int(taken.max()) >= _SLOTS:
            raise OverflowError("同一地区同日出生同性别人数超过身份证顺序码容量")
        np.add.at(self._used, sorted_keys, 1)
        slot = self._order[(taken + sorted_keys * 7919) % _SLOTS]
        sequence = np.empty(keys.size, dtype=np.int64)
        sequence[order] = 2 * slot + np.where(male[order], 1, 2)
        return sequence


def id_numbers(
    code: NDArray[np.int64], born: NDArray[np.int64], sequence: NDArray[np.int64]
) -> NDArray[np.uint8]:
    """18 ASCII bytes per person: code, YYYYMMDD, sequence, check character (D0.1)."""
    year, month, day = split_dates(born)
    body = np.empty((code.size, 17), dtype=np.int64)
    body[:, :6] = _CODE_DIGITS[code]
    body[:, 6:14] = _digits(year * 10_000 + month * 100 + day, 8)
    body[:, 14:17] = _digits(sequence, 3)
    check = _CHECK_BYTES[(body @ _WEIGHTS) % 11]
    out = np.empty((code.size, 18), dtype=np.uint8)
    out[:, :17] = body + ord("0")
    out[:, 17] = check
    return out


def _digits(values: NDArray[np.int64], width: int) -> NDArray[np.int64]:
    """Decimal digits, most significant first (a column at a time: much faster than
    one broadcast division)."""
    out = np.empty((values.size, width), dtype=np.int64)
    rest = values.copy()
    for column in range(width - 1, -1, -1):
        rest, out[:, column] = np.divmod(rest, 10)
    return out


def phone_numbers(
    rng: np.random.Generator, age: NDArray[np.float64]
) -> tuple[NDArray[np.uint8], NDArray[np.bool_]]:
    """11-digit mobile numbers (13x/15x/17x/18x/19x) and who has none (young children,
    some of the very old)."""
    has_phone = np.select([age < 12, age < 16, age < 80], [0.0, 0.4, 0.96], default=0.6)
    missing = rng.random(age.size) >= has_phone
    prefix = PHONE_PREFIXES[rng.integers(0, PHONE_PREFIXES.size, age.size)]
    number = prefix * 10**8 + rng.integers(0, 10**8, age.size)
    return (_digits(number, 11) + ord("0")).astype(np.uint8), missing
