"""Lists and searches of personal data are audited, one entry per page, with masked
criteria and the row counts (issue 7 items 3 and 9)."""

import datetime as dt

import pytest
from django.test import Client

from minzheng.assistance.standards import seed_example_standards
from minzheng.core import idnumber
from minzheng.core.masking import mask_free_text
from minzheng.core.models import AuditEntry
from minzheng.warning.settings_specs import seed_example_settings
from tests.factories import AREAS, PersonFactory, make_household

pytestmark = pytest.mark.django_db

ID_A = idnumber.make("320302", dt.date(1961, 3, 9), 17)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _searches():
    return list(AuditEntry.objects.filter(action="search").order_by("seq"))


@pytest.fixture
def five_people(areas):
    """Five people in county A (鼓楼区), spread over two townships; one in county B."""
    PersonFactory(area_id=AREAS["community_a1"], id_number=ID_A, name="王敏")
    for code in ("community_a1", "community_a2", "community_a3", "community_a3"):
        PersonFactory(area_id=AREAS[code])
    PersonFactory(area_id=AREAS["community_b1"])


def test_a_county_user_paging_through_people_leaves_one_entry_per_page(users, five_people):
    client = _client(users["county"])
    for page in (1, 2, 3):
        response = client.get(f"/api/v1/core/persons?page={page}&page_size=2")
        assert response.status_code == 200
    entries = _searches()
    assert [e.summary for e in entries] == [
        "第1页，本页2条，共5条；条件：每页条数=2",
        "第2页，本页2条，共5条；条件：每页条数=2",
        "第3页，本页1条，共5条；条件：每页条数=2",
    ]
    assert {(e.actor_username, e.channel, e.object_type, e.area_code) for e in entries} == {
        ("zhang_county", "api", "core.person", AREAS["county_a"])
    }


def test_an_id_number_searched_for_is_masked_in_the_trail(users, five_people):
    response = _client(users["county"]).get(f"/api/v1/core/persons?q={ID_A}")
    assert response.json()["count"] == 1
    (entry,) = _searches()
    masked = ID_A[:4] + "**********" + ID_A[-4:]
    assert entry.summary == f"第1页，本页1条，共1条；条件：关键词={masked}；每页条数=50"
    assert ID_A not in entry.summary


def test_a_phone_searched_for_on_the_web_page_is_masked(users, areas):
    PersonFactory(area_id=AREAS["community_a1"], phone="13812345678")
    response = _client(users["caseworker"]).get("/persons/?q=13812345678")
    assert response.status_code == 200
    (entry,) = _searches()
    assert entry.summary == "第1页，本页1条，共1条；条件：关键词=138****5678"
    assert entry.channel == "web"


def test_an_empty_person_search_page_shows_nobody_and_is_not_logged(users, areas):
    assert _client(users["caseworker"]).get("/persons/").status_code == 200
    assert _searches() == []


def test_the_household_list_page_is_logged(users, areas):
    make_household(AREAS["community_a1"])
    _client(users["caseworker"]).get("/households/")
    (entry,) = _searches()
    assert (entry.object_type, entry.summary) == (
        "core.household",
        "第1页，本页1条，共1条；条件：无",
    )


def test_the_household_api_list_is_logged(users, areas):
    make_household(AREAS["community_a1"])
    make_household(AREAS["community_b1"])
    _client(users["county_b"]).get("/api/v1/core/households")
    (entry,) = _searches()
    assert entry.summary == "第1页，本页1条，共1条；条件：每页条数=50"
    assert entry.actor_username == "liu_county"


@pytest.mark.parametrize(
    "url, object_type, summary",
    [
        (
            "/api/v1/assistance/applications",
            "assistance.application",
            "第1页，本页0条，共0条；条件：每页条数=50",
        ),
        (
            "/api/v1/warning/leads",
            "warning.lead",
            "第1页，本页0条，共0条；条件：状态=待核实；每页条数=50",
        ),
        (
            "/api/v1/screening/targets?page_size=10",
            "screening.campaigntarget",
            "第1页，本页0条，共0条；条件：每页条数=10",
        ),
        (
            "/api/v1/screening/key-households",
            "screening.keyhousehold",
            "第1页，本页0条，共0条；条件：状态=跟踪帮扶中；每页条数=50",
        ),
        (
            "/assistance/applications/?status=accepted&programme=dibao",
            "assistance.application",
            # criteria in words, never codes (issue 17 item 8)
            "第1页，本页0条，共0条；条件：状态=已受理（调查中）；救助项目=最低生活保障",
        ),
        ("/assistance/", "assistance.application", "返回0条；条件：列表=待办"),
        ("/assistance/enrolments/?due=1", "assistance.enrolment", None),
        ("/warning/", "warning.lead", None),
        ("/screening/targets/", "screening.campaigntarget", None),
        (
            "/screening/key-households/?overdue=1",
            "screening.keyhousehold",
            "第1页，本页0条，共0条；条件：状态=跟踪帮扶中；仅逾期=是",
        ),
    ],
)
def test_every_domain_list_of_personal_data_is_logged(users, url, object_type, summary):
    seed_example_standards()  # the work queue and lead list show deadlines from the
    seed_example_settings()  # county's settings
    response = _client(users["township"]).get(url)
    assert response.status_code == 200, response.content[:300]
    (entry,) = _searches()
    assert entry.object_type == object_type
    assert entry.actor_username == "li_township" and entry.area_code == AREAS["township_a"]
    if summary is not None:
        assert entry.summary == summary


@pytest.mark.parametrize(
    "text, masked",
    [
        ("关键词=320302196103090171", "关键词=3203**********0171"),
        ("关键词=32030219610309017X", "关键词=3203**********017X"),
        ("q=320302610309017", "q=3203*******9017"),
        ("电话=13812345678；状态=open", "电话=138****5678；状态=open"),
        ("关键词=0171", "关键词=0171"),
        ("关键词=王敏", "关键词=王敏"),
    ],
)
def test_free_text_masking(text, masked):
    assert mask_free_text(text) == masked
