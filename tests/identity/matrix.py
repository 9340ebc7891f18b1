"""Scope-matrix rows of the review queue of likely duplicates (D0.3; decisions D0.1,
D5.3 by the county, tests/bureau_rules.IDENTITY_PAIR). Each call first puts a pair of
the place's head and its loose person in the state the action starts from."""

from __future__ import annotations

from django.test import Client

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.identity.models import MatchPair, PersonMerge
from tests.bureau_rules import IDENTITY_PAIR
from tests.core.matrix_base import Endpoint, J, Target


def _pair(t: Target, status: str = "pending") -> MatchPair:
    a, b = sorted([t.person.pk, t.loose.pk])
    pair, _ = MatchPair.objects.get_or_create(
        person_a_id=a,
        person_b_id=b,
        defaults={
            "area_id": t.area_code,
            "probability": 0.9,
            "match_weight": 3.0,
            "model_version": "matrix",
            "source": "self",
        },
    )
    MatchPair.objects.filter(pk=pair.pk).update(status=status)
    if status == "merged":
        PersonMerge.objects.create(
            pair=pair,
            kept_id=a,
            merged_id=b,
            moved={},
            merged_by=User.objects.get_or_create(username="clerk")[0],
        )
    return pair


def _pair_status(t: Target) -> str:
    a, b = sorted([t.person.pk, t.loose.pk])
    return MatchPair.objects.get(person_a_id=a, person_b_id=b).status


def _post(status: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    def call(c: Client, t: Target) -> object:
        pair = _pair(t, status)
        return c.post(f"/identity/pairs/{pair.pk}/{action}/", data)

    return call


def _api(status: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    def call(c: Client, t: Target) -> object:
        pair = _pair(t, status)
        return c.post(f"/api/v1/identity/pairs/{pair.pk}/{action}", data, content_type=J)

    return call


ROUTES = [
    Endpoint(
        "identity:queue",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_pair(t), c.get("/identity/"))[1],
        lambda r, t: f"/identity/pairs/{_pair(t).pk}/" in r.content.decode(),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "identity:pair_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/identity/pairs/{_pair(t).pk}/"),
    ),
    Endpoint(
        "identity:pair_decide",
        "write",
        Capability.EDIT_PERSONAL,
        _post("pending", "decide", {"decision": "same", "note": "核对一致"}),
        changed=lambda t: _pair_status(t) == "same",
        roles=IDENTITY_PAIR["same"],
    ),
    Endpoint(
        "identity:pair_merge",
        "write",
        Capability.EDIT_PERSONAL,
        _post("same", "merge", {"keep": "a", "note": ""}),
        changed=lambda t: _pair_status(t) == "merged",
        roles=IDENTITY_PAIR["merge"],
    ),
    Endpoint(
        "identity:pair_undo",
        "write",
        Capability.EDIT_PERSONAL,
        _post("merged", "undo", {"note": "误合并"}),
        changed=lambda t: _pair_status(t) == "same",
        roles=IDENTITY_PAIR["undo_merge"],
    ),
    Endpoint(
        "GET /api/v1/identity/pairs",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: (_pair(t), c.get("/api/v1/identity/pairs", {"page_size": 200}))[1],
        lambda r, t: any(i["id"] == _pair(t).pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "GET /api/v1/identity/pairs/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/identity/pairs/{_pair(t).pk}"),
    ),
    Endpoint(
        "POST /api/v1/identity/pairs/{pk}/decision",
        "write",
        Capability.EDIT_PERSONAL,
        _api("pending", "decision", {"decision": "same", "note": "核对一致"}),
        changed=lambda t: _pair_status(t) == "same",
        roles=IDENTITY_PAIR["same"],
    ),
    Endpoint(
        "POST /api/v1/identity/pairs/{pk}/merge",
        "write",
        Capability.EDIT_PERSONAL,
        _api("same", "merge", {"keep": "a", "note": ""}),
        changed=lambda t: _pair_status(t) == "merged",
        roles=IDENTITY_PAIR["merge"],
    ),
    Endpoint(
        "POST /api/v1/identity/pairs/{pk}/undo",
        "write",
        Capability.EDIT_PERSONAL,
        _api("merged", "undo", {"note": "误合并"}),
        changed=lambda t: _pair_status(t) == "same",
        roles=IDENTITY_PAIR["undo_merge"],
    ),
]
