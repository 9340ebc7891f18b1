"""Property tests (D1.13 dibao, D2.3 特困, D3.5/D3.6/D2.4 low-income rule sets).

Each rule set is configuration (`PropertyRules`): at most N dwellings, at most
N vehicles not used for work, and deposits per head strictly below N months of
the local dibao standard. The same function checks every set, so the three
programmes cannot drift apart in how they read a household's property.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from minzheng.assistance.policy.facts import Property
from minzheng.assistance.policy.money import apply_ratio, ratio_text, to_fen, yuan
from minzheng.assistance.policy.outcome import Reason, reason
from minzheng.assistance.policy.parameters import PropertyRules


@dataclass(frozen=True)
class PropertyCheck:
    within_rules: bool
    reasons: tuple[Reason, ...]


def check_property(
    owned: Property, heads: int, rules: PropertyRules, standard: Decimal
) -> PropertyCheck:
    """Check the household's property against one rule set; `heads` divides the deposits."""
    per_head = to_fen(owned.deposits / max(heads, 1))
    limit = to_fen(apply_ratio(standard, rules.deposit_months))
    failures = []
    if owned.dwellings > rules.max_dwellings:
        text = (
            f"{rules.name}财产规定：住房 {owned.dwellings} 套，超过上限 {rules.max_dwellings} 套"
        )
        failures.append(reason(rules.rule, "property.dwellings_exceeded", text, against=True))
    if owned.non_work_vehicles > rules.max_non_work_vehicles:
        text = (
            f"{rules.name}财产规定：非生产经营用车 {owned.non_work_vehicles} 辆，"
            f"超过上限 {rules.max_non_work_vehicles} 辆"
        )
        failures.append(reason(rules.rule, "property.vehicles_exceeded", text, against=True))
    months = ratio_text(rules.deposit_months)
    if per_head >= limit:
        text = (
            f"{rules.name}财产规定：人均存款 {yuan(per_head)} 元，不低于 {months} 个月低保标准 "
            f"{yuan(limit)} 元"
        )
        failures.append(reason(rules.rule, "property.deposits_exceeded", text, against=True))
    if failures:
        return PropertyCheck(False, tuple(failures))
    text = (
        f"财产符合{rules.name}财产规定：住房 {owned.dwellings} 套（上限 {rules.max_dwellings}），"
        f"非生产经营用车 {owned.non_work_vehicles} 辆（上限 {rules.max_non_work_vehicles}），"
        f"人均存款 {yuan(per_head)} 元低于 {months} 个月低保标准 {yuan(limit)} 元"
    )
    return PropertyCheck(True, (reason(rules.rule, "property.within_rules", text),))
