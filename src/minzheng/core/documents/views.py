"""Printable documents served as PDF. Each print is scoped like the page it comes
from and audited as an export (the data leaves the system on paper)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core import selectors
from minzheng.core.audit import audit_record
from minzheng.core.documents.household_summary import household_summary
from minzheng.core.documents.render import render_pdf
from minzheng.core.documents.response import pdf_response
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability
from minzheng.core.views import requires


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def household_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    household = selectors.household_for_reading(user, pk, log=False)
    memberships = list(selectors.memberships_of(household))
    document = household_summary(household, memberships, printed_by=user, on=timezone.localdate())
    content = render_pdf(document)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=household,
        summary=f"打印家庭成员信息表 {household.number}",
    )
    return pdf_response(content, f"家庭成员信息表-{household.number}.pdf")
