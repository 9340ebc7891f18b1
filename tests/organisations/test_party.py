"""Party-branch standardisation (D10.3): branches, the assessment on the five aspects
with scores, evidence and the result, and the organisations with three or more party
members and no branch (应建未建) — the trigger of the abnormal list's "no party
organisation" (D10.7) — listed by the registrar and removed once a branch exists.
Settings written here: 3 members; five aspects of 20 points; 示范 from 90, 达标 from 70."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import ConfigValue
from minzheng.core.workflow import WorkflowError
from minzheng.organisations.models import CreditListing, Organisation
from minzheng.organisations.services.credit import listing_remove
from minzheng.organisations.services.party import (
    branch_assess,
    branch_create,
    list_without_branch,
    supervision_facts_set,
    without_branch,
)
from minzheng.organisations.services.registry import organisation_decide
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 30)
ASPECTS = ("political", "systems", "duties", "premises", "role")


@pytest.fixture
def party(areas):
    for key, value in {
        "organisations.party.min_members_for_branch": "3",
        "organisations.party.aspects": "political:20,systems:20,duties:20,premises:20,role:20",
        "organisations.party.result_floor": "model:90,standard:70",
    }.items():
        ConfigValue.objects.create(
            key=key, area=None, effective_from=D(2020, 1, 1), value=value, basis="测试"
        )


def _org(user, members):
    org = make_org(user, D(2020, 5, 1))
    return supervision_facts_set(
        actor=user, organisation=org, party_members=members, trade_association=False
    )


FOUNDED = D(2025, 7, 1)


def _branch(user, org, kind="own", members=3, on=FOUNDED):
    return branch_create(
        actor=user,
        organisation=org,
        name=f"{org.name}党支部",
        kind=kind,
        established_on=on,
        secretary="王建国",
        members=members,
        today=TODAY,
    )


def test_three_members_and_no_branch_is_the_trigger(users, party):
    county = users["county"]
    three, two, with_branch, ended = (_org(county, n) for n in (3, 2, 5, 4))
    _branch(county, with_branch, members=5)
    organisation_decide(
        actor=county,
        organisation=ended,
        action="deregister",
        decision="徐民登〔2026〕9号",
        note="注销",
        today=TODAY,
    )
    found = list(without_branch(Organisation.objects.all(), TODAY))
    assert found == [three]
    dissolved = _branch(county, three)
    dissolved.dissolved_on = D(2026, 6, 1)
    dissolved.save(update_fields=["dissolved_on"])
    assert list(without_branch(Organisation.objects.all(), TODAY)) == [three]
    assert list(without_branch(Organisation.objects.all(), D(2026, 5, 31))) == []
    assert two not in found


def test_listing_on_the_abnormal_list_and_removal_after_a_branch(users, party):
    county = users["county"]
    org = _org(county, 4)
    listing = list_without_branch(actor=county, organisation=org, today=TODAY)
    assert (listing.list_kind, listing.reason, listing.listed_on) == (
        "abnormal",
        "no_party",
        TODAY,
    )
    with pytest.raises(ValidationError, match="已因未按规定设立党组织列入"):
        list_without_branch(actor=county, organisation=org, today=TODAY)
    with pytest.raises(ValidationError, match="不属于党员3人以上且未建立党组织"):
        list_without_branch(actor=county, organisation=_org(county, 2), today=TODAY)
    with pytest.raises(WorkflowError, match="尚未建立党组织"):
        listing_remove(actor=county, listing=listing, note="已整改", today=TODAY)
    _branch(county, org, members=4, on=TODAY)
    listing_remove(
        actor=county,
        listing=CreditListing.objects.get(pk=listing.pk),
        note="已建立党支部",
        today=TODAY,
    )
    assert CreditListing.objects.get(pk=listing.pk).status == "removed"


def test_a_branch_of_its_own_needs_three_members(users, party):
    county = users["county"]
    org = _org(county, 2)
    with pytest.raises(ValidationError) as bad:
        _branch(county, org, members=2)
    assert list(bad.value.message_dict) == ["members"]
    assert _branch(county, org, kind="joint", members=2).kind == "joint"


def _assess(user, branch, scores, year=2026, evidence=None):
    return branch_assess(
        actor=user,
        branch=branch,
        year=year,
        scores=dict(zip(ASPECTS, scores, strict=True)),
        evidence=evidence or {a: "会议记录、台账照片" for a in ASPECTS},
        today=TODAY,
    )


def test_the_five_aspects_give_the_result(users, party):
    county = users["county"]
    branch = _branch(county, _org(county, 3))
    done = _assess(county, branch, (20, 18, 15, 12, 16))  # 81: 达标 (70..89)
    assert (done.total, done.result) == (81, "达标")
    assert done.scores == {
        "political": 20,
        "systems": 18,
        "duties": 15,
        "premises": 12,
        "role": 16,
    }
    assert _assess(county, branch, (18, 18, 18, 18, 18), year=2025).result == "示范"  # 90
    other = _branch(county, _org(county, 3))
    assert _assess(county, other, (14, 14, 14, 14, 13)).result == "不达标"  # 69
    with pytest.raises(ValidationError, match="2026年度已评定"):
        _assess(county, branch, (1, 1, 1, 1, 1))


def test_scores_and_evidence_are_checked_per_aspect(users, party):
    county = users["county"]
    branch = _branch(county, _org(county, 3))
    evidence = {a: "台账" for a in ASPECTS} | {"premises": ""}
    with pytest.raises(ValidationError) as bad:
        _assess(county, branch, (21, 10, 10, 10, 10), evidence=evidence)
    assert bad.value.message_dict == {
        "score_political": ["得分应在0至20分之间"],
        "evidence_premises": ["请填写佐证材料"],
    }
    with pytest.raises(ValidationError, match="2025年成立"):
        _assess(county, branch, (10, 10, 10, 10, 10), year=2024)
