"""The portal's pages for staff: the published texts (the city office adds versions)
and the delivery log of notifications (in the viewer's area, masked)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import audit_page, audit_read
from minzheng.core.models import Person, User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.portal.content import content_keys, content_publish, contents_in_force
from minzheng.portal.events import EVENTS, FIELD_LABELS
from minzheng.portal.forms import ContentForm
from minzheng.portal.models import ContentVersion, Notification, NotificationStatus, OptOut
from minzheng.portal.optouts import opt_out_record, refusable


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@requires(Capability.MANAGE_CONFIG)
def content_list(request: HttpRequest) -> HttpResponse:
    keys = content_keys()
    in_force = contents_in_force(list(keys), timezone.localdate())
    rows = [(ck, in_force.get(key)) for key, ck in keys.items()]
    return render(request, "portal/content_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_CONFIG)
def content_edit(request: HttpRequest, key: str) -> HttpResponse:
    ck = content_keys().get(key)
    if ck is None:
        raise Http404("未找到该公开内容项")
    history = ContentVersion.objects.filter(key=key).order_by("-version")
    latest = history.first()
    initial = {"title": latest.title if latest else ck.label.split("：", 1)[-1]}
    if latest:
        body = dict(latest.body)
        if isinstance(body.get("documents"), list):
            body["documents"] = "\n".join(body["documents"])
        initial.update(body, basis=latest.basis)
    form = ContentForm(request.POST or None, kind=ck.kind, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            content_publish(
                actor=_user(request),
                key=key,
                title=form.cleaned_data["title"],
                body=form.body(),
                effective_from=form.cleaned_data["effective_from"],
                basis=form.cleaned_data["basis"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, f"已发布{ck.label}的新版本")
            return redirect("portal_staff:content_edit", key=key)
    fields = EVENTS[ck.event].fields if ck.event else ()
    placeholders = "、".join(f"{{{FIELD_LABELS[f]}}}" for f in fields)
    context = {"ck": ck, "form": form, "history": history, "placeholders": placeholders}
    return render(request, "portal/content_edit.html", context, status=422 if form.errors else 200)


def _attach(form: ContentForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@requires(Capability.VIEW_PERSONAL)
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = Notification.objects.visible_to(user).select_related("person", "area")
    state = request.GET.get("status", "")
    if state in NotificationStatus.values:
        rows = rows.filter(status=state)
    page = page_of(request, rows, 50)
    audit_page(
        actor=user,
        object_type="portal.notification",
        criteria={
            "状态": NotificationStatus(state).label
            if state in NotificationStatus.values
            else "全部"
        },
        page=page,
    )
    context = {"page": page, "state": state, "states": NotificationStatus.choices}
    return render(request, "portal/notification_list.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.EDIT_PERSONAL)
def opt_out(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's SMS opt-outs and the form to record one (in the viewer's area, D0.3)."""
    user = _user(request)
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("未找到该人员")
    error, status = "", 200
    if request.method == "POST":
        try:
            opt_out_record(actor=user, person=person, event=request.POST.get("event", "")[:24])
        except ValidationError as exc:
            error, status = "；".join(exc.message_dict.get("event", exc.messages)), 422
        else:
            messages.success(request, "已登记短信退订")
            return redirect("portal_staff:opt_out", person_id=person.pk)
    else:
        audit_read(actor=user, obj=person, summary="查看短信退订登记")
    context = {
        "person": person,
        "recorded": OptOut.objects.filter(person=person).select_related("recorded_by"),
        "events": refusable(),
        "error": error,
    }
    return render(request, "portal/opt_out.html", context, status=status)
