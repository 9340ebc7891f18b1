"""Photos of documents taken at a screening visit (issue 15 item 5): attached under a
recorded visit by field staff of the target's area (D0.3: personal-data edit) while the
campaign is active (the rule that records visits); JPEG or PNG by their first bytes,
within the scan limit, at most 20 a visit, titled; every upload and view audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry
from minzheng.screening.models import Campaign, Visit
from minzheng.screening.services.visit_photos import PHOTOS
from minzheng.screening.services.visits import visit_record
from tests.factories import AREAS
from tests.visit_photo_cases import JPEG

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(users, running, settings, tmp_path) -> Visit:
    settings.VAR_DIR = tmp_path
    return visit_record(
        actor=users["caseworker"], target=running.target(running.households[0]),
        visited_on=dt.date(2026, 3, 5), method="home", outcome="no_difficulty",
        situation="老人独居，身体尚可", today=dt.date(2026, 3, 5),
    )  # fmt: skip


def _attach(visit, user, content=JPEG, title="残疾证"):
    return PHOTOS.attach(
        actor=user, visit=visit, title=title, file_name="IMG_0001.JPG", content=content
    )


def test_a_photo_is_stored_under_screening_and_audited_on_upload_and_view(visit, users, tmp_path):
    photo = _attach(visit, users["caseworker"])
    target = visit.target
    assert (photo.title, photo.content_type, photo.size) == ("残疾证", "image/jpeg", 4 + 64)
    assert photo.stored_as.startswith(f"screening/{target.pk}/")
    assert (tmp_path / "visits" / photo.stored_as).read_bytes() == JPEG
    assert PHOTOS.content(actor=users["county"], photo=photo) == JPEG
    number = target.household.number
    entries = AuditEntry.objects.filter(object_type="screening.visitphoto").order_by("id")
    assert [(e.action, e.area_code, e.summary) for e in entries] == [
        ("create", AREAS["community_a1"], f"家庭{number} 走访照片：残疾证"),
        ("read", AREAS["community_a1"], f"查看走访照片：家庭{number} 残疾证"),
    ]


@pytest.mark.parametrize("who", ["auditor", "leader", "caseworker_b", "county_b"])
def test_who_may_not_visit_here_may_not_attach(visit, users, who):
    with pytest.raises(PermissionDenied):
        _attach(visit, users[who])
    assert not AuditEntry.objects.filter(object_type="screening.visitphoto").exists()


def test_once_the_campaign_has_ended_no_photo_is_added(visit, users):
    Campaign.objects.filter(pk=visit.target.campaign_id).update(status="closed")
    visit = Visit.objects.get(pk=visit.pk)
    with pytest.raises(PermissionDenied, match="排查活动未启动或已结束"):
        _attach(visit, users["caseworker"])
