"""The renewed disability certificate's entry form (D4.2): a person of the user's area,
the certificates recorded for them, and the form. Thin: authorise, one service, render.
A person outside the area is "not found" (D0.3), whoever asks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.benefits.certificates import RECORDERS
from minzheng.benefits.forms import CertificateRenewalForm
from minzheng.benefits.models import CertificateRenewal
from minzheng.benefits.services.certificates import certificate_renew
from minzheng.benefits.views import user_of
from minzheng.core.forms import attach_errors
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Person, User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _person(user: User, pk: int) -> Person:
    found = (
        Person.objects.filter(pk=pk, merged_into__isnull=True)
        .filter(area__code__startswith=user.scope_prefix)
        .first()
    )
    if found is None or user.area_id is None:
        raise Http404("未找到该人员")
    return found


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def certificate_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    if user.role not in RECORDERS:
        raise PermissionDenied("残疾人证由受理、审核申请的社区和乡镇登记")
    person = _person(user, pk)
    initial = {
        "disability_type": person.disability_type,
        "disability_grade": person.disability_grade,
    }
    form = CertificateRenewalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_renew(
                actor=user, person=person, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记{person.name}换发的残疾人证")
            return redirect_after_post(request, request.path)
    context = {
        "person": person,
        "masked_id": mask_id_number(person.id_number),
        "form": form,
        "renewals": CertificateRenewal.objects.filter(person=person)[:20],
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "benefits/certificate_renew.html", context, status=status)
