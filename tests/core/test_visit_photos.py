"""What core.visit_photos refuses, the same for every domain's visit (issue 15 item 5):
a type told by the first bytes, a clean title, the scan size limit (MINZHENG_MATERIAL_
MAX_BYTES), at most 20 photos a visit; each refusal names its field. The domains' own
rules (who, where, while) are in tests/{assistance,warning,screening}/test_visit_photos.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.assistance.services import applications as apps
from minzheng.assistance.services.visit_photos import PHOTOS as HOME_VISIT_PHOTOS
from minzheng.assistance.standards import seed_example_standards
from minzheng.screening.services.visit_photos import PHOTOS as SCREENING_PHOTOS
from minzheng.screening.services.visits import visit_record
from minzheng.warning.models import Lead
from minzheng.warning.services import lead_visit_record
from minzheng.warning.visit_photos import PHOTOS as LEAD_PHOTOS
from tests.factories import make_household
from tests.screening.conftest import make_running
from tests.visit_photo_cases import AT_LIMIT, JPEG, MAX_PHOTOS, MIB, PNG, REFUSED, refused

pytestmark = pytest.mark.django_db
D = dt.date


def _home_visit(users):
    seed_example_standards()
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


def _lead_visit(users):
    household = make_household(size=1)
    lead = Lead.objects.create(
        status="open", area_id=household.area_id, rule_id="W001", rule_title="高额医疗",
        severity="high", period="2026-08", run_id="r1", id_number=household.head.id_number,
        person=household.head, household=household, evidence="住院自付12000元",
    )  # fmt: skip
    return lead_visit_record(
        actor=users["caseworker"], lead=lead, method="phone", visited_on=D(2026, 9, 1),
        findings="电话核实",
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
