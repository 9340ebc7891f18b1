"""Photos of documents taken at a lead's verification (issue 15 item 5, D5.3): attached
under a recorded check by those who may record one (personal-data edit, in the lead's
area) while the lead is not closed; JPEG or PNG by their first bytes, within the scan
limit, at most 20 a check, titled; every upload and every view audited; never cached."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry
from minzheng.warning.models import Lead, LeadVisit
from minzheng.warning.services import lead_visit_record
from minzheng.warning.visit_photos import PHOTOS
from tests.factories import AREAS, make_household
from tests.visit_photo_cases import JPEG, PNG, lead_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(users, settings_seeded, settings, tmp_path) -> LeadVisit:
    settings.VAR_DIR = tmp_path
    household = make_household(AREAS["community_a1"], size=2)
    lead = lead_about(household)
    return lead_visit_record(
        actor=users["caseworker"], lead=lead, method="home",
        visited_on=dt.date(2026, 9, 1), findings="入户核实，情况属实",
    )  # fmt: skip


def _attach(visit, user, content=JPEG, title="户口簿"):
    return PHOTOS.attach(
        actor=user, visit=visit, title=title, file_name="/storage/DCIM/hukou.png", content=content
    )


def test_a_photo_is_stored_under_the_domain_and_audited_on_upload_and_view(visit, users, tmp_path):
    photo = _attach(visit, users["caseworker"], content=PNG, title=" 病历 ")
    assert (photo.title, photo.content_type, photo.size) == ("病历", "image/png", 8 + 64)
    assert photo.file_name == "hukou.png"  # the phone's folder is not kept
    assert photo.stored_as.startswith(f"warning/{visit.lead_id}/") and photo.stored_as.endswith(
        ".png"
    )
    assert (tmp_path / "visits" / photo.stored_as).read_bytes() == PNG
    assert PHOTOS.content(actor=users["township"], photo=photo) == PNG
    entries = AuditEntry.objects.filter(object_type="warning.leadvisitphoto").order_by("id")
    assert [(e.action, e.area_code, e.summary) for e in entries] == [
        ("create", AREAS["community_a1"], f"预警线索{visit.lead_id} 线索核实照片：病历"),
        ("read", AREAS["community_a1"], f"查看线索核实照片：预警线索{visit.lead_id} 病历"),
    ]


@pytest.mark.parametrize("who", ["auditor", "leader", "caseworker_b", "county_b"])
def test_who_may_not_record_a_check_here_may_not_attach(visit, users, who):
    # auditor and leader only read (D0.3); the others work in another county
    with pytest.raises(PermissionDenied):
        _attach(visit, users[who])
    assert not AuditEntry.objects.filter(object_type="warning.leadvisitphoto").exists()


@pytest.mark.parametrize("who", ["township", "county", "city"])
def test_those_above_the_community_attach_as_they_record_checks(visit, users, who):
    assert _attach(visit, users[who]).taken_by == users[who]


def test_once_the_lead_is_closed_no_photo_is_added(visit, users):
    Lead.objects.filter(pk=visit.lead_id).update(status="closed")  # scope of this test
    visit.refresh_from_db()
    with pytest.raises(PermissionDenied, match="线索已办结"):
        _attach(visit, users["caseworker"])
