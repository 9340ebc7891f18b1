"""The daily credit-list run (D10.2, D10.7) with hand-worked dates: deadline 31 May of
the following year, organisations registered less than six months on 31 December
exempt, two full years on the abnormal list move an organisation to the serious list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.workflow import WorkflowError
from minzheng.organisations.models import CreditListing
from minzheng.organisations.services.credit import credit_run, listing_remove, penalty_record
from minzheng.organisations.services.registry import organisation_decide
from minzheng.organisations.services.reports import Filing, annual_report_file
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date


def _filing(year: int, filed_on: dt.date) -> Filing:
    return Filing(
        year,
        filed_on,
        None,
        Decimal("120000.00"),
        Decimal("98000.50"),
        Decimal("45000.00"),
        3,
        "年会一次，培训两次",
    )


def _file(user, org, year, filed_on):
    return annual_report_file(
        actor=user, organisation=org, filing=_filing(year, filed_on), today=filed_on
    )


def _listed(org, list_kind="abnormal"):
    return list(CreditListing.objects.filter(organisation=org, list_kind=list_kind))


@pytest.fixture
def orgs(users, org_settings):
    county = users["county"]
    made = {
        "missing": make_org(county, D(2025, 1, 10)),
        "june30": make_org(county, D(2025, 6, 30)),  # six full months on 31 Dec: due
        "july1": make_org(county, D(2025, 7, 1)),  # less than six months: exempt
        "on_deadline": make_org(county, D(2025, 2, 1)),
        "late": make_org(county, D(2025, 2, 1)),
        "new_2026": make_org(county, D(2026, 1, 5)),  # no 2025 report due at all
        "deregistered": make_org(county, D(2025, 1, 10)),
    }
    _file(county, made["on_deadline"], 2025, D(2026, 5, 31))
    _file(county, made["late"], 2025, D(2026, 6, 1))
    organisation_decide(
        actor=county,
        organisation=made["deregistered"],
        action="deregister",
        decision="徐民登〔2026〕9号",
        note="自行解散",
        today=D(2026, 4, 1),
    )
    return made


def test_nothing_is_listed_on_the_deadline_itself(orgs):
    result = credit_run(on=D(2026, 5, 31))
    assert (result.year, result.listed) == (2024, 0)  # the 2025 reports are not late yet
    assert not CreditListing.objects.exists()


def test_late_and_missing_reports_are_listed_the_day_after_the_deadline(orgs):
    result = credit_run(on=D(2026, 6, 1))
    listed = {name for name, org in orgs.items() if _listed(org)}
    assert listed == {"missing", "june30", "late"}
    assert (result.year, result.listed, result.escalated) == (2025, 3, 0)
    listing = _listed(orgs["missing"])[0]
    assert (listing.reason, listing.year, listing.listed_on) == (
        "late_report",
        2025,
        D(2026, 6, 1),
    )
    assert listing.rule == "《社会组织信用信息管理办法》（民政部令第60号）"
    assert listing.detail == "2025年度工作报告截至2026-05-31未报送"
    assert listing.listed_by is None
    entry = AuditEntry.objects.get(
        object_type="organisations.creditlisting", object_id=str(listing.pk)
    )
    assert entry.actor_username == "system"
    assert "列入活动异常名录" in entry.summary


def test_the_run_lists_each_organisation_once_per_year(orgs):
    credit_run(on=D(2026, 6, 1))
    again = credit_run(on=D(2026, 6, 2))
    assert again.listed == 0
    assert CreditListing.objects.count() == 3


def test_removal_waits_for_the_report_then_records_date_and_reason(orgs, users):
    credit_run(on=D(2026, 6, 1))
    listing = _listed(orgs["missing"])[0]
    with pytest.raises(WorkflowError, match="2025年度工作报告尚未报送，不能移出"):
        listing_remove(actor=users["county"], listing=listing, note="已整改", today=D(2026, 6, 5))
    _file(users["county"], orgs["missing"], 2025, D(2026, 6, 10))
    with pytest.raises(WorkflowError, match="须填写意见或理由"):
        listing_remove(actor=users["county"], listing=listing, note=" ", today=D(2026, 6, 11))
    listing_remove(
        actor=users["county"], listing=listing, note="已补报2025年度工作报告", today=D(2026, 6, 11)
    )
    listing.refresh_from_db()
    assert (listing.status, listing.removed_on) == ("removed", D(2026, 6, 11))
    assert listing.removal_reason == "已补报2025年度工作报告"
    log = TransitionLog.objects.get(workflow="credit_listing", object_id=str(listing.pk))
    assert (log.action, log.note) == ("remove", "已补报2025年度工作报告")


def test_two_full_years_on_the_abnormal_list_move_it_to_the_serious_list(orgs):
    credit_run(on=D(2026, 6, 1))
    credit_run(on=D(2028, 5, 31))  # listed 1 June 2026: two years are complete on 1 June 2028
    assert _listed(orgs["missing"], "serious") == []
    result = credit_run(on=D(2028, 6, 1))
    serious = _listed(orgs["missing"], "serious")
    assert len(serious) == 1 and result.escalated == 3  # missing, june30, late
    first = _listed(orgs["missing"]).pop()  # the 2025 listing (others came later)
    first = CreditListing.objects.get(organisation=orgs["missing"], year=2025)
    assert serious[0].escalated_from == first
    assert (serious[0].reason, serious[0].listed_on) == ("abnormal_two_years", D(2028, 6, 1))
    assert credit_run(on=D(2028, 6, 2)).escalated == 0


def test_a_removed_listing_is_not_escalated(orgs, users):
    credit_run(on=D(2026, 6, 1))
    listing = CreditListing.objects.get(organisation=orgs["late"], year=2025)
    listing_remove(actor=users["county"], listing=listing, note="已补报", today=D(2026, 6, 3))
    credit_run(on=D(2028, 6, 1))
    assert _listed(orgs["late"], "serious") == []


@pytest.mark.parametrize(
    ("fine", "list_kind", "reason"),
    [
        (None, "abnormal", "small_penalty"),  # a warning
        (Decimal("49999.99"), "abnormal", "small_penalty"),
        (Decimal("50000.00"), "serious", "large_penalty"),  # 5万元以上 includes 50,000
    ],
)
def test_penalties_list_by_the_amount(orgs, users, fine, list_kind, reason):
    listing = penalty_record(
        actor=users["county"],
        organisation=orgs["missing"],
        decision="徐民罚〔2026〕3号",
        decided_on=D(2026, 3, 2),
        fine=fine,
        today=D(2026, 3, 3),
    )
    assert (listing.list_kind, listing.reason) == (list_kind, reason)


def test_penalty_form_errors(orgs, users):
    with pytest.raises(ValidationError) as caught:
        penalty_record(
            actor=users["county"],
            organisation=orgs["missing"],
            decision="",
            decided_on=D(2026, 3, 9),
            fine=Decimal("0"),
            today=D(2026, 3, 3),
        )
    assert caught.value.message_dict == {
        "decision": ["请填写处罚决定文号"],
        "decided_on": ["处罚日期不能晚于今天"],
        "fine": ["罚款金额应大于0；警告不填金额"],
    }


def test_revocation_puts_it_on_the_serious_list_for_good(orgs, users):
    org = orgs["june30"]
    organisation_decide(
        actor=users["county"],
        organisation=org,
        action="revoke",
        decision="徐民罚〔2026〕5号",
        note="一年未开展活动",
        today=D(2026, 8, 3),
    )
    listing = _listed(org, "serious")[0]
    assert (listing.reason, listing.listed_on) == ("revoked", D(2026, 8, 3))
    with pytest.raises(WorkflowError, match="因撤销登记列入的，不能通过整改移出"):
        listing_remove(actor=users["county"], listing=listing, note="整改", today=D(2026, 9, 1))
