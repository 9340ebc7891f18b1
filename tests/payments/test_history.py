"""The household page shows the household's payroll lines (D13.3): month, programme,
amount paid and where each stands, in words; nothing for a household never on a payroll.
The person page shows the lines paying that person, the same way."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from minzheng.payments.models import PayrollLine
from tests.factories import make_household
from tests.payments.conftest import DEC, NOV, D, account_for, computed_cycle, enrol

pytestmark = pytest.mark.django_db


def _page(user, household=None, person=None) -> str:
    client = Client()
    client.force_login(user)
    url = f"/households/{household.pk}/" if household else f"/persons/{person.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _history(page: str, table: str = "payment-history") -> list[list[str]]:
    section = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]  # after the heading row
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


def test_the_household_page_lists_its_payments_newest_first(users, pay_settings):
    county = users["county"]
    mine = enrol(county, "dibao", "500.00", D(2026, 11, 1))
    other = enrol(county, "dibao", "700.00", D(2026, 11, 1))
    for e in (mine, other):
        account_for(county, e.household)
    computed_cycle(county, NOV)
    computed_cycle(county, DEC)

    page = _page(users["caseworker"], mine.household)

    assert "资金发放记录" in page
    # Hand-written: two months of 500.00 each, neither sent to the bank yet (待发放).
    assert _history(page) == [
        ["2026年12月", "最低生活保障", "500.00", "待发放", ""],
        ["2026年11月", "最低生活保障", "500.00", "待发放", ""],
    ]
    assert "700.00" not in page.split('id="household-payments"', 1)[1]


def test_a_held_line_says_why(users, pay_settings):
    county = users["county"]
    e = enrol(county, "dibao", "500.00", D(2026, 12, 1))
    account_for(county, e.household, holder="某某")  # a card in another's name (代持)
    computed_cycle(county, DEC)
    line = PayrollLine.objects.get(household=e.household)
    assert line.status == "held"

    row = _history(_page(users["caseworker"], e.household))[0]
    assert row[:4] == ["2026年12月", "最低生活保障", "500.00", "暂停发放"]
    assert row[4] == line.held_reason and row[4]


def test_no_section_for_a_household_never_on_a_payroll(users, pay_settings):
    household = make_household(size=2)
    assert "资金发放记录" not in _page(users["caseworker"], household)


def test_the_person_page_lists_the_payments_to_that_person(users, pay_settings):
    county = users["county"]
    mine = enrol(county, "dibao", "500.00", D(2026, 11, 1))
    other = enrol(county, "dibao", "700.00", D(2026, 11, 1))
    for e in (mine, other):
        account_for(county, e.household)
    computed_cycle(county, NOV)
    computed_cycle(county, DEC)
    head = mine.household.head

    page = _page(users["caseworker"], person=head)

    assert "本人收款记录" in page
    # The head is paid the household's dibao: 500.00 for November and December.
    assert _history(page, "person-payment-history") == [
        ["2026年12月", "最低生活保障", "500.00", "待发放", ""],
        ["2026年11月", "最低生活保障", "500.00", "待发放", ""],
    ]
    # A member who is not the head is paid nothing: no section on their page.
    member = next(m.person for m in mine.household.current_members() if m.person_id != head.pk)
    assert "本人收款记录" not in _page(users["caseworker"], person=member)
