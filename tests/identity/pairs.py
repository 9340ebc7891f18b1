"""One builder of review pairs for the identity tests (a pair is created pending, as
the workflow requires; `status` then puts it where a test starts)."""

from __future__ import annotations

from typing import Any

from minzheng.core.models import Person
from minzheng.identity.models import MatchPair


def make_pair(a: Person, b: Person, *, status: str = "pending", **fields: Any) -> MatchPair:
    low, high = sorted([a, b], key=lambda p: p.pk)
    values: dict[str, Any] = {
        "area_id": low.area_id,
        "probability": 0.9,
        "match_weight": 3.0,
        "model_version": "test",
        "source": "self",
        **fields,
    }
    pair = MatchPair.objects.create(person_a=low, person_b=high, **values)
    if status != "pending":
        MatchPair.objects.filter(pk=pair.pk).update(status=status)
        pair.refresh_from_db()
    return pair
