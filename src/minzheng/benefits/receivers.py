"""The living subsidy follows the dibao standard in force each month (D4.3, D1.18): before
a living-subsidy payroll is computed, its enrolments are brought to the month's amount."""

from __future__ import annotations

from typing import Any

from minzheng.assistance.policy.vocabulary import Programme
from minzheng.benefits.services.enrolment import living_follow_standard


def follow_standard(sender: Any, cycle: Any, actor: Any, **kwargs: Any) -> None:
    if cycle.programme == Programme.DISABILITY_LIVING_SUBSIDY.value:
        living_follow_standard(actor=actor, prefix=cycle.area_id, month=cycle.month)
