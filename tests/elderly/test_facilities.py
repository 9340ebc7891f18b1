"""The facility register (issue 14 item 1, D7.2): status history with dates through the
workflow engine, the hub–satellite links under the configured kinds, coordinates inside
the county, and the all-or-nothing Excel import with a row report in Chinese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.settings_write import setting_set
from minzheng.core.workflow import ActionNotPermitted, NoteRequired
from minzheng.elderly.models import Facility
from minzheng.elderly.services.facilities import facility_decide, facility_register
from minzheng.elderly.spreadsheet import COLUMNS, facilities_import, facilities_xlsx
from tests.elderly.factories import POINT, make_facility
from tests.factories import AREAS

TODAY = dt.date(2026, 12, 1)
GULOU = POINT["320302"]  # inside 鼓楼区
XINYI = ("118.354537", "34.36958")  # 新沂市's label point: outside 鼓楼区


def _raw(name, **changes):
    raw = {
        "name": name,
        "kind": "station",
        "operator": "黄楼街道办事处",
        "operator_type": "public",
        "parent": "",
        "area": AREAS["community_a1"],
        "address": "黄楼路8号",
        "longitude": GULOU[0],
        "latitude": GULOU[1],
        "hours": "周一至周五 8:00-17:00",
        "services": ["day_care", "meals"],
        "capacity": "30",
        "opened_on": "2026-01-05",
    }
    return {**raw, **changes}


def test_status_history_dated_through_the_engine(users):
    station = facility_register(actor=users["caseworker"], raw=_raw("黄楼养老服务站"), today=TODAY)
    county = users["county"]
    with pytest.raises(ActionNotPermitted):  # D7.2: the county bureau decides, not the community
        facility_decide(
            actor=users["caseworker"],
            facility=station,
            action="suspend",
            note="x",
            on=TODAY,
            today=TODAY,
        )
    with pytest.raises(NoteRequired):
        facility_decide(
            actor=county, facility=station, action="suspend", note="", on=TODAY, today=TODAY
        )
    facility_decide(
        actor=county,
        facility=station,
        action="suspend",
        note="消防整改",
        on=dt.date(2026, 3, 1),
        today=TODAY,
    )
    facility_decide(
        actor=county,
        facility=station,
        action="resume",
        note="",
        on=dt.date(2026, 4, 1),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as early:
        facility_decide(
            actor=county,
            facility=station,
            action="close",
            note="撤并",
            on=dt.date(2026, 3, 15),
            today=TODAY,
        )
    assert "on" in early.value.error_dict  # before the last event
    facility_decide(
        actor=county,
        facility=station,
        action="close",
        note="撤并",
        on=dt.date(2026, 6, 1),
        today=TODAY,
    )
    station = Facility.objects.get(pk=station.pk)
    assert station.status == "closed"
    assert [(e.kind, e.on) for e in station.events.all()] == [
        ("opened", dt.date(2026, 1, 5)),
        ("suspended", dt.date(2026, 3, 1)),
        ("resumed", dt.date(2026, 4, 1)),
        ("closed", dt.date(2026, 6, 1)),
    ]
    serving = {
        d: station.open_on(d)
        for d in (
            dt.date(2026, 1, 4),
            dt.date(2026, 1, 5),
            dt.date(2026, 2, 28),
            dt.date(2026, 3, 1),
            dt.date(2026, 3, 31),
            dt.date(2026, 4, 1),
            dt.date(2026, 5, 31),
            dt.date(2026, 6, 1),
        )
    }
    assert list(serving.values()) == [False, True, True, False, False, True, True, False]
    logs = TransitionLog.objects.filter(workflow="elderly_facility", object_id=str(station.pk))
    assert [(log.from_state, log.to_state) for log in logs] == [
        ("open", "suspended"),
        ("suspended", "open"),
        ("open", "closed"),
    ]
    assert AuditEntry.objects.filter(
        object_id=str(station.pk), summary__contains="黄楼养老服务站"
    ).exists()


def test_hub_and_satellites_follow_the_configured_kinds(users):
    hub = make_facility(AREAS["community_a1"], kind="service_centre", name="黄楼养老服务中心")
    station = facility_register(
        actor=users["caseworker"], raw=_raw("黄楼一站", parent="黄楼养老服务中心"), today=TODAY
    )
    assert station.parent == hub
    with pytest.raises(
        ValidationError
    ) as refused:  # a care home is no satellite (example setting)
        facility_register(
            actor=users["caseworker"],
            raw=_raw("黄楼敬老院", kind="care_home", parent="黄楼养老服务中心"),
            today=TODAY,
        )
    assert refused.value.message_dict["parent"] == [
        "该类型的设施不隶属服务中心，请留空所属服务中心"
    ]
    with pytest.raises(ValidationError) as not_hub:
        facility_register(
            actor=users["caseworker"], raw=_raw("黄楼二站", parent="黄楼一站"), today=TODAY
        )
    assert "不能作为服务网络中心" in not_hub.value.message_dict["parent"][0]
    # the 1+N model is configurable: let stations be hubs from today
    setting_set(
        actor=users["city"],
        key="elderly.network.hub_kinds",
        value="service_centre,station",
        area=None,
        effective_from=dt.date(2026, 1, 1),
        basis="测试：站点可作为中心",
    )
    second = facility_register(
        actor=users["caseworker"], raw=_raw("黄楼二站", parent="黄楼一站"), today=TODAY
    )
    assert second.parent == station
    with pytest.raises(ValidationError) as closing:
        facility_decide(
            actor=users["county"], facility=hub, action="close", note="撤并", on=TODAY, today=TODAY
        )
    assert "下属站点" in closing.value.message_dict["action"][0]


def test_coordinates_outside_the_county_and_out_of_area_are_refused(users):
    with pytest.raises(ValidationError) as refused:
        facility_register(
            actor=users["caseworker"],
            raw=_raw("远方站", longitude=XINYI[0], latitude=XINYI[1], area=AREAS["community_a2"]),
            today=TODAY,
        )
    errors = refused.value.message_dict
    assert errors["area"] == ["请填写您管辖区域内的村（社区）区划代码"]
    with pytest.raises(ValidationError) as outside:
        facility_register(
            actor=users["township"],
            raw=_raw("远方站", longitude=XINYI[0], latitude=XINYI[1]),
            today=TODAY,
        )
    assert "不在该村（社区）所在县（区）的范围内" in outside.value.message_dict["longitude"][0]


def _book(rows):
    book = Workbook()
    sheet = book.active
    sheet.append([h for _, h in COLUMNS])
    for raw in rows:
        values = {
            **raw,
            "services": "日间照料、助餐",
            "kind": {"station": "社区养老服务站"}.get(raw["kind"], raw["kind"]),
        }
        sheet.append([values.get(key, "") for key, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_is_all_or_nothing_with_a_row_report(users):
    rows = [
        _raw("导入一站"),
        _raw("导入二站", kind="养老大院"),
        _raw("导入三站", longitude=XINYI[0], latitude=XINYI[1]),
        _raw("导入一站"),
    ]
    created, errors = facilities_import(
        actor=users["caseworker"], content=_book(rows), today=TODAY
    )
    assert created == 0 and not Facility.objects.exists()
    assert [(e.row, e.field, e.message) for e in errors] == [
        (3, "设施类型", "设施类型“养老大院”不在可选范围内"),
        (
            4,
            "经度（国测局坐标）",
            "坐标不在该村（社区）所在县（区）的范围内，请核对经纬度（国测局坐标）",
        ),
        (5, "设施名称", "与第2行重复"),
    ]
    created, errors = facilities_import(
        actor=users["caseworker"], content=_book([*rows[:1], _raw("导入二站")]), today=TODAY
    )
    assert (created, errors) == (2, [])
    assert sorted(Facility.objects.values_list("name", "status")) == [
        ("导入一站", "open"),
        ("导入二站", "open"),
    ]


def test_export_has_the_import_columns_in_words(users):
    make_facility(AREAS["community_a1"], name="导出站", services=("meals", "day_care"))
    content, count = facilities_xlsx(Facility.objects.all())
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert count == 1 and rows[0] == tuple(h for _, h in COLUMNS)
    assert rows[1][:2] == ("导出站", "社区养老服务站") and rows[1][10] == "助餐、日间照料"
