"""The public eligibility check (POST /api/v1/marriage/eligibility): answers by hand
from D9.1–D9.2; bad input answers 422 naming the field, never 500; nothing is stored."""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry

URL = "/api/v1/marriage/eligibility"
MAN = "320302200405100115"  # born 2004-05-10 (D0.1: 17th digit odd)
WOMAN = "320303200605110226"  # born 2006-05-11


@pytest.fixture
def post(client, areas):
    def post(body, status=200):
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == status, response.content
        return response.json()

    return post


def test_of_age_by_id_numbers(post):
    # 2026-05-11: he is 22 (since 05-10), she turns 20 that day
    answer = post(
        {
            "party_a": {"id_number": MAN},
            "party_b": {"id_number": WOMAN},
            "registration_date": "2026-05-11",
        }
    )
    assert answer["allowed"] is True and answer["reasons"] == []
    assert answer["party_a"] == {"sex": "M", "birth_date": "2004-05-10"}
    assert answer["party_b"] == {"sex": "F", "birth_date": "2006-05-11"}
    assert (answer["legal_age_men"], answer["legal_age_women"]) == (22, 20)
    assert answer["nationwide_since"] == "2025-05-10"
    assert not AuditEntry.objects.filter(object_type__startswith="marriage").exists()


def test_refused_with_every_rule(post):
    # on 2026-05-10 she is one day short of 20; he is already married; direct kin
    answer = post(
        {
            "party_a": {"id_number": MAN, "married": True},
            "party_b": {"birth_date": "2006-05-11", "sex": "F"},
            "registration_date": "2026-05-10",
            "kinship": "direct",
        }
    )
    assert answer["allowed"] is False
    assert [(r["rule"], r["field"]) for r in answer["reasons"]] == [
        ("D9.2", "party_b"),
        ("D9.1", "party_a"),
        ("D9.1", "kinship"),
    ]


def test_before_nationwide_registration_the_registry_must_be_a_hukou_one(post):
    body = {
        "party_a": {"id_number": MAN},
        "party_b": {"birth_date": "1990-01-01", "sex": "F", "hukou_division": "320303"},
        "registration_date": "2027-01-04",
        "registry_division": "320311",
    }
    assert post(body)["allowed"] is True  # after 2025-05-10 any registry
    body["party_a"] = {"birth_date": "1990-01-01", "sex": "M"}
    body["registration_date"] = "2025-05-09"
    assert [r["rule"] for r in post(body)["reasons"]] == ["D9.1"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"party_a": {"id_number": "110105194912310021"}}, "party_a.id_number", "校验码错误"),
        ({"party_a": {"id_number": "1" * 19}}, "party_a.id_number", ""),
        ({"party_a": {"birth_date": "1990-01-01"}}, "party_a", "出生日期和性别"),
        ({"party_a": {"birth_date": "1990-01-01", "sex": "X"}}, "party_a.sex", ""),
        ({"registration_date": "1800-01-01"}, "registration_date", "日期须在"),
        ({"registration_date": "2026-02-30"}, "registration_date", ""),
        ({"kinship": "cousin"}, "kinship", ""),
        ({"registry_division": "32030x"}, "registry_division", ""),
    ],
)
def test_bad_input_is_a_422_naming_the_field(post, body, field, words):
    full = {
        "party_a": {"id_number": MAN},
        "party_b": {"id_number": WOMAN},
        "registration_date": "2026-06-01",
        **body,
    }
    errors = post(full, status=422)["errors"]
    assert field in errors, errors
    assert words in "".join(errors[field])


def test_not_json_is_a_4xx(client, areas):
    response = client.post(URL, "{", content_type="application/json")
    assert response.status_code in (400, 422)
