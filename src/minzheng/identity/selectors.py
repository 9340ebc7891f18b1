"""What a user may see of the review queue: pairs whose two records both lie in the
user's area (D0.3), so a pair never reveals a record outside it."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.identity.models import MatchPair, MatchPairQuerySet


def pairs_visible(user: User) -> MatchPairQuerySet:
    return (
        MatchPair.objects.visible_to(user)
        .filter(
            Q(person_b__isnull=True)  # a feed's record: only the registry person has an area
            | Q(person_b__area__code__startswith=user.scope_prefix)
        )
        .select_related("person_a", "person_b", "person_a__area", "person_b__area")
    )


def pair_for_reading(user: User, pk: int, *, log: bool = True) -> MatchPair:
    pair = pairs_visible(user).filter(pk=pk).first()
    if pair is None:
        raise Http404("未找到该疑似重复记录，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=pair, summary="查看疑似重复人员（并列比对）")
    return pair
