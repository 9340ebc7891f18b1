"""Photos of documents taken at a home visit (issue 15 item 5; D1.6): attached by those
who may record the visit, while the investigation is open (workflows.py `home_visit`);
checked, stored under MINZHENG_VAR_DIR/visits/assistance/ and audited by
core.visit_photos (JPEG or PNG by their first bytes, the scan size limit, at most
MAX_PHOTOS per visit; every upload and every view audited)."""

from __future__ import annotations

from minzheng.assistance.models import HomeVisit, HomeVisitPhoto
from minzheng.assistance.services.common import authorize
from minzheng.core.models import User
from minzheng.core.visit_photos import PhotoOf, VisitPhotos


def _of(visit: HomeVisit) -> PhotoOf:
    app = visit.application
    return PhotoOf("assistance", str(app.pk), app.number, app.area_id, "入户调查")


def _authorize(actor: User, visit: HomeVisit) -> None:
    authorize(actor, visit.application, "home_visit")


PHOTOS = VisitPhotos(HomeVisitPhoto, _of, _authorize)
