"""What assistance tells the public side (core.public): an application's step and
deadline for the status look-up, and the events its applicants are told of (D1.8
decisions, D1.5/D6 requests for documents). Only the masked minimum leaves here."""

from __future__ import annotations

from minzheng.assistance.documents.issuers import township_office
from minzheng.assistance.models import Application
from minzheng.core.public import CaseStatus, NoticeEvent, notice_emit


def application_status(receipt: str) -> CaseStatus | None:
    application = Application.objects.filter(number=receipt).select_related("applicant").first()
    if application is None:
        return None
    return CaseStatus(
        kind_label=f"{application.get_programme_display()}申请",
        step=application.status_label,
        deadline=application.deadline or application.total_deadline,
        id_tail=application.applicant.id_number[-4:],
        object_type="assistance.application",
        object_id=str(application.pk),
        area_code=application.area_id,
    )


def applicant_tell(application: Application, kind: str, **fields: str) -> None:
    """Emit an event about this application to its applicant (in the caller's
    transaction: sent only if the decision commits)."""
    notice_emit(
        NoticeEvent(
            kind=kind,
            person_id=application.applicant_id,
            area_code=application.area_id,
            reference=application.number,
            fields={
                "case": application.number,
                "programme": application.get_programme_display(),
                "office": township_office(application.area),
                **fields,
            },
        )
    )
