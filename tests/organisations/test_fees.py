"""Fees of trade associations (D10.5): fee items with the general assembly's decision,
the registrar's review against the checks of the fee rules (every transition of
`fee_item`), reductions with amounts and the city total by county (the article's
1.7 million yuan, D12). Sums worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry, TransitionLog
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.organisations.models import FeeItem, FeeReduction
from minzheng.organisations.services.fees import (
    FeeData,
    fee_item_act,
    fee_item_create,
    fee_reduction_create,
    reduction_totals,
)
from tests.factories import AREAS
from tests.organisations.factories import make_org

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 30)


def _association(user, area=AREAS["community_a1"], **over):
    org = make_org(user, D(2020, 5, 1), area=area, **over)
    org.trade_association = True
    org.save(update_fields=["trade_association"])
    return org


MEMBERSHIP = FeeData(
    kind="membership",
    name="会员单位会费",
    standard=Decimal("2000.00"),
    charged_per="元/年·家",
    from_date=D(2026, 1, 1),
    assembly_decision="第三届会员代表大会第二次会议决议",
    assembly_decided_on=D(2025, 12, 20),
)


def test_a_membership_fee_needs_the_general_assemblys_decision(users):
    org = _association(users["county"])
    bare = FeeData(
        kind="membership",
        name="会费",
        standard=Decimal("1000"),
        charged_per="元/年",
        from_date=D(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as bad:
        fee_item_create(actor=users["county"], organisation=org, data=bare, today=TODAY)
    assert set(bad.value.message_dict) == {"assembly_decision", "assembly_decided_on"}
    fee = fee_item_create(actor=users["county"], organisation=org, data=MEMBERSHIP, today=TODAY)
    assert (fee.status, fee.area_id) == ("submitted", AREAS["community_a1"])
    assert AuditEntry.objects.filter(summary__contains="登记涉企收费").exists()


def test_only_trade_associations_fees_are_recorded(users):
    org = make_org(users["county"], D(2020, 5, 1))  # not flagged
    with pytest.raises(ValidationError, match="只登记行业协会商会"):
        fee_item_create(actor=users["county"], organisation=org, data=MEMBERSHIP, today=TODAY)


def test_the_review_through_every_transition(users):
    county = users["county"]
    fee = fee_item_create(
        actor=county, organisation=_association(county), data=MEMBERSHIP, today=TODAY
    )
    with pytest.raises(WorkflowError, match="应责令整改"):  # a finding: not compliant
        fee_item_act(actor=county, fee=fee, action="approve", findings=["forced_membership"])
    with pytest.raises(WorkflowError, match="请勾选审查发现的问题"):
        fee_item_act(actor=county, fee=fee, action="order_rectification", note="整改")
    fee_item_act(
        actor=county,
        fee=fee,
        action="order_rectification",
        findings=["branch_own_fee", "forced_membership"],
        note="分支机构另定会费标准；以入会作为参加评比的条件",
        today=D(2026, 12, 1),
    )
    fee.refresh_from_db()
    assert (fee.status, fee.findings, fee.reviewed_on) == (
        "rectification",
        ["forced_membership", "branch_own_fee"],  # in the rules' order
        D(2026, 12, 1),
    )
    assert fee.findings_labels == ["强制入会或强制收费", "分支机构、代表机构单独制定会费标准"]
    fee_item_act(actor=county, fee=fee, action="resubmit", note="已废止分支机构会费标准")
    fee_item_act(actor=county, fee=fee, action="approve", findings=[], note="")
    fee.refresh_from_db()
    assert (fee.status, fee.findings) == ("compliant", [])
    fee_item_act(actor=county, fee=fee, action="reopen", note="收到投诉")
    actions = TransitionLog.objects.filter(object_id=str(fee.pk)).values_list("action", flat=True)
    assert list(actions) == ["order_rectification", "resubmit", "approve", "reopen"]


def test_staff_without_the_post_do_not_review(users):
    county = users["county"]
    fee = fee_item_create(
        actor=county, organisation=_association(county), data=MEMBERSHIP, today=TODAY
    )
    with pytest.raises(ActionNotPermitted):
        fee_item_act(actor=users["township"], fee=fee, action="approve", findings=[])


def test_reductions_sum_to_the_city_total_by_county(users):
    county, other = users["county"], users["county_b"]
    a = _association(county)
    b = _association(county)
    c = _association(other, area=AREAS["community_b1"])

    def cut(org, actor, on, amount, enterprises):
        return fee_reduction_create(
            actor=actor,
            organisation=org,
            measure="会费减半",
            on=on,
            amount=Decimal(amount),
            enterprises=enterprises,
            today=TODAY,
        )

    cut(a, county, D(2026, 3, 1), "800000.00", 120)
    cut(b, county, D(2026, 6, 30), "450000.50", 60)
    cut(c, other, D(2026, 9, 9), "449999.50", 75)
    cut(a, county, D(2025, 12, 31), "99999.00", 10)  # last year: not counted
    counties, total = reduction_totals(FeeReduction.objects.all(), D(2026, 1, 1), D(2026, 12, 31))
    assert [(r.code, r.amount, r.enterprises, r.organisations) for r in counties] == [
        (AREAS["county_a"], Decimal("1250000.50"), 180, 2),
        (AREAS["county_b"], Decimal("449999.50"), 75, 1),
    ]
    assert (total.amount, total.enterprises, total.organisations) == (
        Decimal("1700000.00"),  # the article's 1.7 million yuan (D12)
        255,
        3,
    )
    with pytest.raises(ValidationError) as bad:
        cut(a, county, D(2026, 3, 1), "0", 1)
    assert bad.value.message_dict == {"amount": ["减免金额应大于0"]}
    assert FeeItem.objects.count() == 0
