"""Photos of documents taken at a visit (issue 15 item 5): uploaded under each recorded
visit on the visit page (a phone's camera: `capture`), shown only to users whose area
reaches the target (else 404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import audit_read
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.views_photos import VisitPhotoForm, photo_file, photo_posted, photo_removed
from minzheng.screening import selectors
from minzheng.screening.forms import VisitForm
from minzheng.screening.models import CampaignTarget, VisitPhoto
from minzheng.screening.services.visit_photos import PHOTOS
from minzheng.screening.views import user_of


def photos_context(target: CampaignTarget) -> dict[str, Any]:
    """The visit page's visits with their photos, and the upload form while the
    campaign takes visits."""
    return {
        "visits": selectors.visits_of(target).prefetch_related("photos"),
        "photo_form": VisitPhotoForm() if target.campaign.status == "active" else None,
    }


@require_POST
@requires(Capability.EDIT_PERSONAL)
def visit_photo_attach(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    user = user_of(request)
    target = selectors.target_for_visit(user, pk)
    visit = get_object_or_404(target.visits, pk=visit_pk)
    return photo_posted(
        request, user, visit, PHOTOS,
        done=reverse("screening:visit_new", args=[pk]),
        again=lambda refused: render(
            request, "screening/visit.html",
            {"target": target, "form": VisitForm(), **photos_context(target),
             "photo_error": refused},
        ),
    )  # fmt: skip


@require_GET
@requires(Capability.VIEW_PERSONAL)
def visit_photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = user_of(request)
    target = selectors.target_for_visit(user, pk)
    photo = get_object_or_404(VisitPhoto, pk=photo_pk, visit__target=target)
    return photo_file(user, photo, PHOTOS)


@require_POST
@requires(Capability.EDIT_PERSONAL)
def visit_photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    user = user_of(request)
    target = selectors.target_for_visit(user, pk)
    photo = get_object_or_404(
        VisitPhoto.objects.select_related("visit__target__campaign", "visit__target__household"),
        pk=photo_pk,
        visit__target=target,
    )
    return photo_removed(request, user, photo, PHOTOS, reverse("screening:visit_new", args=[pk]))


@require_GET
@requires(Capability.VIEW_PERSONAL)
def visit_photos(request: HttpRequest, pk: int) -> HttpResponse:
    """The target's visits and their photos, read-only: for whoever may read the target
    (the visit page is for those who record visits); the listing is audited."""
    user = user_of(request)
    target = selectors.target_for_visit(user, pk)
    visits = list(selectors.visits_of(target).prefetch_related("photos"))
    audit_read(
        actor=user,
        obj=target,
        summary=f"查看走访照片清单 家庭{target.household.number}",
    )
    return render(request, "screening/visit_photos.html", {"target": target, "visits": visits})
