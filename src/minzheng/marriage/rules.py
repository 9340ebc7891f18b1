"""Who may marry: the eligibility check of D9.1–D9.2, pure Python (no Django).

The registry's desk, the registration workflow's guard and the public API ask the
same function. It takes facts, not records: both parties' sex and birth date (or an
ID number they are derived from, D0.1), the registration date, whether either party
has a marriage in force, and the kinship between them where the registry knows it.
It answers allowed or refused with every reason, each citing its rule, so that a
refusal names all that is wrong at once and not only the first thing found.

Rules (docs/marriage.md):
- D9.1 since 2025-05-10 (a setting) a marriage may be registered at any registry in
  the country; before it, only at a registry of one party's household registration;
- D9.1/D9.2 a man and a woman (民法典 1046, 1049), each of legal age on the day of
  registration: 22 for men, 20 for women (民法典 1047; settings);
- D9.1 neither already married (民法典 1042);
- D9.1 no prohibited kinship: direct line, or collateral within three generations
  (民法典 1048). Unknown kinship is no refusal: the signed declaration covers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from minzheng.core import idnumber


class Kinship(StrEnum):
    NONE = "none"  # not related (as declared, or as far as the registry knows)
    DIRECT = "direct"  # 直系血亲
    COLLATERAL = "collateral"  # 三代以内旁系血亲
    UNKNOWN = "unknown"  # the registry does not know the relation

    @property
    def label(self) -> str:
        return KINSHIP_LABELS[self.value]


KINSHIP_LABELS = {
    "none": "无亲属关系",
    "direct": "直系血亲",
    "collateral": "三代以内旁系血亲",
    "unknown": "不详",
}
PROHIBITED = frozenset({Kinship.DIRECT, Kinship.COLLATERAL})


@dataclass(frozen=True)
class Party:
    sex: str  # "M" or "F" (core.codes' gender codes)
    birth_date: dt.date
    married: bool = False  # a marriage in force (the platform's records, or declared)
    hukou_division: str = ""  # 6-digit county code of the household registration


@dataclass(frozen=True)
class Policy:
    """The values in force on the registration date (settings, docs/marriage.md)."""

    legal_age_men: int
    legal_age_women: int
    nationwide_since: dt.date


@dataclass(frozen=True)
class Reason:
    rule: str  # the rulebook's number, e.g. "D9.2" (API and code; not shown on pages)
    field: str  # the input it is about: "party_a", "party_b", "kinship", "registration_date"
    message: str  # Chinese, shown to the registrar and the couple
    law: str  # the legal text the couple is told, e.g. 民法典第一千零四十七条

    def __str__(self) -> str:
        return f"{self.message}（{self.law}）"


CIVIL_CODE = "民法典第一千零{}条"
LAWS = {  # typed from the rulebook's sources (D9.1, D9.2)
    "age": CIVIL_CODE.format("四十七"),
    "bigamy": CIVIL_CODE.format("四十二"),
    "kinship": CIVIL_CODE.format("四十八"),
    "sexes": CIVIL_CODE.format("四十九"),
    "place": "婚姻登记条例",
}


@dataclass(frozen=True)
class Outcome:
    allowed: bool
    reasons: tuple[Reason, ...]  # empty when allowed

    def text(self) -> str:
        return "；".join(str(r) for r in self.reasons)


def party_from_id_number(number: str, *, today: dt.date, married: bool = False) -> Party:
    """Sex and birth date read from a valid ID number (D0.1); raises InvalidIdNumber."""
    facts = idnumber.parse(number, today=today)
    return Party(facts.gender, facts.birth_date, married, facts.division_code)


def reached_age(birth: dt.date, on: dt.date, years: int) -> bool:
    """Whether someone born on `birth` is `years` old on `on` (full years; a person born
    on 29 February comes of age on 1 March of a common year)."""
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:
        birthday = dt.date(birth.year + years, 3, 1)
    return on >= birthday


WHO = {"party_a": "甲方", "party_b": "乙方"}


def _age_reasons(field: str, party: Party, on: dt.date, policy: Policy) -> list[Reason]:
    age = policy.legal_age_men if party.sex == "M" else policy.legal_age_women
    if reached_age(party.birth_date, on, age):
        return []
    who = "男方" if party.sex == "M" else "女方"
    message = f"{WHO[field]}（{who}）于登记日未满{age}周岁法定婚龄"
    return [
        Reason("D9.2", field, f"{message}（出生于{party.birth_date.isoformat()}）", LAWS["age"])
    ]


def _place_reasons(a: Party, b: Party, on: dt.date, registry: str, policy: Policy) -> list[Reason]:
    if on >= policy.nationwide_since:
        return []  # 全国通办 (D9.1)
    if registry[:6] and registry[:6] in {a.hukou_division[:6], b.hukou_division[:6]}:
        return []
    return [
        Reason(
            "D9.1",
            "registration_date",
            f"{policy.nationwide_since.isoformat()}之前须在一方户籍所在地的婚姻登记机关办理",
            LAWS["place"],
        )
    ]


def check_marriage(
    a: Party,
    b: Party,
    *,
    on: dt.date,
    policy: Policy,
    kinship: Kinship = Kinship.UNKNOWN,
    registry_division: str = "",
) -> Outcome:
    """Allowed, or refused with every reason (D9.1, D9.2)."""
    reasons = _place_reasons(a, b, on, registry_division, policy)
    if a.sex == b.sex:
        reasons.append(Reason("D9.1", "party_b", "结婚登记须由男女双方共同申请", LAWS["sexes"]))
    reasons += _age_reasons("party_a", a, on, policy) + _age_reasons("party_b", b, on, policy)
    for field, party in (("party_a", a), ("party_b", b)):
        if party.married:
            reasons.append(
                Reason("D9.1", field, f"{WHO[field]}已有配偶，不得重婚", LAWS["bigamy"])
            )
    if kinship in PROHIBITED:
        message = f"双方为{kinship.label}，属于禁止结婚的亲属关系"
        reasons.append(Reason("D9.1", "kinship", message, LAWS["kinship"]))
    return Outcome(not reasons, tuple(reasons))


# Kinship from the relations of two members of one household to its head (core.codes
# Relation), typed by hand: blood relations only — spouses and in-laws are no kin
# by blood, and two parents (or grandparents) of the head may be a couple.
# A child and a grandchild of the head are parent and child, or aunt/uncle and niece/
# nephew: prohibited either way (taken as collateral, the weaker claim).
_DIRECT_PAIRS = {
    frozenset(p)
    for p in [
        ("head", "child"),
        ("head", "grandchild"),
        ("head", "parent"),
        ("head", "grandparent"),
        ("parent", "child"),  # grandparent and grandchild
        ("parent", "grandchild"),
        ("parent", "sibling"),  # the head's sibling is the parent's child
        ("grandparent", "child"),
        ("grandparent", "grandchild"),
        ("grandparent", "sibling"),
    ]
}
_COLLATERAL_PAIRS = {
    frozenset(p)
    for p in [
        ("head", "sibling"),
        ("child", "child"),  # siblings
        ("sibling", "sibling"),
        ("grandchild", "grandchild"),  # siblings or first cousins
        ("child", "sibling"),  # niece/nephew and aunt/uncle
        ("child", "grandchild"),
    ]
}


def kinship_from_relations(relation_a: str, relation_b: str) -> Kinship:
    """Kinship of two members of one household from their relations to its head."""
    pair = frozenset((relation_a, relation_b))
    if pair in _DIRECT_PAIRS:
        return Kinship.DIRECT
    if pair in _COLLATERAL_PAIRS:
        return Kinship.COLLATERAL
    return Kinship.UNKNOWN
