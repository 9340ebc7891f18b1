"""Scoped reads of licence applications (D0.3): an application is its authority's (a
county or the city); those who reach the authority see it."""

from __future__ import annotations

from django.http import Http404

from minzheng.core.audit import audit_read
from minzheng.core.models import User
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.licensing.models import LicenceApplication


def applications_visible(user: User) -> ScopedQuerySet[LicenceApplication]:
    return (
        LicenceApplication.objects.visible_to(user)
        .select_related("area")
        .prefetch_related("clock_pauses")
    )


def application_for_reading(user: User, pk: int, *, log: bool = True) -> LicenceApplication:
    application = applications_visible(user).filter(pk=pk).first()
    if application is None:
        raise Http404("未找到该许可申请，或不在您的管辖区域内")
    if log:
        audit_read(actor=user, obj=application, summary=f"查看行政许可申请 {application}")
    return application
