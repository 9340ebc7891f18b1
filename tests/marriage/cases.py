"""A case of each marriage workflow in its initial state, written directly (the grids
ask the engine about roles; how a case is received is tested in the service tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from minzheng.core import idnumber
from minzheng.core.models import User, WorkflowCase
from minzheng.marriage.models import Appointment, Divorce, MarriageRegistration, Registry

_numbers = itertools.count(1)


def _parties(clerk: User, registry: Registry) -> dict[str, object]:
    n = next(_numbers)
    return {
        "registry": registry,
        "area_id": registry.area_id,
        "received_by": clerk,
        "party_a_name": f"甲{n}",
        "party_a_id_number": idnumber.make("320324", dt.date(1990, 1, 1), (2 * n + 1) % 1000),
        "party_b_name": f"乙{n}",
        "party_b_id_number": idnumber.make("320324", dt.date(1992, 1, 1), (2 * n) % 1000),
    }


def marriage_case(workflow: str, clerk: User, area_code: str, day: dt.date) -> WorkflowCase:
    n = next(_numbers)
    registry = Registry.objects.create(code=f"8{n:05d}", name=f"登记处{n}", area_id=area_code)
    if workflow == "marriage_appointment":
        return Appointment.objects.create(
            registry=registry, area_id=area_code, day=day, kind="marriage",
            party_a_name="甲", party_b_name="乙", phone="13800000000", booked_by=clerk,
        )  # fmt: skip
    if workflow == "marriage_registration":
        return MarriageRegistration.objects.create(
            received_on=day, declaration_signed_at=timezone.now(), **_parties(clerk, registry)
        )
    return Divorce.objects.create(
        received_on=day,
        cooling_off_ends_on=day + dt.timedelta(days=30),
        window_ends_on=day + dt.timedelta(days=60),
        marriage_certificate_number="J0-2020-000001",
        agreement_children="无",
        agreement_property="无",
        agreement_debts="无",
        **_parties(clerk, registry),
    )
