"""Photos of documents taken at a home visit (issue 15 item 5): uploaded from the case
page (a phone's camera: `capture`), shown only to users whose area reaches the case."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import selectors
from minzheng.assistance.models import HomeVisit, HomeVisitPhoto
from minzheng.assistance.services.visit_photos import PHOTOS
from minzheng.assistance.views_case import case_context
from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.views_photos import photo_file, photo_posted, photo_removed


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _visit(user: User, pk: int, visit_pk: int) -> HomeVisit:
    app = selectors.application_for_reading(user, pk, log=False)
    found = app.home_visits.filter(pk=visit_pk).select_related("application__area").first()
    if found is None:
        raise Http404("未找到该入户调查记录")
    return found


@require_POST
@requires(Capability.EDIT_PERSONAL)
def visit_photo_attach(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    user = _user(request)
    visit = _visit(user, pk, visit_pk)
    return photo_posted(
        request, user, visit, PHOTOS,
        done=reverse("assistance:detail", args=[pk]),
        again=lambda refused: render(
            request, "assistance/detail.html",
            {**case_context(user, visit.application), "photo_error": refused},
        ),
    )  # fmt: skip


@require_GET
@requires(Capability.VIEW_PERSONAL)
def visit_photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = _user(request)
    app = selectors.application_for_reading(user, pk, log=False)
    photo = get_object_or_404(HomeVisitPhoto, pk=photo_pk, visit__application=app)
    return photo_file(user, photo, PHOTOS)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def visit_photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = _user(request)
    app = selectors.application_for_reading(user, pk, log=False)
    photo = get_object_or_404(
        HomeVisitPhoto.objects.select_related("visit__application"),
        pk=photo_pk,
        visit__application=app,
    )
    return photo_removed(request, user, photo, PHOTOS, reverse("assistance:detail", args=[pk]))
