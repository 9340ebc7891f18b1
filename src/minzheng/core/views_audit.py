"""The audit page: the trail in the auditor's words, and the 校验审计链 action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core import selectors
from minzheng.core.audit_display import audit_rows
from minzheng.core.audit_runs import verification_latest, verification_start
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.audit_entries_visible(_user(request))
    if obj := request.GET.get("object_id"):
        qs = qs.filter(object_id=obj)
    page = page_of(request, qs, 50)
    context = {"page": page, "rows": audit_rows(page), "run": verification_latest()}
    return render(request, "core/audit_list.html", context)


@require_POST
@requires(Capability.VIEW_AUDIT)
def audit_verify(request: HttpRequest) -> HttpResponse:
    run = verification_start(actor=_user(request))
    if run.finished_at is None:
        messages.info(request, "已开始校验审计链，完成后本页显示结果")
    elif run.ok:
        messages.success(request, f"审计链完整：共{run.entries}条，核对检查点{run.checkpoints}个")
    else:
        messages.error(request, f"审计链校验发现{len(run.problems)}处问题，详见下方")
    return redirect("core:audit_list")
