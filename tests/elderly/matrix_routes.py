"""Scope-matrix rows of the elderly-services pages and API (D0.3: a facility, its meal
records, refusals and settlements lie in the facility's community; coverage figures in
their area). Status actions and settlements follow tests/bureau_rules (D7.2)."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from minzheng.core.roles import Capability
from minzheng.elderly.mealfile import COLUMNS as MEAL_COLUMNS
from minzheng.elderly.models import (
    CoverageFigure,
    Facility,
    FacilitySubsidy,
    MealRecord,
    Operator,
    Settlement,
)
from minzheng.elderly.spreadsheet import COLUMNS
from minzheng.payments.models import InstitutionalPayable
from tests.bureau_rules import (
    ELDERLY_FACILITY,
    ELDERLY_FUND,
    INSTITUTIONAL_PAYABLE,
    MEAL_SETTLEMENT,
    OPERATOR_ACCOUNT,
)
from tests.core.matrix_base import Endpoint, Target
from tests.elderly.factories import POINT
from tests.elderly.matrix import ElderlyPlace

E = "/elderly"


def _e(t: Target) -> ElderlyPlace:
    assert t.elderly is not None
    return t.elderly


def _shows(text: Callable[[ElderlyPlace], str]) -> Callable[[object, Target], bool]:
    return lambda r, t: text(_e(t)) in r.content.decode()  # type: ignore[attr-defined]


def _facility_data(t: Target, name: str, address: str = "和平路2号") -> dict[str, object]:
    lon, lat = POINT.get(t.area_code[:6], POINT["320302"])
    return {
        "name": name,
        "kind": "station",
        "operator": "矩阵运营方",
        "operator_type": "public",
        "area": t.area_code,
        "address": address,
        "longitude": lon,
        "latitude": lat,
        "hours": "8:00-17:00",
        "services": ["day_care"],
        "capacity": "30",
        "opened_on": "2026-01-05",
    }


def _workbook(t: Target) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([h for _, h in COLUMNS])
    data = {**_facility_data(t, f"矩阵导入站点{t.area_code}"), "services": "日间照料"}
    sheet.append([data.get(key, "") for key, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("设施.xlsx", buffer.getvalue())


def _meal_file(t: Target) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([h for _, h in MEAL_COLUMNS])
    sheet.append([_e(t).elder.id_number, _e(t).elder.name, "晚餐", "12.00"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("日报.xlsx", buffer.getvalue())


def _xlsx_lists(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return _e(t).facility.name in {row[0] for row in sheet.iter_rows(values_only=True)}


def _today() -> str:
    return timezone.localdate().isoformat()


def _meal_recorded(t: Target, meal: str) -> bool:
    return MealRecord.objects.filter(
        person=_e(t).elder, served_on=timezone.localdate(), meal=meal
    ).exists()


ROUTES = [
    Endpoint(
        "elderly:facility_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/"),
        _shows(lambda p: p.facility.name),
    ),
    Endpoint(
        "elderly:facility_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{E}/facilities/new/", _facility_data(t, f"矩阵新站点{t.area_code}")),
        changed=lambda t: Facility.objects.filter(name=f"矩阵新站点{t.area_code}").exists(),
    ),
    Endpoint(
        "elderly:facility_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/facilities/{_e(t).facility.pk}/"),
    ),
    Endpoint(
        "elderly:facility_edit",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/facilities/{_e(t).facility.pk}/edit/",
            {**_facility_data(t, _e(t).facility.name, "矩阵变更路"), "on": _today()},
        ),
        changed=lambda t: Facility.objects.get(pk=_e(t).facility.pk).address == "矩阵变更路",
        roles=ELDERLY_FACILITY["change"],
    ),
    Endpoint(
        "elderly:facility_action",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/facilities/{_e(t).facility.pk}/action/",
            {"action": "suspend", "on": _today(), "note": "矩阵暂停"},
        ),
        changed=lambda t: Facility.objects.get(pk=_e(t).facility.pk).status == "suspended",
        roles=ELDERLY_FACILITY["suspend"],
    ),
    Endpoint(
        "elderly:facility_import",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{E}/facilities/import/", {"file": _workbook(t)}),
        changed=lambda t: Facility.objects.filter(name=f"矩阵导入站点{t.area_code}").exists(),
    ),
    Endpoint(
        "elderly:facility_export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(f"{E}/facilities/export/"),
        _xlsx_lists,
    ),
    Endpoint("elderly:map", "page", Capability.VIEW_DASHBOARD, lambda c, t: c.get(f"{E}/map/")),
    Endpoint(
        "elderly:county_shapes",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get(f"{E}/map/counties.geojson"),
    ),
    Endpoint(
        "elderly:coverage_measure",
        "write",
        Capability.MANAGE_CONFIG,
        lambda c, t: c.post(f"{E}/map/measure/", {"area": t.area_code}),
        changed=lambda t: CoverageFigure.objects.filter(
            run__walk_distance_m=1000, run__homes__gt=0, level="community", area_code=t.area_code
        ).exists(),
    ),
    Endpoint(
        "elderly:meal_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/meals/"),
        _shows(lambda p: p.canteen.name),
    ),
    Endpoint(
        "elderly:meal_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/meals/new/",
            {
                "canteen": _e(t).canteen.pk,
                "served_on": _today(),
                "meal": "lunch",
                "id_number": _e(t).elder.id_number,
                "name": _e(t).elder.name,
                "price": "12.00",
            },
        ),
        changed=lambda t: _meal_recorded(t, "lunch"),
    ),
    Endpoint(
        "elderly:meal_import",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/meals/import/",
            {"canteen": _e(t).canteen.pk, "served_on": _today(), "file": _meal_file(t)},
        ),
        changed=lambda t: _meal_recorded(t, "dinner"),
    ),
    Endpoint(
        "elderly:settlement_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/settlements/"),
        _shows(lambda p: p.canteen.name),
    ),
    Endpoint(
        "elderly:settlement_prepare",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/settlements/prepare/", {"canteen": _e(t).canteen.pk, "month": "2026-03"}
        ),
        changed=lambda t: Settlement.objects.filter(
            canteen=_e(t).canteen, month="2026-03-01", meals=1
        ).exists(),
        roles=MEAL_SETTLEMENT["prepare"],
    ),
    Endpoint(
        "elderly:settlement_detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/settlements/{_e(t).settlement.pk}/"),
    ),
    Endpoint(
        "elderly:settlement_action",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/settlements/{_e(t).settlement.pk}/action/", {"action": "submit", "note": ""}
        ),
        changed=lambda t: Settlement.objects.get(pk=_e(t).settlement.pk).status == "submitted",
        roles=MEAL_SETTLEMENT["submit"],
    ),
    Endpoint(
        "elderly:fund_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{E}/funds/"),
        _shows(lambda p: f'id="fund-{p.subsidy.pk}"'),
    ),
    Endpoint(
        "elderly:fund_prepare",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/funds/prepare/",
            {"facility": _e(t).facility.pk, "kind": "operating", "month": "2026-03"},
        ),
        changed=lambda t: FacilitySubsidy.objects.filter(
            facility=_e(t).facility, kind="operating", month="2026-03-01"
        ).exists(),
        roles=ELDERLY_FUND["prepare"],
    ),
    Endpoint(
        "elderly:fund_action",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/funds/{_e(t).subsidy.pk}/action/", {"action": "submit", "note": ""}
        ),
        changed=lambda t: FacilitySubsidy.objects.get(pk=_e(t).subsidy.pk).status == "submitted",
        roles=ELDERLY_FUND["submit"],
    ),
    Endpoint(
        "elderly:operator_account",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{E}/operators/{_e(t).facility.operator_id}/account/",
            {
                "bank": "矩阵新开户行",
                "account_number": "6217000011112222",
                "holder_name": _e(t).facility.operator.name,
            },
        ),
        changed=lambda t: (
            Operator.objects.get(pk=_e(t).facility.operator_id).bank == "矩阵新开户行"
        ),
        # D13.1, D13.2: the bureau that pays keeps where it pays (county bureau, city office)
        roles=OPERATOR_ACCOUNT,
    ),
    Endpoint(
        "payments:payable_list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/payments/payables/"),
        _shows(lambda p: f'id="payable-{p.payable.pk}"'),
        scope="county",
    ),
    Endpoint(
        "payments:payable_action",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"/payments/payables/{_e(t).payable.pk}/action/", {"action": "send", "note": ""}
        ),
        changed=lambda t: InstitutionalPayable.objects.get(pk=_e(t).payable.pk).status == "sent",
        roles=INSTITUTIONAL_PAYABLE["send"],
        scope="county",
    ),
    Endpoint(
        "GET /api/v1/elderly/facilities",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/elderly/facilities", {"page_size": 200}),
        lambda r, t: any(i["id"] == _e(t).facility.pk for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "GET /api/v1/elderly/coverage",
        "list",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/api/v1/elderly/coverage", {"level": "community"}),
        lambda r, t: any(i["area_code"] == t.area_code for i in r.json()["items"]),  # type: ignore[attr-defined]
    ),
]
