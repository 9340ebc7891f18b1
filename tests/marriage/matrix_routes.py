"""Scope-matrix rows of the marriage pages and API. Every registrar route needs the duty
婚姻登记员 (capability `marriage_register`), which no role has by itself: the matrix's
users hold no duty, so each role is refused (403) everywhere. Registrars' own reach is
walked in tests/marriage/test_registrar_scope.py."""

from __future__ import annotations

from typing import cast

from minzheng.core.roles import Capability
from minzheng.marriage.duties import REGISTER
from minzheng.marriage.models import Appointment, Certificate, Divorce, MarriageRegistration
from tests.core.matrix_base import Endpoint, Target
from tests.marriage.matrix import MarriagePlace

REGISTRAR = cast(Capability, REGISTER)


def _m(t: Target) -> MarriagePlace:
    assert t.marriage is not None
    return t.marriage


def _status(model: type, pk: int) -> str:
    return str(model.objects.get(pk=pk).status)


def _registry_shown(r: object, t: Target) -> bool:
    return _m(t).registry.name in r.content.decode()  # type: ignore[attr-defined]


def _couple(t: Target, prefix: str) -> dict[str, object]:
    return {
        "registry": _m(t).registry.pk,
        "party_a_name": f"{prefix}甲",
        "party_a_id_number": "320311199003010310",  # a man born 1990-03-01
        "party_b_name": f"{prefix}乙",
        "party_b_id_number": "320311199208080427",  # a woman born 1992-08-08
    }


MARRIAGE = [
    Endpoint("marriage:home", "page", REGISTRAR, lambda c, t: c.get("/marriage/")),
    Endpoint(
        "marriage:appointments",
        "write",
        REGISTRAR,
        lambda c, t: c.post(
            "/marriage/appointments/",
            {
                "registry": _m(t).registry.pk,
                "day": _m(t).appointment.day.isoformat(),
                "kind": "divorce",
                "party_a_name": "矩阵预约甲",
                "party_b_name": "矩阵预约乙",
                "phone": "13800000000",
            },
        ),
        changed=lambda t: Appointment.objects.filter(
            registry=_m(t).registry, party_a_name="矩阵预约甲"
        ).exists(),
    ),
    Endpoint(
        "marriage:appointment_cancel",
        "write",
        REGISTRAR,
        lambda c, t: c.post(f"/marriage/appointments/{_m(t).appointment.pk}/cancel/"),
        changed=lambda t: _status(Appointment, _m(t).appointment.pk) == "cancelled",
    ),
    Endpoint(
        "marriage:statistics",
        "list",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/marriage/statistics/"),
        _registry_shown,
    ),
    Endpoint(
        "marriage:registration_new",
        "write",
        REGISTRAR,
        lambda c, t: c.post(
            "/marriage/registrations/new/",
            {**_couple(t, "矩阵受理"), "declaration_signed": "on"},
        ),
        changed=lambda t: MarriageRegistration.objects.filter(
            registry=_m(t).registry, party_a_name="矩阵受理甲"
        ).exists(),
    ),
    Endpoint(
        "marriage:registration_detail",
        "detail",
        REGISTRAR,
        lambda c, t: c.get(f"/marriage/registrations/{_m(t).received.pk}/"),
    ),
    Endpoint(
        "marriage:registration_act",
        "write",
        REGISTRAR,
        lambda c, t: c.post(f"/marriage/registrations/{_m(t).received.pk}/act/register/"),
        changed=lambda t: _status(MarriageRegistration, _m(t).received.pk) == "registered",
    ),
    Endpoint(
        "marriage:divorce_new",
        "write",
        REGISTRAR,
        lambda c, t: c.post(
            "/marriage/divorces/new/",
            {
                **_couple(t, "矩阵离婚"),
                "marriage_certificate_number": "J0-2020-000009",
                "agreement_children": "无",
                "agreement_property": "无",
                "agreement_debts": "无",
            },
        ),
        changed=lambda t: Divorce.objects.filter(
            registry=_m(t).registry, party_a_name="矩阵离婚甲"
        ).exists(),
    ),
    Endpoint(
        "marriage:divorce_detail",
        "detail",
        REGISTRAR,
        lambda c, t: c.get(f"/marriage/divorces/{_m(t).divorce.pk}/"),
    ),
    Endpoint(
        "marriage:divorce_act",
        "write",
        REGISTRAR,
        lambda c, t: c.post(
            f"/marriage/divorces/{_m(t).divorce.pk}/act/withdraw/", {"withdraw-party": "party_a"}
        ),
        changed=lambda t: _status(Divorce, _m(t).divorce.pk) == "withdrawn",
    ),
    Endpoint(
        "marriage:certificate_pdf",
        "detail",
        REGISTRAR,
        lambda c, t: c.get(f"/marriage/certificates/{_m(t).certificate.pk}/record.pdf"),
    ),
    Endpoint(
        "marriage:certificate_replace",
        "write",
        REGISTRAR,
        lambda c, t: c.post(
            f"/marriage/certificates/{_m(t).certificate.pk}/replace/",
            {"registry": _m(t).registry.pk, "reason": "矩阵补领"},
        ),
        changed=lambda t: Certificate.objects.filter(replaces=_m(t).certificate).exists(),
    ),
    Endpoint(
        "GET /api/v1/marriage/registrations/{pk}",
        "detail",
        REGISTRAR,
        lambda c, t: c.get(f"/api/v1/marriage/registrations/{_m(t).received.pk}"),
    ),
    Endpoint(
        "GET /api/v1/marriage/divorces",
        "list",
        REGISTRAR,
        lambda c, t: c.get("/api/v1/marriage/divorces?page_size=100"),
        lambda r, t: any(
            i["id"] == _m(t).divorce.pk
            for i in r.json()["items"]  # type: ignore[attr-defined]
        ),
    ),
    Endpoint(
        "GET /api/v1/marriage/divorces/{pk}",
        "detail",
        REGISTRAR,
        lambda c, t: c.get(f"/api/v1/marriage/divorces/{_m(t).divorce.pk}"),
    ),
    Endpoint(
        "GET /api/v1/marriage/statistics",
        "list",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/api/v1/marriage/statistics"),
        lambda r, t: any(
            row["registry"] == _m(t).registry.name
            for row in r.json()  # type: ignore[attr-defined]
        ),
    ),
]
ROUTES = MARRIAGE
