"""The one standards page: every declared setting, its history, and a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.core.models import User
from minzheng.core.roles import Capability
from minzheng.core.settings_page import SettingVersionForm, settings_overview
from minzheng.core.settings_registry import declared
from minzheng.core.settings_write import setting_set
from minzheng.core.views import requires


@require_http_methods(["GET", "POST"])
@requires(Capability.VIEW_DASHBOARD)
def settings_list(request: HttpRequest) -> HttpResponse:
    """Every setting with its history (e.g. ten rises of the dibao standard, D1.18); the
    city office adds versions here (through `settings_write.setting_set`)."""
    user = request.user
    assert isinstance(user, User)
    can_edit = user.can(Capability.MANAGE_CONFIG)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("您的角色没有修改配置的权限")
    form = SettingVersionForm(request.POST or None, user=user) if can_edit else None
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            row = setting_set(
                actor=user,
                key=data["key"],
                value=data["value"],
                area=data["area"],
                effective_from=data["effective_from"],
                basis=data["basis"],
            )
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            label = declared()[row.key].label
            since = f"{row.effective_from:%Y-%m-%d}"
            messages.success(request, f"已保存“{label}”的新版本（{since}起生效）")
            return redirect("core:settings")
    return render(
        request,
        "core/settings.html",
        {"groups": settings_overview(timezone.localdate()), "form": form},
        status=422 if form is not None and form.errors else 200,
    )
