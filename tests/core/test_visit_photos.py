"""What core.visit_photos refuses, the same for every domain's visit (issue 15 item 5):
a type told by the first bytes, a clean title, the scan size limit (MINZHENG_MATERIAL_
MAX_BYTES), at most 20 photos a visit; each refusal names its field. The domains' own
rules (who, where, while) are in tests/{assistance,warning,screening}/test_visit_photos.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.assistance.models import Application, HomeVisit
from minzheng.assistance.services.visit_photos import PHOTOS as HOME_VISIT_PHOTOS
from minzheng.assistance.standards import seed_example_standards
from minzheng.screening.services.visit_photos import PHOTOS as SCREENING_PHOTOS
from minzheng.screening.services.visits import visit_record
from minzheng.warning.services import lead_visit_record
from minzheng.warning.visit_photos import PHOTOS as LEAD_PHOTOS
from tests.factories import make_household
from tests.screening.conftest import make_running
from tests.visit_photo_cases import (
    AT_LIMIT,
    JPEG,
    MAX_PHOTOS,
    MIB,
    PNG,
    REFUSED,
    lead_about,
    refused,
)  # fmt: skip

pytestmark = pytest.mark.django_db
D = dt.date


def _home_visit(users):
    seed_example_standards()  # the case page shows the calculator's proposal
    household = make_household(size=2)
    app = Application.objects.create(
        number="SA-photo", programme="dibao", household=household, applicant=household.head,
        channel="in_person", applied_on=D(2026, 3, 2), area_id=household.area_id,
        created_by=users["caseworker"],
    )  # fmt: skip
    Application.objects.filter(pk=app.pk).update(status="accepted")  # under investigation
    app.refresh_from_db()
    return HomeVisit.objects.create(
        application=app, visited_on=D(2026, 3, 3), findings="属实", recorded_by=app.created_by
    )


def _lead_visit(users):
    return lead_visit_record(
        actor=users["caseworker"], lead=lead_about(make_household(size=1)), method="phone",
        visited_on=D(2026, 9, 1), findings="电话核实",
    )  # fmt: skip


def _screening_visit(users):
    target = make_running(users).campaign.targets.first()
    return visit_record(
        actor=users["caseworker"], target=target, visited_on=D(2026, 3, 5), method="home",
        outcome="no_difficulty", situation="身体尚可", today=D(2026, 3, 5),
    )  # fmt: skip


# (the domain's photos, its visit, how the count refusal names the visit)
DOMAINS = {
    "assistance": (HOME_VISIT_PHOTOS, _home_visit, "每次入户调查最多上传20张照片"),
    "warning": (LEAD_PHOTOS, _lead_visit, "每次线索核实最多上传20张照片"),
    "screening": (SCREENING_PHOTOS, _screening_visit, "每次走访最多上传20张照片"),
}
# The visit's page, its upload and a photo's file, by hand from the three urls.py.
PAGES = {
    "assistance": (
        lambda v: f"/assistance/applications/{v.application_id}/",
        lambda v: f"/assistance/applications/{v.application_id}/visits/{v.pk}/photos/",
        lambda v, p: f"/assistance/applications/{v.application_id}/photos/{p.pk}",
    ),
    "warning": (
        lambda v: f"/warning/leads/{v.lead_id}/",
        lambda v: f"/warning/leads/{v.lead_id}/visits/{v.pk}/photos/",
        lambda v, p: f"/warning/leads/{v.lead_id}/photos/{p.pk}",
    ),
    "screening": (
        lambda v: f"/screening/targets/{v.target_id}/visit/",
        lambda v: f"/screening/targets/{v.target_id}/visits/{v.pk}/photos/",
        lambda v, p: f"/screening/targets/{v.target_id}/photos/{p.pk}",
    ),
}


@pytest.fixture(params=sorted(DOMAINS))
def domain(request, users, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MINZHENG_MATERIAL_MAX_BYTES = MIB
    photos, make_visit, too_many = DOMAINS[request.param]
    visit = make_visit(users)

    def attach(content=JPEG, title="户口簿"):
        return photos.attach(
            actor=users["caseworker"], visit=visit, title=title, file_name="p", content=content
        )

    return attach, photos.model, too_many


@pytest.mark.parametrize(("content", "title", "field", "words"), REFUSED)
def test_a_wrong_photo_is_refused_naming_its_field(domain, content, title, field, words):
    attach, model, _ = domain
    with pytest.raises(ValidationError) as caught:
        attach(content=content, title=title)
    got_field, message = refused(caught.value)
    assert got_field == field and words in message
    assert not model.objects.exists()


def test_the_limit_is_taken_and_the_twenty_first_photo_refused(domain):
    attach, model, too_many = domain
    assert attach(content=AT_LIMIT).size == 1_048_576  # exactly the limit
    assert attach(content=PNG).content_type == "image/png"
    for _ in range(MAX_PHOTOS - 2):
        attach()
    with pytest.raises(ValidationError) as caught:
        attach()
    assert refused(caught.value) == ("file", too_many)
    assert model.objects.count() == 20


@pytest.fixture(params=sorted(PAGES))
def on_page(request, users, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    photos, make_visit, _ = DOMAINS[request.param]
    return photos.model, make_visit(users), PAGES[request.param]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, title="户口簿", content=JPEG):
    return client.post(url, {"title": title, "file": SimpleUploadedFile("p.jpg", content)})


def test_the_page_takes_a_photo_shows_it_and_serves_it_never_cached(on_page, users):
    model, visit, (page, upload, file) = on_page
    client = _client(users["caseworker"])
    assert 'capture="environment"' in client.get(page(visit)).content.decode()
    assert _post(client, upload(visit)).status_code == 302
    photo = model.objects.get()
    assert file(visit, photo) in client.get(page(visit)).content.decode()
    response = client.get(file(visit, photo))
    assert response.content == JPEG and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_refusal_shows_on_the_page_next_to_its_field(on_page, users):
    model, visit, (_, upload, _) = on_page
    client = _client(users["caseworker"])
    response = _post(client, upload(visit), content=b"GIF89a")
    assert response.status_code == 422
    assert 'data-field="file"' in response.content.decode()
    assert "只能上传JPEG或PNG格式的照片" in response.content.decode()
    response = _post(client, upload(visit), title="")
    assert response.status_code == 422 and 'data-field="title"' in response.content.decode()
    assert not model.objects.exists()


def test_out_of_area_the_visit_and_its_photos_are_not_found(on_page, users):
    model, visit, (_, upload, file) = on_page
    assert _post(_client(users["caseworker"]), upload(visit)).status_code == 302
    photo = model.objects.get()
    client = _client(users["caseworker_b"])  # another county
    assert _post(client, upload(visit)).status_code == 404
    assert client.get(file(visit, photo)).status_code == 404
    assert model.objects.count() == 1
