"""Photos of documents taken at a screening visit (issue 15 item 5): attached under a
recorded visit by field staff of the target's area (D0.3: personal-data edit) while the
campaign is active (the rule that records visits); JPEG or PNG by their first bytes,
within the scan limit, at most 20 a visit, titled; every upload and view audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.screening.models import Campaign, Visit, VisitPhoto
from minzheng.screening.services.visit_photos import PHOTOS
from minzheng.screening.services.visits import visit_record
from tests.factories import AREAS
from tests.visit_photo_cases import JPEG, PDF

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


# Removal (issue 15 item 3a): by who may record the visit, while the campaign is active;
# audited; the file goes once the removal commits.


def test_a_photo_is_removed_audited_and_its_file_goes_after_the_commit(
    visit, users, tmp_path, django_capture_on_commit_callbacks
):
    photo = _attach(visit, users["caseworker"])
    stored = tmp_path / "visits" / photo.stored_as
    with django_capture_on_commit_callbacks(execute=False) as pending:
        PHOTOS.delete(actor=users["caseworker"], photo=photo)
    assert stored.exists()  # not before the commit
    for callback in pending:
        callback()
    assert not stored.exists()
    assert not VisitPhoto.objects.filter(pk=photo.pk).exists()
    removed = AuditEntry.objects.get(object_type="screening.visitphoto", action="delete")
    number = visit.target.household.number
    assert (removed.actor_id, removed.area_code, removed.summary) == (
        users["caseworker"].pk,
        AREAS["community_a1"],
        f"家庭{number} 删除走访照片：残疾证",
    )


@pytest.mark.parametrize("who", ["auditor", "leader", "caseworker_b"])
def test_who_may_not_record_the_visit_may_not_remove_its_photo(visit, users, tmp_path, who):
    photo = _attach(visit, users["caseworker"])
    with pytest.raises(PermissionDenied):
        PHOTOS.delete(actor=users[who], photo=photo)
    assert VisitPhoto.objects.filter(pk=photo.pk).exists()
    assert (tmp_path / "visits" / photo.stored_as).exists()


def test_once_the_campaign_has_ended_no_photo_is_removed(visit, users):
    photo = _attach(visit, users["caseworker"])
    Campaign.objects.filter(pk=visit.target.campaign_id).update(status="closed")
    photo = VisitPhoto.objects.get(pk=photo.pk)
    with pytest.raises(PermissionDenied, match="排查活动未启动或已结束"):
        PHOTOS.delete(actor=users["caseworker"], photo=photo)
    assert VisitPhoto.objects.filter(pk=photo.pk).exists()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_web_removal_answers_403_for_a_closed_campaign_and_redirects_otherwise(visit, users):
    target = visit.target
    kept, gone = (
        _attach(visit, users["caseworker"], title="户口簿"),
        _attach(visit, users["caseworker"]),
    )
    client = _client(users["caseworker"])
    page = client.get(f"/screening/targets/{target.pk}/visit/").content.decode()
    assert f"/screening/targets/{target.pk}/photos/{gone.pk}/delete/" in page
    response = client.post(f"/screening/targets/{target.pk}/photos/{gone.pk}/delete/")
    assert response.status_code == 302
    assert list(VisitPhoto.objects.values_list("pk", flat=True)) == [kept.pk]
    Campaign.objects.filter(pk=target.campaign_id).update(status="closed")
    response = client.post(f"/screening/targets/{target.pk}/photos/{kept.pk}/delete/")
    assert response.status_code == 403
    assert (
        _client(users["caseworker_b"])
        .post(f"/screening/targets/{target.pk}/photos/{kept.pk}/delete/")
        .status_code
        == 404
    )  # another county: not found, not refused


# The read-only list (3b): readers see the photos' titles and links, no upload, no removal.


def test_a_reader_lists_a_visits_photos_read_only_and_the_listing_is_audited(visit, users):
    target = visit.target
    photo = _attach(visit, users["caseworker"])
    response = _client(users["auditor"]).get(f"/screening/targets/{target.pk}/photos/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/screening/targets/{target.pk}/photos/{photo.pk}" in page and "残疾证" in page
    assert "/delete/" not in page and 'type="file"' not in page
    listed = AuditEntry.objects.get(action="read", object_type="screening.campaigntarget")
    assert listed.summary == f"查看走访照片清单 家庭{target.household.number}"
    assert (
        _client(users["county_b"]).get(f"/screening/targets/{target.pk}/photos/").status_code
        == 404
    )


# The API (3c): metadata for readers, a multipart upload with the web form's checks.


def _api(pk: int, visit_pk: int) -> str:
    return f"/api/v1/screening/targets/{pk}/visits/{visit_pk}/photos"


def test_the_api_uploads_a_photo_and_lists_its_metadata(visit, users, tmp_path):
    target = visit.target
    url = _api(target.pk, visit.pk)
    upload = SimpleUploadedFile("IMG_0002.JPG", JPEG, content_type="image/jpeg")
    response = _client(users["caseworker"]).post(url, {"title": "户口簿", "file": upload})
    assert response.status_code == 201, response.content
    made = response.json()
    photo = VisitPhoto.objects.get()
    assert (made["id"], made["title"], made["content_type"], made["size"]) == (
        photo.pk, "户口簿", "image/jpeg", 68,
    )  # fmt: skip
    assert (tmp_path / "visits" / photo.stored_as).read_bytes() == JPEG
    listed = _client(users["auditor"]).get(url)
    assert listed.status_code == 200
    assert [(p["id"], p["visit_id"], p["taken_by"], p["file_url"]) for p in listed.json()] == [
        (
            photo.pk,
            visit.pk,
            "wang_caseworker",
            f"/screening/targets/{target.pk}/photos/{photo.pk}",
        )
    ]
    assert AuditEntry.objects.filter(action="create", object_type="screening.visitphoto").exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"title": "户口簿", "file": ("a.pdf", PDF)}, "file", "只能上传JPEG或PNG格式的照片"),
        ({"title": "   ", "file": ("a.jpg", JPEG)}, "title", "请填写照片拍摄的是什么材料"),
        ({"title": "户" * 101, "file": ("a.jpg", JPEG)}, "title", "100"),
        ({"file": ("a.jpg", JPEG)}, "title", ""),
        ({"title": "户口簿"}, "file", "请选择要上传的照片"),
    ],
)
def test_a_bad_upload_is_a_422_naming_the_field(visit, users, data, field, words):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = _client(users["caseworker"]).post(_api(visit.target_id, visit.pk), data)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in errors and words in "；".join(errors[field])
    assert not VisitPhoto.objects.exists()


def test_the_api_refuses_by_role_scope_and_campaign_state(visit, users):
    url = _api(visit.target_id, visit.pk)
    jpeg = {"title": "户口簿"}
    assert (
        _client(users["auditor"])
        .post(url, {**jpeg, "file": SimpleUploadedFile("a.jpg", JPEG)})
        .status_code
        == 403
    )  # a reader may not upload
    assert _client(users["caseworker_b"]).get(url).status_code == 404  # another county
    assert _client(users["caseworker"]).get(_api(visit.target_id, 999999)).status_code == 404
    Campaign.objects.filter(pk=visit.target.campaign_id).update(status="closed")
    closed = _client(users["caseworker"]).post(
        url, {**jpeg, "file": SimpleUploadedFile("a.jpg", JPEG)}
    )
    assert closed.status_code == 403
    assert not VisitPhoto.objects.exists()
