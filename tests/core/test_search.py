"""Search by what a caseworker types (docs/search.md), on SQLite and on PostgreSQL alike.

Each kind is answered from its own index at city scale (bench/bench_search.py); here
the results and the area scope are pinned down by hand for every kind, so that a
faster query can never return other people than the slow one did.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from minzheng.core import idnumber, selectors
from minzheng.core.models import Household, HouseholdMembership, Person, Relation
from tests.factories import AREAS, PersonFactory

pytestmark = pytest.mark.django_db


def _person(name: str, area: str = AREAS["community_a1"], **fields: object) -> Person:
    return PersonFactory(name=name, area_id=area, **fields)


@pytest.fixture
def people(users):
    born = dt.date(1975, 4, 9)
    return {
        "wxm": _person(
            "王小明", id_number=idnumber.make("320302", born, 123), phone="13805161234"
        ),
        "lxm": _person("李小明", phone="13905162222"),
        "wm": _person("王敏", phone=""),
        "mw": _person("敏王"),
        "ouyang": _person("欧阳小明"),
        "percent": _person("张%华"),
        # Same names in the neighbouring community of the same township, and in the
        # other county: the caseworker must never see them.
        "wxm_a2": _person("王小明", area=AREAS["community_a2"]),
        "wxm_b1": _person("王小明", area=AREAS["community_b1"], phone="13805169999"),
    }


def _names(user, q: str) -> list[str]:
    return sorted(p.name for p in selectors.persons_visible(user, q))


def _ids(user, q: str) -> set[int]:
    return set(selectors.persons_visible(user, q).values_list("id", flat=True))


def test_one_character_finds_the_names_that_begin_with_it(users, people):
    assert _names(users["caseworker"], "王") == ["王小明", "王敏"]
    assert _names(users["caseworker"], "敏") == ["敏王"]  # not 王敏: one character is a surname


def test_two_characters_or_more_find_the_names_that_contain_them(users, people):
    caseworker = users["caseworker"]
    assert _names(caseworker, "小明") == ["李小明", "欧阳小明", "王小明"]
    assert _names(caseworker, "王小明") == ["王小明"]
    assert _names(caseworker, "阳小") == ["欧阳小明"]
    assert _names(caseworker, "明王") == []


def test_a_wildcard_character_is_a_character_not_a_pattern(users, people):
    assert _names(users["caseworker"], "%华") == ["张%华"]
    assert _names(users["caseworker"], "_小") == []


def test_the_scope_widens_with_the_users_area(users, people):
    assert len(_ids(users["caseworker"], "王小明")) == 1
    assert len(_ids(users["township"], "王小明")) == 2  # own community and its sibling
    assert len(_ids(users["county"], "王小明")) == 2
    assert len(_ids(users["city"], "王小明")) == 3
    assert _ids(users["caseworker_b"], "王小明") == {people["wxm_b1"].pk}


def test_a_whole_id_number_is_an_exact_match(users, people):
    number = people["wxm"].id_number
    assert _ids(users["caseworker"], number) == {people["wxm"].pk}
    assert _ids(users["caseworker"], number.lower()) == {people["wxm"].pk}
    assert _ids(users["caseworker_b"], number) == set()  # exists, but out of area


def test_the_last_digits_of_an_id_number(users, people):
    number = people["wxm"].id_number
    assert people["wxm"].pk in _ids(users["caseworker"], number[-4:])
    assert _ids(users["caseworker"], number[-8:]) == {people["wxm"].pk}
    assert _ids(users["caseworker"], number[-3:]) == set()  # three digits: too few


def test_seven_digits_or_more_also_find_the_start_of_a_phone_number(users, people):
    assert _ids(users["caseworker"], "1380516") == {people["wxm"].pk}
    assert _ids(users["caseworker"], "13805161234") == {people["wxm"].pk}
    assert _ids(users["city"], "1380516") == {people["wxm"].pk, people["wxm_b1"].pk}
    assert _ids(users["caseworker"], "05161234") == set()  # the middle of a phone: no


def test_a_search_never_returns_people_to_a_role_without_personal_data(users, people):
    assert _ids(users["leader"], "王小明") == set()


def _household(number: str, head: Person, *others: Person) -> Household:
    household = Household.objects.create(
        number=number, area_id=head.area_id, address="和平路1号", head=head
    )
    for person, relation in ((head, Relation.HEAD), *((p, Relation.CHILD) for p in others)):
        HouseholdMembership.objects.create(
            household=household, person=person, relation=relation, valid_from=dt.date(2020, 1, 1)
        )
    return household


def test_households_by_number_or_by_a_current_member(users, people):
    first = _household(AREAS["community_a1"] + "000007", people["wxm"], people["lxm"])
    second = _household(AREAS["community_a1"] + "000071", people["wm"])
    left = _household(AREAS["community_a1"] + "000099", people["mw"])
    HouseholdMembership.objects.filter(person=people["mw"]).update(valid_to=dt.date(2024, 1, 1))
    caseworker = users["caseworker"]

    def found(q: str) -> set[int]:
        return set(selectors.households_visible(caseworker, q).values_list("id", flat=True))

    assert found(AREAS["community_a1"] + "000007") == {first.pk}
    assert found(AREAS["community_a1"] + "0000") == {first.pk, second.pk, left.pk}  # a prefix
    assert found(AREAS["community_a1"]) == {first.pk, second.pk, left.pk}  # the community's
    assert found("李小明") == {first.pk}
    assert found("小明") == {first.pk}  # 王小明 and 李小明 are both in it: once
    assert found("敏王") == set()  # left the household in 2024
    assert found(people["wm"].id_number[-6:]) == {second.pk}
    assert found(AREAS["community_b1"] + "000007") == set()  # digits of no number: members


def test_a_search_counts_only_up_to_the_cap(users, people, monkeypatch, client):
    """A city-wide search for a surname matches hundreds of thousands: the count stops
    after the cap (docs/search.md) and the page says "more than", never a false total."""
    from minzheng.core.api import endpoints
    from minzheng.core.models import AuditEntry

    monkeypatch.setattr(endpoints, "SEARCH_COUNT_CAP", 1)
    client.force_login(users["city"])
    body = client.get("/api/v1/core/persons", {"q": "王", "page_size": 1}).json()
    assert (body["count"], body["more"], len(body["items"])) == (2, True, 1)
    body = client.get("/api/v1/core/persons", {"q": "李小明"}).json()
    assert (body["count"], body["more"]) == (1, False)
    summaries = list(AuditEntry.objects.filter(action="search").values_list("summary", flat=True))
    assert summaries[0].startswith("第1页，本页1条，超过1条")
    assert summaries[1].startswith("第1页，本页1条，共1条")


def test_the_search_page_says_more_than_the_cap(users, people, monkeypatch, client):
    from minzheng.core import views

    for n in range(21):
        _person(f"王{n}号")
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 20)
    client.force_login(users["caseworker"])
    page = client.get("/persons/", {"q": "王"}).content.decode()
    assert "超过 20 条" in page
    assert "共 " not in page


def _in_order(user, q: str, limit: int | None = 1001) -> list[str]:
    return [p.name for p in selectors.persons_visible(user, q, limit=limit)]


def test_names_come_in_name_order_by_code_point(users, people):
    """The order of a name search is the order of its index (docs/search.md): by code
    point — 李 U+674E, 欧 U+6B27, 王 U+738B — then by id."""
    twin = _person("王小明")
    assert _in_order(users["caseworker"], "小明") == ["李小明", "欧阳小明", "王小明", "王小明"]
    found = selectors.persons_visible(users["caseworker"], "王小明")
    assert list(found.values_list("id", flat=True)) == [people["wxm"].pk, twin.pk]


def test_a_limited_search_holds_the_first_names_of_both_parts(users, people):
    """Names beginning with the text and names containing it later are read apart
    (two indexes); the first of all in name order must still come first: 小 U+5C0F
    sorts before 李 U+674E, 欧 U+6B27 and 王 U+738B."""
    _person("小明")
    _person("小明华")
    assert _in_order(users["caseworker"], "小明", limit=None) == [
        "小明", "小明华", "李小明", "欧阳小明", "王小明"
    ]  # fmt: skip
    assert _in_order(users["caseworker"], "小明", limit=3)[:3] == ["小明", "小明华", "李小明"]
    assert _in_order(users["caseworker"], "王", limit=1) == ["王小明"]
    # The limit applies within the user's scope: the other community's 王小明 does not
    # take the place of the caseworker's own.
    assert _in_order(users["caseworker_b"], "王", limit=1) == ["王小明"]
    assert _ids(users["caseworker_b"], "王") == {people["wxm_b1"].pk}


def test_an_export_finds_every_name_however_many(users, people):
    for n in range(5):
        _person(f"王{n}")
    assert len(_in_order(users["caseworker"], "王", limit=None)) == 7
    assert len(_in_order(users["caseworker"], "王", limit=2)) == 2


def test_households_by_member_read_the_first_people_found(users, people):
    first = _household(AREAS["community_a1"] + "000007", people["wm"])
    second = _household(AREAS["community_a1"] + "000008", people["lxm"])
    third = _household(AREAS["community_a1"] + "000009", people["ouyang"])
    caseworker = users["caseworker"]

    def found(q: str, limit: int | None) -> set[int]:
        rows = selectors.households_visible(caseworker, q, limit=limit)
        return set(rows.values_list("id", flat=True))

    assert found("王", None) == {first.pk}  # 王小明 is in no household
    assert found("小明", None) == {second.pk, third.pk}
    # 李小明 comes first in name order (李 U+674E, 欧 U+6B27): one person read, one
    # household found.
    assert found("小明", 1) == {second.pk}
    assert found("王敏", 1) == {first.pk}


def test_a_community_scope_is_the_exact_code_and_wider_scopes_a_prefix(users, people):
    """Issue 9: a community's prefix is its whole code, so its scope is `area_id = …`
    (an index leading with the area then serves its name searches in name order); a
    township's or county's stays a prefix. The same people either way."""
    community = str(selectors.persons_visible(users["caseworker"], "王").query)
    township = str(selectors.persons_visible(users["township"], "王").query)
    assert f'"area_id" = {AREAS["community_a1"]}' in community.replace("'", "")
    assert "LIKE" not in community.split("ORDER BY")[0].split("WHERE", 1)[1].split("AND")[0]
    assert "LIKE" in township
    assert _names(users["caseworker"], "王") == ["王小明", "王敏"]
    assert sorted(_ids(users["township"], "王")) == sorted(
        [people["wxm"].pk, people["wm"].pk, people["wxm_a2"].pk]
    )


@pytest.mark.parametrize(
    "role, expected",
    [
        ("caseworker", {"community_a1"}),
        ("township", {"community_a1", "community_a2"}),
        ("county", {"community_a1", "community_a2"}),
        ("city", {"community_a1", "community_a2", "community_b1"}),
    ],
)
def test_households_by_member_name_keep_the_scope_of_each_level(users, people, role, expected):
    homes = {
        area: _household(AREAS[area] + "000001", people[key])
        for area, key in (
            ("community_a1", "wxm"),
            ("community_a2", "wxm_a2"),
            ("community_b1", "wxm_b1"),
        )
    }
    found = selectors.household_search(users[role], "王小明")
    assert set(found.rows.values_list("id", flat=True)) == {homes[a].pk for a in expected}
    assert found.members_cut is False


def test_households_by_member_say_when_more_people_matched_than_were_read(users, people):
    """The households of the first `limit` people in name order (李小明 U+674E, then
    欧阳小明 U+6B27, 王小明 U+738B); more people match, and the search knows it."""
    lee = _household(AREAS["community_a1"] + "000008", people["lxm"])
    ouyang = _household(AREAS["community_a1"] + "000009", people["ouyang"])
    wang = _household(AREAS["community_a1"] + "000010", people["wxm"])
    caseworker = users["caseworker"]

    def found(q: str, limit: int) -> tuple[set[int], bool]:
        result = selectors.household_search(caseworker, q, limit=limit)
        return set(result.rows.values_list("id", flat=True)), result.members_cut

    assert found("小明", 1) == ({lee.pk}, True)
    assert found("小明", 2) == ({lee.pk, ouyang.pk}, True)
    assert found("小明", 3) == ({lee.pk, ouyang.pk, wang.pk}, False)
    assert found("王", 1) == ({wang.pk}, True)  # 王小明 before 王敏 (小 U+5C0F < 敏 U+654F)
    assert found("王", 2) == ({wang.pk}, False)  # 王敏 is in no household
    # ID tail and phone: any `limit` of the matches, cut when more
    assert found("1380516", 1) == ({wang.pk}, False)


def test_a_cut_household_search_says_at_least_on_the_page_in_the_api_and_the_trail(
    users, people, monkeypatch, client
):
    from minzheng.core.api import endpoints
    from minzheng.core.models import AuditEntry

    _household(AREAS["community_a1"] + "000008", people["lxm"])
    _household(AREAS["community_a1"] + "000009", people["ouyang"])
    search = selectors.household_search
    monkeypatch.setattr(selectors, "household_search", functools.partial(search, limit=1))
    client.force_login(users["caseworker"])
    page = client.get("/households/", {"q": "小明"}).content.decode()
    assert "至少 1 户" in page and "只列出按姓名排在前" in page
    body = client.get("/api/v1/core/households", {"q": "小明"}).json()
    assert (body["count"], body["more"], len(body["items"])) == (1, True, 1)
    summaries = AuditEntry.objects.filter(action="search").order_by("seq")
    assert [s.split("；")[0] for s in summaries.values_list("summary", flat=True)] == [
        "第1页，本页1条，至少1条（匹配人员过多，仅按前一部分查找）"
    ] * 2
    monkeypatch.setattr(selectors, "household_search", search)
    body = client.get("/api/v1/core/households", {"q": "小明"}).json()
    assert (body["count"], body["more"]) == (2, False)
    assert endpoints.HOUSEHOLD_MEMBER_LIMIT == 1000


def test_the_id_tail_column_keeps_a_fine_histogram_on_postgresql():
    """Issue 9, measured at 10 M (docs/search.md, session 5): with the default
    histogram PostgreSQL took a four-character ID tail for one person in 100 (it is one
    in 10,000) and answered a county's ID-tail page by walking the primary key, 12.7 s.
    Migration core 0013 keeps 10,000 buckets for the column; nothing else depends on it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no column statistics")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'core_person'::regclass "
            "AND attname IN ('id_number_reversed', 'name') ORDER BY attname"
        )
        targets = [row[0] for row in cursor.fetchall()]
    assert targets == [10_000, -1]
