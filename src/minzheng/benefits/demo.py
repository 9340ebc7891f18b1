"""Demo data of the benefits: the procedure's example settings, and this month's old-age
allowance batch for the demo caseworker's community, so that the demo has proposals to
confirm (docs/benefits.md). Disability cases and recipients are not seeded yet."""

from __future__ import annotations

from django.utils import timezone

from minzheng.benefits.models import OldAgeProposal
from minzheng.benefits.services.old_age import old_age_propose
from minzheng.core.models import User
from minzheng.core.settings_write import seed_examples

# After assistance: its seeder writes the policy engine's example settings.
DEMO_AFTER = ("assistance",)


def seed_demo(**_: object) -> str:
    seed_examples(apps=["benefits"])
    clerk = User.objects.filter(username="caseworker").first()
    if clerk is None or clerk.area_id is None or OldAgeProposal.objects.exists():
        return ""
    made = old_age_propose(actor=clerk, month=timezone.localdate())
    return f"高龄津贴待确认名单 {len(made)} 人"
