"""The user's own account page (API tokens, issue 7 item 8), the unlock page of
log-in throttling (item 7) and the duties page (岗位管理, core.duties)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.accounts import api_token_revoke
from minzheng.core.duties import all_duties, duty_grant, duty_label, duty_revoke
from minzheng.core.forms import attach_errors
from minzheng.core.models import ApiToken, DutyGrant, User
from minzheng.core.roles import Capability
from minzheng.core.throttling import login_unlock
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
    duties = sorted(duty_label(code) for code in user.duty_codes)
    return render(request, "core/account.html", {"tokens": tokens, "duties": duties})


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


class DutyGrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    duty = forms.ChoiceField(label="岗位", choices=())
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        duty = self.fields["duty"]
        assert isinstance(duty, forms.ChoiceField)
        duty.choices = [(d.code, d.label) for d in all_duties().values()]


class DutyRevokeForm(forms.Form):
    note = forms.CharField(label="撤销理由", max_length=200)


def _in_reach(actor: User) -> QuerySet[DutyGrant]:
    return DutyGrant.objects.filter(
        revoked_at__isnull=True, user__area__code__startswith=actor.scope_prefix
    ).select_related("user", "user__area", "granted_by")


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_ACCOUNTS)
def duties(request: HttpRequest) -> HttpResponse:
    """岗位管理: who holds which duty in the city office's area; grant and revoke."""
    actor = _user(request)
    form = DutyGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"]).first()
        try:
            if user is None:
                raise ValidationError({"username": "用户名不存在或不在您的管辖区域内"})
            duty_grant(actor=actor, user=user, code=data["duty"], note=data["note"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已授予 {user} 岗位“{duty_label(data['duty'])}”")
            return redirect("core:duties")
    grants = sorted(_in_reach(actor), key=lambda g: (g.duty, g.user.username))
    context = {
        "form": form,
        "grants": [(g, duty_label(g.duty)) for g in grants],
        "declared": list(all_duties().values()),
    }
    return render(request, "core/duties.html", context, status=422 if form.errors else 200)


@require_POST
@requires(Capability.MANAGE_ACCOUNTS)
def duty_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _user(request)
    grant = get_object_or_404(_in_reach(actor), pk=pk)
    form = DutyRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "撤销岗位须填写理由")
        return redirect("core:duties")
    duty_revoke(actor=actor, user=grant.user, code=grant.duty, note=form.cleaned_data["note"])
    messages.success(request, f"已撤销 {grant.user} 的岗位“{duty_label(grant.duty)}”")
    return redirect("core:duties")
