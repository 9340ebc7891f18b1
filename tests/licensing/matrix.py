"""What the scope matrix needs of licensing in a place: an application received by the
place's county bureau (an application is its authority's, `scope="county"`), with the
complete checklist so that accepting it changes its state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minzheng.core.models import User
from minzheng.licensing.models import LicenceApplication
from tests.licensing.conftest import ELDERCARE, write_limits


def licensing_place(area_code: str) -> LicenceApplication:
    write_limits()
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    today: dt.date = timezone.localdate()
    return LicenceApplication.objects.create(
        number=f"XK-M-{area_code}",
        item_code="eldercare_filing",
        area_id=area_code[:6],
        applicant_kind="organisation",
        applicant_name=f"矩阵养老院{area_code}",
        applicant_code="91320302MA1XYW0016",
        contact_phone="051683001234",
        subject=f"矩阵许可-{area_code}",
        materials_received=list(ELDERCARE),
        received_on=today,
        received_by=clerk,
    )
