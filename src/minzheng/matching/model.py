"""The Fellegi–Sunter model of "same person", in Splink on DuckDB (D0.1, D5.3).

Each comparison is a list of levels, most specific first, written as SQL over the
feature columns of two records (`l.` and `r.`, see `features.py`). The m and u
probabilities of every level are learnt from the data itself: u from random pairs
(two random records are almost never the same person), m by expectation–maximisation
on the pairs that the training blocking rules bring together. A trained model is a
JSON file (Splink's format) saved under a version with its date (`params.py`).

Levels for Chinese records:
- ID number: exact (after 15→18 and x→X) / one substitution or adjacent
  transposition in the 17 digits (Damerau–Levenshtein 1, whether the check character
  was then recomputed — so still valid — or not) / different / missing;
- name: exact simplified / homophone (same pinyin) or the given-name characters
  swapped / same surname and a close given name in pinyin / different / missing;
- birth date (typed, or read from the ID number): exact / one character apart /
  different; sex: same / different — neither counted when both records read them
  from their ID numbers (the ID comparison has counted them);
- address: same community, road and number / same community / same township /
  same county / different / missing;
- phone: exact / one digit apart / different / missing.
"""

from __future__ import annotations

import re
from typing import Any

_SIDE = re.compile(r"\b([lr])\.(\w+)")


def _sides(sql: str) -> str:
    """Splink writes a comparison's columns as name_l / name_r (blocking rules keep l.)."""
    return _SIDE.sub(r"\2_\1", sql)


def _null(column: str) -> dict[str, Any]:
    return {
        "sql_condition": _sides(f"l.{column} IS NULL OR r.{column} IS NULL"),
        "label_for_charts": "缺失",
        "is_null_level": True,
    }


def _from_ids(column: str) -> dict[str, Any]:
    """Missing, or read from both ID numbers: then the ID comparison has already
    counted it, and counting it again would count one piece of evidence twice
    (Fellegi–Sunter assumes the fields independent given the match status)."""
    return {
        "sql_condition": _sides(
            f"l.{column} IS NULL OR r.{column} IS NULL OR (l.id18 IS NOT NULL AND "
            "r.id18 IS NOT NULL AND NOT l.typed AND NOT r.typed)"
        ),
        "label_for_charts": "缺失或已含于身份证号码",
        "is_null_level": True,
    }


def _level(sql: str, label: str, m: float, u: float) -> dict[str, Any]:
    return {
        "sql_condition": _sides(sql),
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
    }


def _else(m: float, u: float) -> dict[str, Any]:
    return {
        "sql_condition": "ELSE",
        "label_for_charts": "不同",
        "m_probability": m,
        "u_probability": u,
    }


# Starting values for EM (a prior guess; training replaces them).
COMPARISONS: list[dict[str, Any]] = [
    {
        "output_column_name": "id",
        "comparison_description": "公民身份号码",
        "comparison_levels": [
            _null("id18"),
            _level("l.id18 = r.id18", "相同", 0.85, 1e-7),
            # on the 17 digits before the check character: a mistyped digit whose
            # check character was recomputed (so still valid) differs there in one place
            _level(
                "damerau_levenshtein(substr(l.id18, 1, 17), substr(r.id18, 1, 17)) <= 1",
                "差一位或两位互换",
                0.1,
                1e-5,
            ),
            _else(0.05, 1.0),
        ],
    },
    {
        "output_column_name": "name",
        "comparison_description": "姓名",
        "comparison_levels": [
            _null("name_s"),
            _level("l.name_s = r.name_s", "相同", 0.8, 1e-4),
            _level(
                "l.name_py = r.name_py OR (l.surname = r.surname AND l.given_sorted = "
                "r.given_sorted)",
                "同音或名字颠倒",
                0.12,
                1e-4,
            ),
            _level(
                "l.surname_py = r.surname_py AND jaro_winkler_similarity(l.given_py, r.given_py)"
                " >= 0.85",
                "同姓、名相近",
                0.04,
                1e-3,
            ),
            _else(0.04, 1.0),
        ],
    },
    {
        "output_column_name": "birth",
        "comparison_description": "出生日期",
        "comparison_levels": [
            _from_ids("birth"),
            _level("l.birth = r.birth", "相同", 0.95, 1e-4),
            _level("damerau_levenshtein(l.birth, r.birth) <= 1", "差一位", 0.03, 1e-2),
            _else(0.02, 1.0),
        ],
    },
    {
        "output_column_name": "sex",
        "comparison_description": "性别",
        "comparison_levels": [
            _from_ids("sex"),
            _level("l.sex = r.sex", "相同", 0.98, 0.5),
            _else(0.02, 0.5),
        ],
    },
    {
        "output_column_name": "address",
        "comparison_description": "地址",
        "comparison_levels": [
            _null("township"),
            _level(
                "l.township = r.township AND l.community = r.community AND l.road = r.road"
                " AND l.house = r.house",
                "同一门牌",
                0.6,
                1e-5,
            ),
            _level(
                "l.township = r.township AND l.community = r.community",
                "同一村（社区）",
                0.2,
                1e-3,
            ),
            _level("l.township = r.township", "同一乡镇（街道）", 0.1, 1e-2),
            _level("l.county = r.county", "同一区县", 0.05, 0.1),
            _else(0.05, 0.9),
        ],
    },
    {
        "output_column_name": "phone",
        "comparison_description": "联系电话",
        "comparison_levels": [
            _null("phone"),
            _level("l.phone = r.phone", "相同", 0.8, 1e-5),
            _level("damerau_levenshtein(l.phone, r.phone) <= 1", "差一位", 0.05, 1e-4),
            _else(0.15, 1.0),
        ],
    },
]

# Which pairs are compared at all: a pair found by any rule is scored once.
BLOCKING_RULES: list[str] = [
    "l.id18 = r.id18",
    # place + birth date (+ sex): a mistyped sequence or check character
    "l.id_head = r.id_head AND l.sex = r.sex",
    # birth date + sequence + check: a mistyped place code
    "l.id_tail = r.id_tail",
    # a mistyped birth-date digit, or no ID at all: the name as heard, the sex, the
    # county of the address and the decade of birth
    "l.surname_py = r.surname_py AND l.given_py_sorted = r.given_py_sorted AND l.sex = r.sex"
    " AND l.county = r.county AND substr(l.birth, 1, 3) = substr(r.birth, 1, 3)",
    "l.name_s = r.name_s AND l.birth = r.birth",
    # no ID number: the same phone, or the same surname at the same door
    "l.phone = r.phone",
    "l.surname = r.surname AND l.township = r.township AND l.community = r.community"
    " AND l.house = r.house",
]

# EM runs once per rule; each rule's own columns are not learnt in its round.
TRAINING_RULES: list[str] = [
    "l.id18 = r.id18",
    "l.name_py = r.name_py AND l.birth = r.birth",
    "l.id_head = r.id_head",
]


def settings() -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-6,
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "comparisons": [dict(c) for c in COMPARISONS],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 25,
    }
