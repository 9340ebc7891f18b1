"""The 政策计算器 page: a form in Chinese, blank or prefilled from a household in the
user's area; results in words with amounts in 元/月 (issue 17 items 9 and 17, issue 8
item 11, issue 7 item 3). Amounts are worked by hand from the rulebook (D1.11, D1.13,
D1.14) and the example standard (D3.4: urban 780 元/月)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from minzheng.core.masking import mask_id_number
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
URL = "/assistance/calculator/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member(i: int, relation: str, birth: str = "", **fields: str) -> dict[str, str]:
    row = {"relation": relation, "birth_date": birth, "school_stage": "none", "employment": "none"}
    row.update(fields)
    return {f"m-{i}-{key}": value for key, value in row.items()}


def _form(*members: dict[str, str], **household: str) -> dict[str, str]:
    data = {
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "1",
        "m-MAX_NUM_FORMS": "30",
        "h-area": AREAS["county_a"],
        "h-area_class": "urban",
        "h-decision_date": "2026-11-02",
        "h-dwellings": "1",
        "h-private_vehicles": "0",
        "h-deposits": "0",
        "calculate": "1",
    }
    for member in members:
        data.update(member)
    data.update({f"h-{key}": value for key, value in household.items()})
    return data


def _two_members(wages: str = "1000") -> dict[str, str]:
    return _form(
        _member(0, "head", "1970-05-01", name="张三", employment="employed", income_wages=wages),
        _member(1, "spouse", "1972-03-01", name="李四"),
    )


def _visible_text(html: str) -> str:
    """What a person reads: tags (and their attributes, e.g. tooltips) removed."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"<[^>]+>", " ", body)


def test_the_blank_page_is_a_form_in_chinese(users):
    page = _client(users["caseworker"]).get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    for words in ("添加成员", "与申请人关系", "工资性收入（元/月）", "存款及有价证券", "城乡类别"):
        assert words in html
    assert "JSON" not in _visible_text(html) and "docs/" not in html


def test_two_members_and_an_income_give_the_hand_worked_dibao(users):
    response = _client(users["caseworker"]).post(URL, _two_members())
    html = response.content.decode()
    assert response.status_code == 200, html
    # (1000 + 0) ÷ 2 = 500 per head < 780; (780 − 500) × 2 = 560.00 (D1.13, D1.14)
    assert "最低生活保障：符合" in html and "560.00 元/月" in html
    assert "家庭月人均收入</dt><dd>500.00 元/月" in html
    assert "保障 张三、李四" in html
    text = _visible_text(html)
    assert "依据：最低生活保障：保障金额" in text
    assert not re.search(r"D\d+\.\d+", text), "rule numbers only in tooltips"
    for code in ("head", "spouse", "dibao", "(m1)", "（m1）"):
        assert code not in text, code


def test_a_wrong_input_is_shown_in_chinese_on_its_field(users):
    response = _client(users["caseworker"]).post(URL, _two_members(wages="-5"))
    assert response.status_code == 422
    row = response.context["form"].members.forms[0]
    assert row.errors["income_wages"] == ["金额不能为负数"]
    assert "金额不能为负数" in response.content.decode()


def test_the_reader_of_the_api_names_the_field_on_the_form(users):
    data = _two_members()
    data["m-1-birth_date"] = "2030-01-01"  # after the decision date
    response = _client(users["caseworker"]).post(URL, data)
    assert response.status_code == 422
    assert response.context["form"].members.forms[1].errors["birth_date"]


def test_a_member_needs_a_birth_date_or_id_number_and_one_applicant(users):
    data = _two_members()
    data["m-1-birth_date"] = ""
    data["m-1-relation"] = "head"
    response = _client(users["caseworker"]).post(URL, data)
    rows = response.context["form"].members.forms
    assert response.status_code == 422
    assert rows[1].errors["birth_date"] == ["请填写出生日期或身份证号码"]


def test_two_applicants_are_refused_on_the_relation(users):
    data = _two_members()
    data["m-1-relation"] = "head"
    response = _client(users["caseworker"]).post(URL, data)
    assert response.status_code == 422
    assert "须有且只有一名成员的关系为" in str(response.context["form"].members.forms[1].errors)


def test_rows_are_added_and_removed_without_calculating(users):
    client = _client(users["caseworker"])
    added = client.post(URL, {**_two_members(), "add": "1"})
    assert added.status_code == 200 and added.context["form"].members.total_form_count() == 3
    data = _form(
        _member(0, "head", "1970-05-01", name="张三"),
        _member(1, "child", "2010-01-01", name="小明"),
        _member(2, "spouse", "1972-03-01", name="李四"),
    )
    removed = client.post(URL, {**data, "remove": "1"})
    rows = removed.context["form"].members.forms
    assert [r["name"].value() for r in rows] == ["张三", "李四"]
    assert not removed.context["proposals"]


def test_a_household_prefills_the_members_with_masked_id_numbers_only(users):
    household = make_household(size=2)
    client = _client(users["caseworker"])
    page = client.get(URL, {"household": household.pk})
    html = page.content.decode()
    assert page.status_code == 200
    for m in household.current_members():
        assert m.person.id_number not in html  # issue 7 item 3: never the full number
        assert mask_id_number(m.person.id_number) in html
        assert m.person.name in html
    rows = page.context["form"].members.initial
    data = _form(
        *[
            _member(i, row["relation"], "", person=str(row["person"]), name=row["name"])
            for i, row in enumerate(rows)
        ],
    )
    data["m-0-income_wages"] = "1000"
    result = client.post(f"{URL}?household={household.pk}", data)
    html = result.content.decode()
    assert result.status_code == 200, html
    assert "560.00 元/月" in html  # head and a 16-year-old child: (780 − 500) × 2
    assert not any(m.person.id_number in html for m in household.current_members())


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 40])
def test_a_bad_household_parameter_is_a_clear_client_error(users, value):
    response = _client(users["caseworker"]).get(URL, {"household": value})
    assert response.status_code == 400
    assert "家庭参数应为" in response.content.decode()


def test_a_household_outside_the_area_is_not_found(users):
    other = make_household(area_code=AREAS["community_b1"], size=1)
    response = _client(users["caseworker"]).get(URL, {"household": other.pk})
    assert response.status_code == 404


def test_a_caseworker_picks_a_household_of_the_area_by_its_number(users):
    household = make_household(size=2)
    client = _client(users["caseworker"])
    page = client.get(URL, {"number": household.number})
    assert page.status_code == 200
    assert page.context["household"] == household
    other = make_household(area_code=AREAS["community_b1"], size=1)
    refused = client.get(URL, {"number": other.number})
    assert refused.status_code == 400
    assert "不在您的管辖区域内" in refused.content.decode()
    assert other.head.name not in refused.content.decode()
