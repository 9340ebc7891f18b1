"""Scope-matrix rows of the home-visit photos (issue 15 item 5): a photo lies in its
case's area; attaching one is the visit record's (workflows.py: caseworker, township,
county; the investigation open), viewing needs the personal-data capability."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from minzheng.assistance.models import Application, HomeVisit, HomeVisitPhoto
from minzheng.core.roles import Capability
from tests.bureau_rules import ASSISTANCE_REGULAR
from tests.core.matrix_base import Endpoint, Target

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
PHOTOS = Path(tempfile.mkdtemp(prefix="minzheng-matrix-photos-"))
VISITORS = ASSISTANCE_REGULAR["home_visit"]  # the bureau's table, by hand (D1.6, D1.10)


def _visit(t: Target) -> HomeVisit:
    Application.objects.filter(pk=t.application.pk).update(status="accepted")
    return HomeVisit.objects.create(
        application=t.application,
        visited_on=dt.date(2026, 3, 3),
        findings="属实",
        recorded_by=t.application.created_by,
    )


def _attach(c: Client, t: Target) -> object:
    visit = _visit(t)
    with override_settings(VAR_DIR=PHOTOS):
        return c.post(
            f"/assistance/applications/{t.application.pk}/visits/{visit.pk}/photos/",
            {"title": "户口簿", "file": SimpleUploadedFile("p.png", PNG)},
        )


def _file(c: Client, t: Target) -> object:
    (PHOTOS / "visits").mkdir(parents=True, exist_ok=True)
    (PHOTOS / "visits" / "matrix.png").write_bytes(PNG)
    photo = HomeVisitPhoto.objects.create(
        visit=_visit(t), title="户口簿", stored_as="matrix.png", content_type="image/png",
        size=len(PNG), taken_by=t.application.created_by,
    )  # fmt: skip
    with override_settings(VAR_DIR=PHOTOS):
        return c.get(f"/assistance/applications/{t.application.pk}/photos/{photo.pk}")


VISIT_PHOTOS = [
    Endpoint(
        "assistance:visit_photo_attach",
        "write",
        Capability.EDIT_PERSONAL,
        _attach,
        changed=lambda t: HomeVisitPhoto.objects.filter(visit__application=t.application).exists(),
        roles=VISITORS,
    ),
    Endpoint("assistance:visit_photo_file", "detail", Capability.VIEW_PERSONAL, _file),
]
