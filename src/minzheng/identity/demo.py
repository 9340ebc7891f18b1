"""Demo data of identity resolution: three residents of 鼓楼区 registered a second time
as a clerk might have (an ID digit mistyped with the check character recomputed, the
name in traditional characters or by ear), then the nightly self-match, so that the
demo's county approver finds likely duplicates to review (docs/identity.md)."""

from __future__ import annotations

import numpy as np

from minzheng.core import idnumber, services
from minzheng.core.models import Person, User
from minzheng.core.settings_write import seed_examples
from minzheng.identity.models import MatchPair
from minzheng.identity.services import self_match
from minzheng.synth.duplicates import homophone, traditional

# After the other seeders: the registry is complete when it is matched.
DEMO_AFTER = ("assistance", "warning", "payments", "screening")


def _mistyped(number: str) -> str:
    """The number with its sequence's last digit changed and the check recomputed."""
    for step in range(1, 10):
        body = number[:16] + str((int(number[16]) + 2 * step) % 10)
        candidate = body + idnumber.check_character(body)
        if not Person.objects.filter(id_number=candidate).exists():
            return candidate
    raise RuntimeError("no free number")  # pragma: no cover


def seed_demo(*, seed: int, **_: object) -> str:
    seed_examples(apps=["identity"])
    if MatchPair.objects.exists():
        return ""
    clerk = User.objects.filter(username="caseworker").first()
    if clerk is None:
        return ""
    rng = np.random.default_rng([seed, 16])
    # three residents of the demo caseworker's community (in the county approver's 鼓楼区)
    originals = list(
        Person.objects.filter(area_id=clerk.area_id, life_status="alive").order_by("id")[:3]
    )
    names = [traditional, lambda n: n[0] + homophone(rng, n[1]) + n[2:], traditional]
    for person, rename in zip(originals, names, strict=False):
        services.person_create(
            actor=clerk,
            id_number=_mistyped(person.id_number),
            name=rename(person.name),
            area_code=person.area_id,
            phone=person.phone,
            residence_address=person.residence_address,
        )
    report = self_match()
    return f"身份识别演示：补登{len(originals)}名重复人员，自查送复核{report.new_pairs}对"
