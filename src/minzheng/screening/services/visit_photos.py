"""Photos of documents taken at a screening visit (issue 15 item 5): attached under a
recorded visit by those who may record one (field work in the target's area:
common.authorize_field_work) while the campaign still takes visits (active, as
visits._checked_round requires); checked, stored under MINZHENG_VAR_DIR/visits/screening/
and audited by core.visit_photos."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from minzheng.core.models import User
from minzheng.core.visit_photos import PhotoOf, VisitPhotos
from minzheng.screening.models import Visit, VisitPhoto
from minzheng.screening.services.common import authorize_field_work


def _of(visit: Visit) -> PhotoOf:
    target = visit.target
    number = f"家庭{target.household.number}"
    return PhotoOf("screening", str(target.pk), number, target.area_id, "走访")


def _authorize(actor: User, visit: Visit) -> None:
    authorize_field_work(actor, visit.target.area_id)
    if visit.target.campaign.status != "active":
        raise PermissionDenied("排查活动未启动或已结束，不能再上传走访照片")


PHOTOS = VisitPhotos(VisitPhoto, _of, _authorize)
