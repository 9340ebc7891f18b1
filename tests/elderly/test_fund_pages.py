"""The elderly-care funds pages and the payables page (issue 14 items 5 and 6): forms
answer 422 with the field named, accounts are shown masked, the county bureau sends
and records the bank's answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client

from minzheng.elderly.models import FacilitySubsidy
from minzheng.elderly.services.funds import operator_payee
from minzheng.payments.models import InstitutionalPayable, LedgerEntry
from minzheng.payments.payables import payable_open
from tests.elderly.factories import make_canteen, make_facility, make_settlement
from tests.factories import AREAS


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_subsidy_is_prepared_on_the_page_and_a_wrong_month_is_named(users):
    station = make_facility(AREAS["community_a1"], opened_on=dt.date(2025, 1, 1))
    township = _client(users["township"])
    r = township.post(
        "/elderly/funds/prepare/", {"facility": station.pk, "kind": "operating", "month": "3月"}
    )
    assert r.status_code == 422 and "所属月份" in r.content.decode()
    r = township.post(
        "/elderly/funds/prepare/",
        {"facility": station.pk, "kind": "operating", "month": "2026-03"},
    )
    assert r.status_code == 302
    item = FacilitySubsidy.objects.get(facility=station)
    assert item.amount == Decimal("2000.00")  # a station's month (example setting)
    page = township.get("/elderly/funds/").content.decode()
    assert f'id="fund-{item.pk}"' in page and "社区养老服务站运营补贴标准2000.00元/月" in page


def test_a_facility_not_yet_open_is_refused_on_the_page(users):
    later = make_facility(AREAS["community_a1"], opened_on=dt.date(2026, 4, 1))
    r = _client(users["township"]).post(
        "/elderly/funds/prepare/", {"facility": later.pk, "kind": "operating", "month": "2026-03"}
    )
    assert r.status_code == 422 and "尚未开业" in r.content.decode()
    assert not FacilitySubsidy.objects.exists()


def test_the_operator_account_is_masked_and_checked(users):
    station = make_facility(AREAS["community_a1"])
    county = _client(users["county"])
    url = f"/elderly/operators/{station.operator_id}/account/"
    page = county.get(url).content.decode()
    assert "6228********5678" in page and "6228480012345678" not in page
    r = county.post(url, {"bank": "中国银行", "account_number": "12ab", "holder_name": "他人"})
    body = r.content.decode()
    assert r.status_code == 422 and "须为8至32位数字" in body and "户名须为运营方名称" in body
    assert _client(users["township"]).post(url, {"bank": "x"}).status_code == 403


def test_the_county_sends_and_records_the_banks_answer_on_the_page(users):
    canteen = make_canteen(AREAS["community_a1"])
    payable = payable_open(
        actor=users["county"],
        programme="elderly_meal_subsidy",
        county_code=canteen.area_id,
        month=dt.date(2026, 2, 1),
        amount=Decimal("12.00"),
        source_kind="elderly.settlement",
        source_id=make_settlement(canteen).pk,
        source_label=f"{canteen.name} 2026年02月助餐补贴结算",
        subject_kind="elderly.facility",
        subject_id=canteen.pk,
        payee=operator_payee(canteen.operator),
    )
    county = _client(users["county"])
    page = county.get("/payments/payables/").content.decode()
    assert f'id="payable-{payable.pk}"' in page and "6228********5678" in page
    assert (
        f'id="payable-{payable.pk}"'
        not in _client(users["township"]).get("/payments/payables/").content.decode()
    )  # a county's payment, like its payroll
    url = f"/payments/payables/{payable.pk}/action/"
    assert county.post(url, {"action": "send"}).status_code == 302
    r = county.post(url, {"action": "record_returned", "note": ""})
    assert r.status_code == 422 and "银行反馈原因" in r.content.decode()
    assert county.post(url, {"action": "record_returned", "note": "户名不符"}).status_code == 302
    payable.refresh_from_db()
    assert (payable.status, payable.bank_reason) == ("returned", "户名不符")
    assert list(LedgerEntry.objects.filter(payable=payable).values_list("kind", "amount")) == [
        ("issued", Decimal("12.00")),
        ("returned", Decimal("12.00")),
    ]
    assert InstitutionalPayable.objects.count() == 1
