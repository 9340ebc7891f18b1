"""The user's own account page (API tokens, issue 7 item 8) and the unlock page of
log-in throttling (item 7)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.accounts import api_token_revoke
from minzheng.core.forms import attach_errors
from minzheng.core.models import ApiToken, User
from minzheng.core.roles import Capability
from minzheng.core.throttling import login_unlock
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=_user(request)).order_by("-created_at")
    return render(request, "core/account.html", {"tokens": tokens})


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    try:
        api_token_revoke(actor=user, token=token)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已吊销令牌“{token.label}”")
    return redirect("core:account")


class UnlockForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, required=False)
    ip = forms.GenericIPAddressField(
        label="来源地址", required=False, error_messages={"invalid": "请填写正确的IP地址"}
    )

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if not (data.get("username") or data.get("ip")):
            raise ValidationError("请填写要解除锁定的用户名或来源地址")
        return data


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_ACCOUNTS)
def unlock(request: HttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login_unlock(actor=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已解除登录锁定")
            return redirect("core:login_unlock")
    status = 422 if form.errors else 200
    return render(request, "core/login_unlock.html", {"form": form}, status=status)
