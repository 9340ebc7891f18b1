"""The review pages: the two records side by side, masked, with the evidence per field;
each form's error path and success message (docs/testing.md)."""

from __future__ import annotations

import pytest

from minzheng.identity.models import MatchPair
from tests.factories import AREAS, PersonFactory, make_household
from tests.form_pages import field_error, form_alert, shown_after
from tests.identity.pairs import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(areas):
    a = PersonFactory(id_number="440524188001010014", name="王建国", phone="13912345678")
    b = PersonFactory(id_number="440524188001010313", name="王建國", phone="13912345678")
    return make_pair(
        a,
        b,
        probability=0.93,
        match_weight=3.8,
        evidence={"id": 7.5, "name": 5.1, "birth": 8.0, "sex": 1.0, "address": -2.0, "phone": 9.9},
        model_version="1-2026-12-02",
        source="self",
    )


def _login(client, users, who):
    client.force_login(users[who])
    return client


def test_side_by_side_is_masked_and_gives_the_evidence(client, users, pair):
    page = _login(client, users, "county").get(f"/identity/pairs/{pair.pk}/").content.decode()
    assert "王建国" in page and "王建國" in page
    assert "440524188001010014" not in page and "440524188001010313" not in page
    assert "13912345678" not in page
    assert "4405**********0014" in page and "4405**********0313" in page
    assert "支持同一人" in page and "支持不同人" in page
    assert "保存结论" in page  # the county reviewer may decide


def test_a_township_reviewer_sees_the_pair_but_no_decision_form(client, users, pair):
    page = _login(client, users, "township").get(f"/identity/pairs/{pair.pk}/").content.decode()
    assert "王建国" in page and "保存结论" not in page


def test_another_county_does_not_find_the_pair(client, users, pair):
    assert _login(client, users, "county_b").get(f"/identity/pairs/{pair.pk}/").status_code == 404


def test_decision_without_a_conclusion_names_the_field(client, users, pair):
    r = _login(client, users, "county").post(f"/identity/pairs/{pair.pk}/decide/", {"note": "x"})
    assert r.status_code == 422
    assert field_error(r, "decision") == "这个字段是必填项。"
    assert MatchPair.objects.get(pk=pair.pk).status == "pending"


def test_decision_saved_with_its_message(client, users, pair):
    c = _login(client, users, "county")
    r = c.post(
        f"/identity/pairs/{pair.pk}/decide/",
        {"decision": "different", "note": "父子"},
        follow=True,
    )
    assert "复核结论已保存" in r.content.decode()
    assert MatchPair.objects.get(pk=pair.pk).status == "different"


def test_undo_without_a_reason_names_the_field(client, users, pair):
    c = _login(client, users, "county")
    c.post(f"/identity/pairs/{pair.pk}/decide/", {"decision": "same"})
    r = c.post(f"/identity/pairs/{pair.pk}/merge/", {"keep": "a"}, follow=True)
    assert "两份档案已合并，可撤销" in r.content.decode()
    r = c.post(f"/identity/pairs/{pair.pk}/undo/", {"note": ""})
    assert r.status_code == 422 and field_error(r, "note") == "这个字段是必填项。"
    r = c.post(f"/identity/pairs/{pair.pk}/undo/", {"note": "误合并"}, follow=True)
    assert "合并已撤销" in r.content.decode()
    assert MatchPair.objects.get(pk=pair.pk).status == "same"


def test_queue_lists_pending_pairs(client, users, pair):
    page = _login(client, users, "county").get("/identity/").content.decode()
    assert f"/identity/pairs/{pair.pk}/" in page and "0.930" in page


def test_registration_shows_a_likely_duplicate_before_a_second_record(client, users, areas):
    """Issue 16 item 4 (D0.1): 王建國 with the ID number's digit mistyped (check
    character recomputed) and the same phone is 王建国 already registered: the form
    names the likely duplicate (masked) on the confirmation box and creates nothing;
    ticked, the registration goes through."""
    from minzheng.core.models import Person
    from minzheng.core.settings_write import seed_examples

    seed_examples(apps=["identity"])
    PersonFactory(id_number="440524188001010014", name="王建国", phone="13912345678")
    c = _login(client, users, "caseworker")
    data = {
        "id_number": "440524188001010313",
        "name": "王建國",
        "phone": "13912345678",
        "area_code": AREAS["community_a1"],
    }
    r = c.post("/persons/new/", data)
    page = r.content.decode()
    assert r.status_code == 422
    assert "疑似已登记：王建国（4405**********0014" in page
    assert "440524188001010014" not in page
    assert not Person.objects.filter(id_number="440524188001010313").exists()
    r = c.post("/persons/new/", {**data, "not_duplicate": "on"})
    assert r.status_code == 302
    assert Person.objects.filter(id_number="440524188001010313").exists()


def _pairs(n: int) -> None:
    for _ in range(n):
        a, b = PersonFactory(), PersonFactory()
        make_pair(a, b)


@pytest.mark.parametrize("path", ["/identity/"])
def test_the_queue_costs_the_same_statements_for_few_pairs_or_many(client, users, path):
    """tests/core/test_list_queries.py pattern: 2 pairs and 12, the same statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = _login(client, users, "county")
    counts = []
    for n in (2, 10):
        _pairs(n)
        with CaptureQueriesContext(connection) as queries:
            assert c.get(path).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_a_refused_merge_says_why_on_the_form(client, users, areas):
    """Both records head a household they still live in: one person cannot hold two
    current memberships, so the merge is refused on the form and nothing moves."""
    first, second = make_household(size=1), make_household(size=1)
    a, b = sorted([first.head, second.head], key=lambda p: p.pk)
    pair = make_pair(a, b, status="same")
    r = _login(client, users, "county").post(f"/identity/pairs/{pair.pk}/merge/", {"keep": "a"})
    assert r.status_code == 422
    assert form_alert(r) == "无法合并：家庭成员中两份档案的记录相互冲突，请先处理后再合并"
    assert MatchPair.objects.get(pk=pair.pk).status == "same"


def test_decision_message_is_shown_on_the_page_it_leads_to(client, users, pair):
    c = _login(client, users, "county")
    r = c.post(f"/identity/pairs/{pair.pk}/decide/", {"decision": "same", "note": ""})
    assert shown_after(c, r) == "复核结论已保存"
