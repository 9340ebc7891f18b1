"""The beneficiary roll import page (issue 10 item 8): upload, then either every problem
(row, column, reason; nothing imported) or what was imported. Thin: authorise, call
`roll_import`, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from minzheng.core.models import User
from minzheng.core.responses import redirect_after_post
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.forms import RollForm
from minzheng.payments.roll.importer import RollRefused, roll_import
from minzheng.payments.workflows import PAYROLL

SHOWN = 500  # problems listed on the page; the command prints them all


def may_import(user: User) -> bool:
    return user.role in PAYROLL.find("compute").roles


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def roll_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not may_import(user):
        raise PermissionDenied("您的角色无权导入保障名册")
    if request.method == "GET":
        return render(request, "payments/roll_import.html", {"form": RollForm()})
    form = RollForm(request.POST, request.FILES)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = roll_import(actor=user, content=upload.read(), filename=upload.name)
        except ActionNotPermitted as refused:
            raise PermissionDenied(str(refused)) from None
        except RollRefused as refused:
            context.update(errors=refused.errors[:SHOWN], count=len(refused.errors))
            context["filename"] = upload.name
        else:
            messages.success(request, outcome.summary_zh())  # with rows matched (issue 16)
            return redirect_after_post(request, reverse("payments:cycle_list"))
    return render(request, "payments/roll_import.html", context, status=422)
