"""Photos of documents taken at a lead's verification (issue 15 item 5, D5.3): attached
under a recorded check by those who may record one (the personal-data edit capability,
in the lead's area: services.authorize) while the lead is not closed; checked, stored
under MINZHENG_VAR_DIR/visits/warning/ and audited by core.visit_photos."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from minzheng.core.models import User
from minzheng.core.visit_photos import PhotoOf, VisitPhotos
from minzheng.warning.models import LeadVisit, LeadVisitPhoto
from minzheng.warning.services import authorize


def _of(visit: LeadVisit) -> PhotoOf:
    lead = visit.lead
    return PhotoOf("warning", str(lead.pk), f"预警线索{lead.pk}", lead.area_id, "线索核实")


def _authorize(actor: User, visit: LeadVisit) -> None:
    authorize(actor, visit.lead)
    if visit.lead.status == "closed":
        raise PermissionDenied("线索已办结，不能再上传核实照片")


PHOTOS = VisitPhotos(LeadVisitPhoto, _of, _authorize)
