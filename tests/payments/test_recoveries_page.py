"""The recovery orders page (D13.5): the county's orders, a repayment recorded and an
order written off by the county approver — each form's mistake shown next to the field
(422, nothing written) and its success message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minzheng.payments.models import LedgerEntry, RecoveryOrder
from minzheng.payments.recoveries import recovery_open
from tests.form_pages import field_error, shown_after
from tests.payments.conftest import DEC, NOV, D, enrol
from tests.payments.conftest import as_user as _as

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(users, pay_settings) -> RecoveryOrder:
    e = enrol(users["county"], "dibao", "450.00", D(2025, 1, 1))
    return recovery_open(
        actor=users["county"],
        beneficiary=e.household.head,
        programme="dibao",
        area=e.household.area.parent.parent,  # 鼓楼区
        amount=Decimal("900.00"),
        months=[NOV, DEC],
        reason="死亡后多发",
        rule="D13.5",
        instalment=Decimal("450.00"),
    )


def _url(order: RecoveryOrder, action: str) -> str:
    return f"/payments/recoveries/{order.pk}/{action}/"


def test_the_county_sees_its_orders_and_the_township_does_not(users, order):
    page = _as(users["county"]).get("/payments/recoveries/").content.decode()
    assert f'id="recovery-{order.pk}"' in page and "死亡后多发" in page
    assert "登记退还" in page and "核销" in page
    other = _as(users["township"]).get("/payments/recoveries/").content.decode()
    assert f'id="recovery-{order.pk}"' not in other


def test_a_repayment_over_what_is_owed_is_refused_next_to_the_amount(users, order):
    client = _as(users["county"])
    refused = client.post(_url(order, "repay"), {"amount": "900.01"})
    assert refused.status_code == 422
    assert "不超过未追回的900.00元" in field_error(refused, "amount")
    assert field_error(client.post(_url(order, "repay"), {"amount": "四百"}), "amount")
    assert not LedgerEntry.objects.exists()
    done = client.post(_url(order, "repay"), {"amount": "400.00"})
    assert shown_after(client, done) == f"已登记退还：{order.beneficiary.name}"
    order.refresh_from_db()
    assert (order.recovered, order.status) == (Decimal("400.00"), "open")


def test_a_write_off_needs_a_reason_and_the_county_approver(users, order):
    client = _as(users["county"])
    refused = client.post(_url(order, "write-off"), {"reason": ""})
    assert refused.status_code == 422 and field_error(refused, "reason")
    assert (
        _as(users["city"]).post(_url(order, "write-off"), {"reason": "无力偿还"}).status_code
        == 403
    )
    assert (
        _as(users["county_b"]).post(_url(order, "write-off"), {"reason": "x"}).status_code == 404
    )
    order.refresh_from_db()
    assert order.status == "open"
    done = client.post(_url(order, "write-off"), {"reason": "对象死亡且无遗产"})
    assert shown_after(client, done) == f"已核销追回单：{order.beneficiary.name}"
    order.refresh_from_db()
    assert (order.status, order.written_off_reason) == ("written_off", "对象死亡且无遗产")
