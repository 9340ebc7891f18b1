"""An application a resident holds a receipt for, made directly (no workflow run)."""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.models import Application
from minzheng.core.models import User
from tests.factories import AREAS, make_household

RECEIPT = "SA20261201ABC123"


def make_application(user: User, *, number: str = RECEIPT, deadline: dt.date | None = None):
    household = make_household(AREAS["community_a1"], size=2)
    app = Application.objects.create(
        number=number,
        programme="dibao",
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=dt.date(2026, 12, 1),
        area_id=AREAS["community_a1"],
        created_by=user,
    )
    if deadline is not None:  # the engine's field: set as the engine would, not by save()
        Application.objects.filter(pk=app.pk).update(deadline=deadline)
        app.refresh_from_db()
    return app
