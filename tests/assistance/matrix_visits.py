"""Scope-matrix rows of the home-visit photos (issue 15 item 5): a photo lies in its
case's area; attaching one is the visit record's (workflows.py: caseworker, township,
county; the investigation open) and so is removing one; viewing needs the personal-data
capability."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from minzheng.assistance.models import Application, HomeVisit, HomeVisitPhoto
from minzheng.core.roles import Capability
from tests.bureau_rules import ASSISTANCE_REGULAR
from tests.core.matrix_base import Endpoint, Target
from tests.visit_photo_cases import matrix_delete, matrix_file, matrix_upload

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
    url = f"/assistance/applications/{t.application.pk}/visits/{_visit(t).pk}/photos/"
    return matrix_upload(c, url)


def _file(c: Client, t: Target) -> object:
    url = f"/assistance/applications/{t.application.pk}/photos/{{pk}}"
    return matrix_file(c, HomeVisitPhoto, _visit(t), url)


def _delete(c: Client, t: Target) -> object:
    url = f"/assistance/applications/{t.application.pk}/photos/{{pk}}/delete/"
    return matrix_delete(c, HomeVisitPhoto, _visit(t), url)


def _deleted(t: Target) -> bool:
    return not HomeVisitPhoto.objects.filter(
        visit__application=t.application, title="矩阵删除"
    ).exists()


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
    Endpoint(  # issue 15: removal is the attaching rule's (who records the visit, open)
        "assistance:visit_photo_delete",
        "write",
        Capability.EDIT_PERSONAL,
        _delete,
        changed=_deleted,
        roles=VISITORS,
    ),
]
