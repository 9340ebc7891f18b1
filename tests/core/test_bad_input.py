"""Bad input answers 4xx naming the field, never 500 (issue 7 item 6, issue 17 item
17, issue 8 item 8): one test per defect, each failing before the fix."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from minzheng.core.api.body import action_body
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db
J = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wang(users):
    return _client(users["caseworker"])


def _field_error(response, field: str) -> str:
    body = response.json()
    assert body["detail"].startswith(f"{field}："), body
    return body["errors"][field][0]


def test_a_deadline_with_negative_working_days_is_refused_naming_the_field(wang):
    response = wang.get(
        "/api/v1/core/calendar/deadline", {"start": "2026-03-02", "working_days": -3}
    )
    assert response.status_code == 422
    assert _field_error(response, "working_days") == "不能小于0"


def test_a_deadline_in_year_9999_is_refused_naming_the_field(wang):
    response = wang.get(
        "/api/v1/core/calendar/deadline", {"start": "9999-12-30", "working_days": 3}
    )
    assert response.status_code == 422
    assert _field_error(response, "start") == "日期须在1900-01-01至2100-12-31之间"


def test_a_huge_page_number_is_refused_naming_page(wang):
    response = wang.get("/api/v1/core/persons", {"q": "王", "page": "9" * 20})
    assert response.status_code == 422
    assert _field_error(response, "page") == "不能大于1000000"


def test_a_page_past_the_last_says_how_many_pages_there_are(wang):
    for _ in range(3):
        PersonFactory(area_id=AREAS["community_a1"], name="王敏")
    response = wang.get("/api/v1/core/persons", {"q": "王", "page": 3, "page_size": 2})
    assert response.status_code == 422
    assert _field_error(response, "page") == "页码超出范围：共2页（每页2条）"
    last = wang.get("/api/v1/core/persons", {"q": "王", "page": 2, "page_size": 2}).json()
    assert (last["count"], len(last["items"])) == (3, 1)


def test_a_web_list_past_its_last_page_shows_the_last_page(wang):
    PersonFactory(area_id=AREAS["community_a1"], name="王敏")
    response = wang.get("/persons/", {"q": "王", "page": "9" * 30})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_patch_with_null_for_a_required_field_is_refused_naming_it(wang):
    person = PersonFactory(area_id=AREAS["community_a1"], name="王敏")
    response = wang.patch(
        f"/api/v1/core/persons/{person.pk}", {"name": None, "phone": None}, content_type=J
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["不能为空（null）；不修改时请不要发送该字段"]
    assert set(errors) == {"name", "phone"}
    person.refresh_from_db()
    assert person.name == "王敏"


def test_a_record_id_beyond_any_row_is_refused_not_a_500(wang):
    response = wang.get("/api/v1/core/persons/" + "9" * 25)
    assert response.status_code == 422
    assert "person_id" in response.json()["errors"]


def test_figures_of_year_abc_answer_400_naming_the_year(users):
    response = _client(users["city"]).get("/assistance/figures/", {"year": "abc"})
    assert response.status_code == 400
    assert "年份（year）应为整数，实际为“abc”" in response.content.decode()
    assert _client(users["city"]).get("/assistance/figures/", {"year": "2025"}).status_code == 200


def test_a_campaign_filter_that_is_no_id_answers_400_naming_it(wang):
    response = wang.get("/screening/targets/", {"campaign": "9" * 30})
    assert response.status_code == 400
    assert "排查活动（campaign）应为整数" in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 100_000, "请求体嵌套层数过多"),  # RecursionError in json.loads before
        (b"[1, 2]", "请求体应为JSON对象"),
        (b"\xff", "请求体不是合法的JSON"),
    ],
)
def test_a_case_action_body_that_is_not_an_object_is_refused_naming_body(raw, message):
    with pytest.raises(ValidationError) as caught:
        action_body(raw)
    assert caught.value.message_dict["body"][0].startswith(message)


def test_a_public_request_over_its_size_limit_answers_413_as_json(settings):
    body = json.dumps({"members": [{"name": "x" * 1000}] * 600})
    assert len(body) > settings.MINZHENG_PUBLIC_MAX_BODY
    response = Client().post("/api/v1/assistance/calculate", body, content_type=J)
    assert response.status_code == 413
    assert response.json()["detail"] == "请求体过大：不能超过512KB"


def test_a_signed_in_api_request_has_the_larger_limit_and_then_413(users, settings):
    client = _client(users["caseworker"])
    small = json.dumps({"name": "王" * 200_000}, ensure_ascii=False)  # 600 KB
    response = client.patch("/api/v1/core/persons/1", small, content_type=J)
    assert response.status_code != 413
    big = json.dumps({"name": "王" * 400_000})
    response = client.patch("/api/v1/core/persons/1", big, content_type=J)
    assert response.status_code == 413
    assert response.json()["errors"]["__all__"] == ["请求体过大：不能超过1MB"]


def test_an_unauthenticated_api_call_answers_401_in_chinese():
    response = Client().get("/api/v1/core/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("未登录或令牌无效")
