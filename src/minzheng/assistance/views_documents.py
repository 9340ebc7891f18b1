"""Assistance documents (PDF) and list exports (Excel). Thin: scope through a
selector (404 outside the area, D0.3), build, render, audit, serve.

Every print or export is audited as an `export` of the case or list, because the
data leaves the system on paper or in a file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.assistance.documents import selectors as doc_selectors
from minzheng.assistance.documents.decision import decision_document, decision_filename
from minzheng.assistance.documents.public_notice import is_aided, notice_filename, notice_list
from minzheng.assistance.documents.receipt import receipt
from minzheng.assistance.export import applications_export, enrolments_export
from minzheng.assistance.models import Application
from minzheng.assistance.selectors import application_for_reading
from minzheng.core.audit import audit_record
from minzheng.core.documents.model import Document
from minzheng.core.documents.render import render_pdf
from minzheng.core.documents.response import pdf_response
from minzheng.core.models import AuditAction, User
from minzheng.core.roles import Capability
from minzheng.core.spreadsheets.writer import xlsx_response
from minzheng.core.views import requires


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _printed(
    user: User, application: Application, document: Document, filename: str
) -> HttpResponse:
    content = render_pdf(document)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=application,
        summary=f"打印{document.title} {application.number}",
    )
    return pdf_response(content, filename)


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """受理回执 / 一次性告知书 (D1.5, D1.9)."""
    user = _user(request)
    application = application_for_reading(user, pk, log=False)
    document = receipt(application, printed_by=user)
    return _printed(user, application, document, f"受理回执-{application.number}.pdf")


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The written decision (D1.8, D6.4); a 404 until there is one."""
    user = _user(request)
    application = doc_selectors.decided_application(user, pk)
    document = decision_document(application, printed_by=user)
    return _printed(user, application, document, decision_filename(application))


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def notice_pdf(request: HttpRequest, community_code: str) -> HttpResponse:
    """The public-notice list of one community (D1.7, D3.7), masked for posting."""
    user = _user(request)
    community = doc_selectors.community_for_notice(user, community_code)
    entries = doc_selectors.entries_in_notice(user, community)
    content = render_pdf(notice_list(community, entries))
    listed = sum(1 for e in entries if is_aided(e.application))
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="assistance.publicnotice",
        object_id=community.code,
        area_code=community.code,
        summary=f"打印公示名单 {community.name}（{listed}户）",
    )
    return pdf_response(content, notice_filename(community, timezone.localdate()))


@require_GET
@requires(Capability.VIEW_PERSONAL)
def notice_index(request: HttpRequest) -> HttpResponse:
    """Communities with cases in notice, each linked to its list; the case list
    page loads the short form with htmx."""
    communities = doc_selectors.communities_in_notice(_user(request))
    template = "assistance/_notice_links.html" if request.htmx else "assistance/notice_index.html"  # type: ignore[attr-defined]
    return render(request, template, {"communities": communities})


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def application_export(request: HttpRequest) -> HttpResponse:
    """The case list as Excel, with the list page's filters."""
    content = applications_export(
        actor=_user(request),
        status=request.GET.get("status", "").strip(),
        programme=request.GET.get("programme", "").strip(),
    )
    return xlsx_response(content, f"救助案件-{timezone.localdate():%Y%m%d}.xlsx")


@require_GET
@requires(Capability.EXPORT_PERSONAL)
def enrolment_export(request: HttpRequest) -> HttpResponse:
    """Current enrolments (在保 and 渐退期) as Excel."""
    content = enrolments_export(
        actor=_user(request), programme=request.GET.get("programme", "").strip()
    )
    return xlsx_response(content, f"保障对象-{timezone.localdate():%Y%m%d}.xlsx")
