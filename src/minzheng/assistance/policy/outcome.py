"""What the engine returns: decisions with reasons that cite their rule.

Every reason carries the rule number (`D1.13`), a stable machine-readable code
(`dibao.income_not_below_standard`) and a Chinese sentence that starts with
the rule number, so the caseworker, the written refusal (D1.8) and an
automated test all read the same explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from minzheng.assistance.policy.money import ZERO
from minzheng.assistance.policy.vocabulary import Benefit, Programme

Figure = Decimal | int | str | bool | None
V = TypeVar("V")


@dataclass(frozen=True)
class Reason:
    """One finding; `against` marks a condition not met, which a refusal must state (D1.8)."""

    rule: str
    code: str
    message: str
    member_id: str | None = None
    against: bool = False


def reason(
    rule: str, code: str, text: str, member_id: str | None = None, *, against: bool = False
) -> Reason:
    """A reason whose message starts with its rule number, as the rulebook is cited."""
    return Reason(
        rule=rule, code=code, message=f"{rule} {text}", member_id=member_id, against=against
    )


@dataclass(frozen=True)
class Decision:
    """One programme's result for the household.

    `amount` is monthly for recurring programmes, once-off for temporary
    assistance and zero for status-only layers (near-dibao, rigid-expenditure
    hardship); `member_amounts` splits it where each member is assessed alone,
    and `member_figures` holds per-member facts such as the care level.
    Decimal figures are money, in yuan.
    """

    programme: Programme
    eligible: bool
    benefit: Benefit
    amount: Decimal = ZERO
    covered_members: tuple[str, ...] = ()
    member_amounts: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    figures: Mapping[str, Figure] = field(default_factory=lambda: MappingProxyType({}))
    member_figures: Mapping[str, Mapping[str, Figure]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    reasons: tuple[Reason, ...] = ()

    def has(self, code: str) -> bool:
        return any(item.code == code for item in self.reasons)

    def rules(self) -> set[str]:
        return {item.rule for item in self.reasons}


def per_person(
    programme: Programme,
    amounts: Mapping[str, Decimal],
    figures: Mapping[str, Figure],
    reasons: list[Reason] | tuple[Reason, ...],
    member_figures: Mapping[str, Mapping[str, Figure]] | None = None,
) -> Decision:
    """A monthly programme paid person by person (单人保, 特困, child support): eligible when
    anyone is covered, the amount the sum of the members' amounts."""
    return Decision(
        programme=programme,
        eligible=bool(amounts),
        benefit=Benefit.MONTHLY,
        amount=sum(amounts.values(), ZERO),
        covered_members=tuple(amounts),
        member_amounts=frozen(amounts),
        figures=frozen(figures),
        member_figures=frozen(member_figures or {}),
        reasons=tuple(reasons),
    )


def household_decision(
    programme: Programme,
    benefit: Benefit,
    eligible: bool,
    amount: Decimal,
    covered: tuple[str, ...],
    figures: Mapping[str, Figure],
    reasons: list[Reason] | tuple[Reason, ...],
) -> Decision:
    """A programme decided for the household as a whole (dibao, temporary assistance,
    the monitoring layers), as opposed to `per_person`."""
    return Decision(
        programme=programme,
        eligible=eligible,
        benefit=benefit,
        amount=amount,
        covered_members=covered,
        figures=frozen(figures),
        reasons=tuple(reasons),
    )


def frozen(mapping: Mapping[str, V]) -> Mapping[str, V]:
    """An immutable copy, so that a frozen Decision cannot be changed through its figures."""
    return MappingProxyType(dict(mapping))
