"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
31-character set (digits and capitals without I, O, Z, S, V). Position 1 is the
registration authority (5 = civil affairs), position 2 the kind of body (for civil
affairs: 1 social association, 2 social service organisation, 3 foundation, 9 other),
3–8 the division code, 9–17 the organisation code, 18 the check character:
C18 = 31 − (Σ cᵢ·wᵢ mod 31) with wᵢ = 3^(i−1) mod 31, and 31 written as 0.

Pure Python (no Django), so the importer, the forms and the tests share it."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 …
CIVIL_AFFAIRS = "5"
# The second character of a code the civil-affairs authority issued, by organisation type.
TYPE_CHARACTER = {"association": "1", "service": "2", "foundation": "3"}


def normalize(code: str) -> str:
    return code.strip().upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in CHARSET)."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def code_problem(code: str) -> str | None:
    """None for a valid code, else why not (Chinese, for the field's error)."""
    code = normalize(code)
    if len(code) != 18:
        return f"统一社会信用代码应为18位，现为{len(code)}位"
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用I、O、Z、S、V）"
    if check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验码错误"
    return None


def type_problem(code: str, org_type: str) -> str | None:
    """A valid code of a social organisation is issued by civil affairs (5) with the
    type's character in position 2."""
    code = normalize(code)
    if code[:1] != CIVIL_AFFAIRS:
        return "社会组织的统一社会信用代码应以5开头（登记管理机关为民政部门）"
    expected = TYPE_CHARACTER.get(org_type)
    if expected and code[1:2] != expected:
        return f"统一社会信用代码第2位应为{expected}，与组织类型不符"
    return None
