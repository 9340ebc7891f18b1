"""A record merged into another leaves search, lists, pickers and the API list; its
old page leads to the kept record; undoing the merge brings it back (D0.1 one person,
one record; D5.3 nobody helped twice through a second record). Issue 16."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import Person
from minzheng.identity import services
from minzheng.identity.models import MatchPair
from tests.factories import PersonFactory, make_household
from tests.form_pages import field_error
from tests.identity.pairs import make_pair

pytestmark = pytest.mark.django_db

KEPT_NUMBER = "440524188001010014"
MERGED_NUMBER = "440524188001010313"  # one digit mistyped, check character recomputed


@pytest.fixture
def merged(users):
    kept = PersonFactory(id_number=KEPT_NUMBER, name="王建国", phone="13912345678")
    away = PersonFactory(id_number=MERGED_NUMBER, name="王建國", phone="13912345679")
    pair = make_pair(kept, away)
    county = users["county"]
    services.decide(actor=county, pair=pair, same=True, note="同一人")
    services.merge(actor=county, pair=MatchPair.objects.get(pk=pair.pk), keep=kept)
    return kept, away, pair


def _as(users, who: str) -> Client:
    client = Client()
    client.force_login(users[who])
    return client


def _search(client: Client, q: str) -> str:
    return client.get("/persons/", {"q": q}).content.decode()


def test_the_merged_away_record_leaves_search_and_the_api_list(users, merged):
    kept, away, _ = merged
    client = _as(users, "caseworker")
    # the tail 0313 was only the merged record's; 0014 the kept one's
    assert f"/persons/{away.pk}/" not in _search(client, "0313")
    assert f"/persons/{kept.pk}/" in _search(client, "0014")
    found = client.get("/api/v1/core/persons", {"q": "王建"}).json()
    assert [item["id"] for item in found["items"]] == [kept.pk]
    listed = client.get("/api/v1/core/persons").json()
    assert away.pk not in [item["id"] for item in listed["items"]]


def test_its_old_page_leads_to_the_kept_record_and_the_api_says_where(users, merged):
    kept, away, _ = merged
    client = _as(users, "caseworker")
    response = client.get(f"/persons/{away.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/persons/{kept.pk}/"
    page = client.get(f"/persons/{away.pk}/", follow=True).content.decode()
    assert "该档案已并入另一份档案" in page
    detail = client.get(f"/api/v1/core/persons/{away.pk}").json()
    assert detail["merged_into"] == kept.pk
    assert client.get(f"/api/v1/core/persons/{kept.pk}").json()["merged_into"] is None


def test_the_member_picker_names_the_kept_record(users, merged):
    household = make_household(size=1)
    client = _as(users, "caseworker")
    response = client.post(
        f"/households/{household.pk}/members/",
        {"id_number": MERGED_NUMBER, "relation": "child", "since": "2026-03-02", "reason": "x"},
    )
    assert response.status_code == 422
    assert (
        field_error(response, "id_number")
        == "该身份证号的档案已并入王建国的档案，请使用保留的档案"
    )


def test_undo_brings_the_record_back(users, merged):
    _kept, away, pair = merged
    services.undo_merge(
        actor=users["county"], pair=MatchPair.objects.get(pk=pair.pk), note="误合并"
    )
    assert Person.objects.get(pk=away.pk).merged_into_id is None
    client = _as(users, "caseworker")
    assert f"/persons/{away.pk}/" in _search(client, "0313")
    assert client.get(f"/persons/{away.pk}/").status_code == 200
    assert client.get(f"/api/v1/core/persons/{away.pk}").json()["merged_into"] is None


def test_merging_into_a_record_that_is_itself_merged_away_is_refused(users, merged):
    _kept, away, _ = merged
    third = PersonFactory(name="王建国")
    pair = make_pair(away, third, status="same")
    with pytest.raises(Exception, match="已并入其他档案"):
        services.merge(actor=users["county"], pair=pair, keep=away)
    assert Person.objects.get(pk=third.pk).merged_into_id is None
