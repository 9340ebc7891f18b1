"""Licensing applications answered by the public status look-up (issue 15; docs/
portal.md): the receipt number is the application's number; the answer is the step
and, while the application is open and its clock runs, the day it is promised by
(承诺时限, else the statutory one, D15.1). The applicant's code's last four characters
are compared (an ID number's, or a unified social credit code's)."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.public import CaseStatus
from minzheng.licensing.deadlines import clocks_of
from minzheng.licensing.items import all_items
from minzheng.licensing.models import OPEN_STATES, LicenceApplication


def licence_status(receipt: str) -> CaseStatus | None:
    application = LicenceApplication.objects.filter(number=receipt).first()
    if application is None:
        return None
    deadline = None
    if application.status in OPEN_STATES:
        clocks = clocks_of(application, timezone.localdate())
        running = clocks.promised if clocks.promised and clocks.promised.limit else None
        running = running or clocks.statutory
        deadline = running.due if running is not None else None
    item = all_items().get(application.item_code)
    return CaseStatus(
        kind_label=f"{item.name if item else '行政许可'}申请",
        step=application.status_label,
        deadline=deadline,
        id_tail=application.applicant_code[-4:],
        object_type="licensing.licenceapplication",
        object_id=str(application.pk),
        area_code=application.area_id,
    )
