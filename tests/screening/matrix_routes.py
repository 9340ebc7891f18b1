"""Scope-matrix rows of the screening pages and API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from minzheng.core.roles import Capability
from minzheng.screening.models import Campaign, FollowUp, KeyHousehold, Visit, VisitPhoto
from tests.bureau_rules import CAMPAIGN_ORGANISERS as ORGANISERS
from tests.core.matrix_base import (
    Endpoint,
    J,
    Target,
)
from tests.screening.matrix import ScreeningPlace
from tests.visit_photo_cases import JPEG, MATRIX_DIR, matrix_delete, matrix_file, matrix_upload


def _sc(t: Target) -> ScreeningPlace:
    assert t.screening is not None
    return t.screening


def _shows(path: Callable[[ScreeningPlace], str]) -> Callable[[object, Target], bool]:
    return lambda r, t: path(_sc(t)) in r.content.decode()  # type: ignore[attr-defined]


def _json_lists(pk: Callable[[ScreeningPlace], int]) -> Callable[[object, Target], bool]:
    def visible(r: object, t: Target) -> bool:
        body = r.json()  # type: ignore[attr-defined]
        items = body["items"] if isinstance(body, dict) else body
        return any(i["id"] == pk(_sc(t)) for i in items)

    return visible


def _campaign_status(t: Target) -> str:
    return Campaign.objects.get(pk=_sc(t).campaign.pk).status


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


VISIT = {"visited_on": "", "method": "phone", "situation": "矩阵走访", "outcome": "no_difficulty"}
FOLLOW_UP = {"followed_on": "", "method": "phone", "note": "矩阵回访", "next_follow_up_on": ""}


def _visit_data() -> dict:
    return {**VISIT, "visited_on": _today()}


def _follow_up_data() -> dict:
    return {**FOLLOW_UP, "followed_on": _today(), "next_follow_up_on": _today(30)}


def _visited_target(t: Target) -> bool:
    return Visit.objects.filter(target=_sc(t).target).exists()


def _followed_up(t: Target) -> bool:
    return FollowUp.objects.filter(key_household=_sc(t).key_household).exists()


def _a_visit(t: Target) -> Visit:
    sc = _sc(t)
    return Visit.objects.create(
        target=sc.target, round=sc.round, visited_on=timezone.localdate(),
        visitor=sc.campaign.created_by, method="home", situation="矩阵走访",
        outcome="no_difficulty",
    )  # fmt: skip


def _photo_attach(c: Client, t: Target) -> object:
    url = f"/screening/targets/{_sc(t).target.pk}/visits/{_a_visit(t).pk}/photos/"
    return matrix_upload(c, url)


def _photo_file(c: Client, t: Target) -> object:
    url = f"/screening/targets/{_sc(t).target.pk}/photos/{{pk}}"
    return matrix_file(c, VisitPhoto, _a_visit(t), url)


def _photo_delete(c: Client, t: Target) -> object:
    url = f"/screening/targets/{_sc(t).target.pk}/photos/{{pk}}/delete/"
    return matrix_delete(c, VisitPhoto, _a_visit(t), url)


def _photo_deleted(t: Target) -> bool:
    return not VisitPhoto.objects.filter(visit__target=_sc(t).target, title="矩阵删除").exists()


def _photos_api(t: Target) -> str:
    return f"/api/v1/screening/targets/{_sc(t).target.pk}/visits/{_a_visit(t).pk}/photos"


def _api_upload(c: Client, t: Target) -> object:
    with override_settings(VAR_DIR=MATRIX_DIR):
        upload = SimpleUploadedFile("p.jpg", JPEG)
        return c.post(_photos_api(t), {"title": "矩阵接口", "file": upload})


SCREENING = [
    Endpoint(
        "screening:campaign_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/"),
        _shows(lambda s: f"/screening/campaigns/{s.campaign.pk}/"),
        scope="campaign",
    ),
    Endpoint(
        "screening:campaign_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            "/screening/campaigns/new/", {"name": "矩阵新建", "area_code": t.area_code[:9]}
        ),
        changed=lambda t: Campaign.objects.filter(name="矩阵新建").exists(),
        roles=ORGANISERS,
        scope="campaign",
    ),
    Endpoint(
        "screening:campaign_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/screening/campaigns/{_sc(t).campaign.pk}/"),
        scope="campaign",
    ),
    Endpoint(
        "screening:campaign_populate",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/screening/campaigns/{_sc(t).campaign.pk}/populate/"),
        changed=lambda t: _sc(t).newcomer_listed(),
        roles=ORGANISERS,
        scope="campaign",
    ),
    Endpoint(
        "screening:round_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/campaigns/{_sc(t).campaign.pk}/rounds/",
            {
                "starts_on": (_sc(t).round.ends_on + dt.timedelta(days=1)).isoformat(),
                "working_days": 5,
            },
        ),
        changed=lambda t: _sc(t).campaign.rounds.count() == 2,
        roles=ORGANISERS,
        scope="campaign",
    ),
    Endpoint(
        "screening:campaign_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/campaigns/{_sc(t).campaign.pk}/act/close/", {"close-note": "矩阵结束"}
        ),
        changed=lambda t: _campaign_status(t) == "closed",
        roles=ORGANISERS,
        scope="campaign",
    ),
    Endpoint(
        "screening:targets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/targets/"),
        _shows(lambda s: f'id="target-{s.target.pk}"'),
    ),
    Endpoint(
        "screening:visit_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"/screening/targets/{_sc(t).target.pk}/visit/", _visit_data()),
        changed=_visited_target,
    ),
    Endpoint(  # issue 15 item 5: whoever may record the visit, in the target's area
        "screening:visit_photo_attach",
        "write",
        Capability.EDIT_PERSONAL,
        _photo_attach,
        changed=lambda t: VisitPhoto.objects.filter(visit__target=_sc(t).target).exists(),
    ),
    Endpoint("screening:visit_photo_file", "detail", Capability.VIEW_PERSONAL, _photo_file),
    Endpoint(  # issue 15: removal is the attaching rule's (field work here, campaign active)
        "screening:visit_photo_delete",
        "write",
        Capability.EDIT_PERSONAL,
        _photo_delete,
        changed=_photo_deleted,
    ),
    Endpoint(  # issue 15: the read-only list, for whoever may read the target
        "screening:visit_photos",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/screening/targets/{_sc(t).target.pk}/photos/"),
    ),
    Endpoint(
        "GET /api/v1/screening/targets/{pk}/visits/{visit_pk}/photos",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(_photos_api(t)),
    ),
    Endpoint(
        "POST /api/v1/screening/targets/{pk}/visits/{visit_pk}/photos",
        "write",
        Capability.EDIT_PERSONAL,
        _api_upload,
        changed=lambda t: VisitPhoto.objects.filter(
            visit__target=_sc(t).target, title="矩阵接口"
        ).exists(),
    ),
    Endpoint(
        "screening:key_household_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/screening/key-households/"),
        _shows(lambda s: f"/screening/key-households/{s.key_household.pk}/"),
    ),
    Endpoint(
        "screening:key_household_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/screening/key-households/{_sc(t).key_household.pk}/"),
    ),
    Endpoint(
        "screening:follow_up_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/key-households/{_sc(t).key_household.pk}/follow-ups/",
            _follow_up_data(),
        ),
        changed=_followed_up,
    ),
    Endpoint(
        "screening:key_household_close",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/key-households/{_sc(t).key_household.pk}/close/", {"reason": "已脱困"}
        ),
        changed=lambda t: KeyHousehold.objects.get(pk=_sc(t).key_household.pk).status == "closed",
    ),
    Endpoint(
        "screening:key_household_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/screening/households/{t.household_id}/key-household/",
            {
                "reason": "突发重病",
                "help_plan": "协调临时救助",
                "started_on": _today(),
                "next_follow_up_on": _today(14),
            },
        ),
        changed=lambda t: KeyHousehold.objects.filter(household_id=t.household_id).exists(),
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/campaigns"),
        _json_lists(lambda s: s.campaign.pk),
        scope="campaign",
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/screening/campaigns/{_sc(t).campaign.pk}"),
        scope="campaign",
    ),
    Endpoint(
        "GET /api/v1/screening/campaigns/{pk}/figures",
        "detail",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get(f"/api/v1/screening/campaigns/{_sc(t).campaign.pk}/figures"),
        scope="campaign",
    ),
    Endpoint(
        "GET /api/v1/screening/targets",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/targets", {"page_size": 200}),
        _json_lists(lambda s: s.target.pk),
    ),
    Endpoint(
        "POST /api/v1/screening/targets/{pk}/visits",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/screening/targets/{_sc(t).target.pk}/visits",
            _visit_data(),
            content_type=J,
        ),
        changed=_visited_target,
    ),
    Endpoint(
        "GET /api/v1/screening/key-households",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/screening/key-households", {"page_size": 200}),
        _json_lists(lambda s: s.key_household.pk),
    ),
    Endpoint(
        "POST /api/v1/screening/key-households/{pk}/follow-ups",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/api/v1/screening/key-households/{_sc(t).key_household.pk}/follow-ups",
            _follow_up_data(),
            content_type=J,
        ),
        changed=_followed_up,
    ),
]
ROUTES = SCREENING
