"""Feed records whose ID number the registry does not hold (issue 16; D0.1, D5.3):
matched through the model before the rules run. A confident match's finding lands on
the registered person, with the match shown on the lead; a grey-zone match goes to
the review queue, not to a lead; an exact number goes the usual way.

The department (the disabled persons' federation) sends three new grade-1
certificates for October 2026 (rule W003: a new severe disability in a monitored
household — every household here receives dibao):
- 王秀英, registered 320303196503150025, sent as 320303196503150041 (the sequence
  002 typed 004, the check character recomputed: a valid number nobody has);
- 李建国, registered 320302197006010054, sent as 320302197006010070 and 黎建国 (a
  homophone surname and a mistyped digit: likely, not certain);
- 张伟, sent with his registered number.
The probabilities come from model version 1 (0.9955 and 0.9524 for the two
records); the expected outcomes follow from the example thresholds 0.99 / 0.5."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minzheng.analytics.feeds.importer import ReadOptions, import_feed
from minzheng.analytics.store import Store
from minzheng.core.models import Person
from minzheng.core.settings_write import seed_examples
from minzheng.identity import services as identity
from minzheng.identity.models import MatchPair
from minzheng.warning.models import Lead
from minzheng.warning.pipeline import store_root, warning_run
from tests.assistance.enrolments import make_enrolment

pytestmark = pytest.mark.django_db
PERIOD, TODAY = "2026-10", dt.date(2026, 11, 2)
HEADER = "公民身份号码,姓名,残疾人证号,残疾类别,残疾等级,发证日期,证件状态\n"


def _head(county, number: str, name: str) -> Person:
    """The head of a dibao household (monitored, D5.1)."""
    head = make_enrolment(county, "dibao", "500.00", dt.date(2025, 1, 1)).household.head
    head.id_number, head.name = number, name
    head.save()
    return head


@pytest.fixture
def feed(settings, tmp_path, settings_seeded, users):
    settings.VAR_DIR = tmp_path / "var"
    seed_examples(apps=["identity"])
    people = {
        "wang": _head(users["county"], "320303196503150025", "王秀英"),
        "li": _head(users["county"], "320302197006010054", "李建国"),
        "zhang": _head(users["county"], "320303198808080012", "张伟"),
    }
    rows = [
        "320303196503150041,王秀英,CJ-1,physical,1,2026-10-08,valid",
        "320302197006010070,黎建国,CJ-2,physical,1,2026-10-09,valid",
        "320303198808080012,张伟,CJ-3,physical,1,2026-10-10,valid",
    ]
    path = tmp_path / "残疾人证.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    result = import_feed(
        Store(store_root()), "disability_certificates", path, ReadOptions(today=TODAY)
    )
    assert result.status == "imported", result.summary_zh()
    return people


def test_a_confident_match_lands_on_the_person_and_the_grey_zone_goes_to_review(feed, users):
    run = warning_run(period=PERIOD, today=TODAY)
    assert (run.identity.unknown_numbers, run.identity.near) == (2, 2)
    assert (run.identity.aliased, run.identity.review) == (1, 1)
    by_person = {lead.person_id: lead for lead in Lead.objects.filter(rule_id="W003")}
    wang, li, zhang = feed["wang"], feed["li"], feed["zhang"]
    assert set(by_person) == {wang.pk, zhang.pk}  # no lead for 李建国 on a guess
    lead = by_person[wang.pk]
    assert lead.id_number == "320303196503150025"  # the registry's number
    assert lead.feed_id_number == "320303196503150041"  # as the department sent it
    assert lead.match_probability is not None and lead.match_probability >= 0.99
    assert lead.match_weight is not None and lead.match_weight > 0
    exact = by_person[zhang.pk]
    assert (exact.feed_id_number, exact.match_weight) == ("", None)
    pair = MatchPair.objects.get(source="feed")
    assert (pair.person_a_id, pair.person_b_id, pair.status) == (li.pk, None, "pending")
    assert pair.incoming == {
        "id_number": "320302197006010070",
        "name": "黎建国",
        "feeds": ["残疾人证"],
    }
    assert 0.5 <= pair.probability < 0.99

    # the lead's page shows the match, masked
    client = Client()
    client.force_login(users["caseworker"])
    page = client.get(f"/warning/leads/{lead.pk}/").content.decode()
    assert "经身份识别模型匹配为本人" in page and "3203**********0041" in page
    assert "320303196503150041" not in page

    # the county approver confirms 黎建国 is 李建国: the next run opens his lead
    identity.decide(actor=users["county"], pair=pair, same=True, note="电话核实为同一人")
    again = warning_run(period=PERIOD, today=TODAY)
    assert (again.identity.aliased, again.identity.review) == (2, 0)
    li_lead = Lead.objects.get(rule_id="W003", person=li)
    assert li_lead.feed_id_number == "320302197006010070"
    assert Lead.objects.filter(rule_id="W003").count() == 3


def test_a_record_decided_different_is_never_read_as_the_person(feed, users):
    warning_run(period=PERIOD, today=TODAY)
    pair = MatchPair.objects.get(source="feed")
    identity.decide(actor=users["county"], pair=pair, same=False, note="另有其人")
    again = warning_run(period=PERIOD, today=TODAY)
    assert (again.identity.aliased, again.identity.review) == (1, 0)
    assert not Lead.objects.filter(person=feed["li"]).exists()


def test_the_review_page_shows_the_feed_record_beside_the_registrys(feed, users):
    warning_run(period=PERIOD, today=TODAY)
    pair = MatchPair.objects.get(source="feed")
    client = Client()
    client.force_login(users["county"])
    page = client.get(f"/identity/pairs/{pair.pk}/").content.decode()
    assert "部门数据记录" in page and "黎建国" in page and "残疾人证" in page
    assert "3203**********0070" in page and "320302197006010070" not in page
    assert "合并档案" not in page  # a feed's record is not a registry record to merge
    listed = client.get("/api/v1/identity/pairs").json()["items"]
    assert [(i["person_b"], i["incoming"]["name"]) for i in listed] == [(None, "黎建国")]


def test_without_thresholds_nothing_is_matched(feed, users, settings):
    from minzheng.core.models import ConfigValue

    ConfigValue.objects.filter(key__startswith="identity.").delete()
    run = warning_run(period=PERIOD, today=TODAY)
    assert (run.identity.aliased, run.identity.review) == (0, 0)
    assert {lead.person_id for lead in Lead.objects.filter(rule_id="W003")} == {feed["zhang"].pk}
