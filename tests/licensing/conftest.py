"""Licensing fixtures: the limits the clocks read, written here (so every expected
date follows from rows the test wrote), and applications made through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import Area, ConfigValue, User
from minzheng.licensing import services
from minzheng.licensing.models import LicenceApplication
from tests.factories import AREAS

D = dt.date
LIMITS = {
    "licensing.statutory.working_days": "20",  # D15.1
    "licensing.promised.working_days": "10",  # D15.3 (Xuzhou: 20 -> 10)
    "licensing.correction.working_days": "5",  # D15.2
    "licensing.extension.working_days": "10",  # D15.1
    "licensing.extension.extends_promised": "false",
    "licensing.delivery.working_days": "10",  # D15.2 (art. 44)
    "licensing.due_soon.working_days": "3",
    "licensing.joint.working_days": "45",  # D15.1 (art. 42 para. 2)
    "licensing.joint.extension_working_days": "15",  # D15.1
}
ELDERCARE = ("filing_form", "legal_person", "premises", "fire_safety", "pledge")


def write_limits() -> None:
    for key, value in LIMITS.items():
        ConfigValue.objects.get_or_create(
            key=key,
            area=None,
            effective_from=D(2020, 1, 1),
            defaults={"value": value, "basis": "测试"},
        )


@pytest.fixture
def limits(areas):
    write_limits()


def receive(
    user: User,
    on: dt.date,
    *,
    materials: tuple[str, ...] = ELDERCARE,
    county: str = AREAS["county_a"],
    name: str = "徐州市颐和养老院",
    item_code: str = "eldercare_filing",
    joint: bool = False,
) -> LicenceApplication:
    intake = services.Intake(
        item_code=item_code,
        authority=Area.objects.get(code=county),
        applicant_kind="organisation",
        applicant_name=name,
        applicant_code="91320302MA1XYW0016",
        contact_phone="0516-83001234",
        subject="养老机构备案",
        materials=materials,
        received_on=on,
        joint=joint,
    )
    return services.application_receive(actor=user, intake=intake, today=on)


def accepted(user: User, on: dt.date) -> LicenceApplication:
    return services.application_accept(
        actor=user, application=receive(user, on), materials=[], today=on
    )


def head(user: User) -> User:
    """`user` made head of the licensing authority (the duty of D15.1)."""
    from minzheng.core.duties import duty_grant

    duty_grant(actor=None, user=user, code="licensing_head")
    return user
