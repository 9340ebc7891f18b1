"""The elderly pages through HTTP as named users: the circle measured and shown by area
(drill-down county → township → community), the county outlines served locally, and the
forms' error and success paths (docs/testing.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from minzheng.elderly.models import CoverageRun, HomePoint, MealRecord
from tests.elderly.factories import POINT, make_canteen, make_facility
from tests.factories import AREAS, PersonFactory, make_household, new_id_number
from tests.form_pages import field_error, shown_after


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _home(area: str, point: tuple[str, str], born: dt.date) -> None:
    household = make_household(area, size=1)
    elder = PersonFactory(area_id=area, id_number=new_id_number(born))
    household.memberships.create(person=elder, relation="parent", valid_from=dt.date(2020, 1, 1))
    HomePoint.objects.create(
        household=household, longitude=Decimal(point[0]), latitude=Decimal(point[1])
    )


def test_the_map_shows_coverage_by_county_and_drills_down(users):
    make_facility(AREAS["community_a1"])  # at 鼓楼区's label point
    _home(AREAS["community_a1"], POINT["320302"], dt.date(1950, 1, 1))  # at the station: covered
    _home(AREAS["community_b1"], POINT["320303"], dt.date(1940, 1, 1))  # 云龙区: ~7 km away
    admin = _client(users["city"])
    response = admin.post("/elderly/map/measure/", {"area": AREAS["city"]})
    assert response.status_code == 302
    assert CoverageRun.objects.get().homes == 2
    page = _client(users["leader"]).get("/elderly/map/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "鼓楼区" in text and "100.0%" in text and "0.0%" in text
    drill = (
        _client(users["leader"]).get("/elderly/map/", {"area": AREAS["county_a"]}).content.decode()
    )
    assert (
        "黄楼街道" in drill and "云龙区" not in drill.split('id="drill"')[1].split("</table>")[0]
    )
    api = _client(users["leader"]).get("/api/v1/elderly/coverage", {"level": "county"}).json()
    assert {(i["area_code"], i["covered"], i["elderly"]) for i in api["items"]} == {
        ("320302", 1, 1),
        ("320303", 0, 1),
    }
    shapes = _client(users["leader"]).get("/elderly/map/counties.geojson").json()
    assert len(shapes["features"]) == 10


def test_the_meal_form_refuses_a_wrong_id_number_and_records_a_right_one(users):
    canteen = make_canteen(AREAS["community_a1"])
    elder = PersonFactory(id_number=new_id_number(dt.date(1940, 1, 1)))
    client = _client(users["caseworker"])
    data = {
        "canteen": canteen.pk,
        "served_on": timezone.localdate().isoformat(),
        "meal": "lunch",
        "id_number": elder.id_number[:17] + ("0" if elder.id_number[17] != "0" else "1"),
        "name": elder.name,
        "price": "12.00",
    }
    refused = client.post("/elderly/meals/new/", data)
    assert refused.status_code == 422
    assert "校验码错误" in field_error(refused, "id_number")
    assert not MealRecord.objects.exists()
    done = client.post("/elderly/meals/new/", {**data, "id_number": elder.id_number})
    assert "已登记助餐记录：补贴1餐，共3.00元" in shown_after(client, done)
