"""Photos of documents taken at a home visit (issue 15 item 5, D1.6): JPEG or PNG by
their first bytes, within the scan limit, only while the investigation is open and by
those who may record the visit; each upload and view audited; never cached."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.assistance.models import Application, HomeVisit, HomeVisitPhoto
from minzheng.assistance.services import applications as apps
from minzheng.core.models import AuditEntry
from tests.factories import make_household

pytestmark = pytest.mark.django_db
D = dt.date
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


@pytest.fixture
def visit(users, standards, settings, tmp_path) -> HomeVisit:
    settings.VAR_DIR = tmp_path
    household = make_household(size=2)
    app = apps.application_submit(
        actor=users["caseworker"], household=household, applicant=household.head,
        programme="dibao", channel="in_person", applied_on=D(2026, 3, 2),
    )  # fmt: skip
    apps.application_accept(actor=users["township"], application=app, today=D(2026, 3, 2))
    return apps.home_visit_record(
        actor=users["caseworker"], application=app, visited_on=D(2026, 3, 3),
        investigators=[users["caseworker"], users["township"]], findings="属实",
    )  # fmt: skip


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, visit, title="户口簿", content=JPEG, name="hukou.jpg"):
    url = f"/assistance/applications/{visit.application_id}/visits/{visit.pk}/photos/"
    return client.post(url, {"title": title, "file": SimpleUploadedFile(name, content)})


def test_a_photo_is_stored_shown_on_the_case_and_served_audited_never_cached(visit, users):
    client = _client(users["caseworker"])
    assert _post(client, visit).status_code == 302
    photo = HomeVisitPhoto.objects.get(visit=visit)
    assert (photo.title, photo.content_type, photo.size) == ("户口簿", "image/jpeg", len(JPEG))
    page = client.get(f"/assistance/applications/{visit.application_id}/").content.decode()
    assert f"/assistance/applications/{visit.application_id}/photos/{photo.pk}" in page
    response = client.get(f"/assistance/applications/{visit.application_id}/photos/{photo.pk}")
    assert response.content == JPEG and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store"
    summaries = AuditEntry.objects.filter(object_type="assistance.homevisitphoto")
    assert [e.action for e in summaries.order_by("id")] == ["create", "read"]


@pytest.mark.parametrize(
    ("content", "title", "field", "words"),
    [
        (PDF, "户口簿", "file", "只能上传JPEG或PNG格式的照片"),
        (b"GIF89a" + b"\x00" * 10, "户口簿", "file", "只能上传JPEG或PNG格式的照片"),
        (JPEG, "", "title", "必填"),
        (JPEG, "户口\x00簿", "title", "控制字符"),
    ],
)
def test_a_wrong_photo_is_refused_next_to_its_field(visit, users, content, title, field, words):
    response = _post(_client(users["caseworker"]), visit, title=title, content=content)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-field="{field}"' in page and words in page
    assert not HomeVisitPhoto.objects.exists()


def test_a_photo_over_the_scan_limit_is_refused(visit, users, settings):
    settings.MINZHENG_MATERIAL_MAX_BYTES = 32
    response = _post(_client(users["caseworker"]), visit)
    assert response.status_code == 422 and "照片过大" in response.content.decode()


def test_after_the_investigation_no_photo_is_added(visit, users):
    # the case has left the investigation (the state set directly: scope of this test)
    Application.objects.filter(pk=visit.application_id).update(status="withdrawn")
    assert _post(_client(users["caseworker"]), visit).status_code == 403
    assert not HomeVisitPhoto.objects.exists()
