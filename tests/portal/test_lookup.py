"""The status look-up (issue 15): receipt number + the applicant's last four ID
characters; only the step and its deadline; the same answer for "no such receipt" and
"wrong characters"; rate-limited per address and per receipt; every try audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from tests.portal.cases import RECEIPT, make_application

pytestmark = pytest.mark.django_db


def _answer(response) -> str:
    """The answer section only (the form around it carries a fresh CSRF token)."""
    found = re.search(
        r'<section class="card" id="answer".*?</section>', response.content.decode(), re.S
    )
    assert found, response.content.decode()[:500]
    return found.group(0)


def _ask(client: Client, receipt: str, tail: str, ip: str = "10.0.0.1"):
    return client.post("/public/status/", {"receipt": receipt, "tail": tail}, REMOTE_ADDR=ip)


def test_the_right_receipt_and_tail_answer_the_step_and_deadline_only(published, users):
    app = make_application(users["caseworker"], deadline=dt.date(2026, 12, 8))
    tail = app.applicant.id_number[-4:]
    answer = _answer(_ask(Client(), RECEIPT.lower(), tail.lower()))
    assert "最低生活保障申请" in answer
    assert app.status_label in answer
    assert "2026年12月8日前" in answer
    assert app.applicant.name not in answer
    assert app.applicant.id_number not in answer and app.household.number not in answer


def test_no_such_receipt_and_wrong_digits_get_the_same_answer(published, users):
    app = make_application(users["caseworker"])
    wrong = "0000" if app.applicant.id_number[-4:] != "0000" else "1111"
    client = Client()
    wrong_digits = _ask(client, RECEIPT, wrong)
    no_receipt = _ask(client, "SA20261201FFFFFF", wrong)
    assert wrong_digits.status_code == no_receipt.status_code == 200
    assert _answer(wrong_digits) == _answer(no_receipt)
    assert "未查到相符的申请" in _answer(no_receipt)


def test_every_try_is_audited_without_the_digits(published, users):
    app = make_application(users["caseworker"])
    tail = app.applicant.id_number[-4:]
    before = AuditEntry.objects.count()
    _ask(Client(), RECEIPT, tail)
    _ask(Client(), RECEIPT, "0000" if tail != "0000" else "1111")
    entries = list(AuditEntry.objects.order_by("-id")[:2])
    assert AuditEntry.objects.count() == before + 2
    found, missed = entries[1], entries[0]
    assert found.action == "read" and found.object_type == "assistance.application"
    assert found.object_id == str(app.pk) and found.ip == "10.0.0.1"
    assert missed.action == "search" and missed.object_id == ""
    assert "未相符" in missed.summary
    assert all(tail not in e.summary for e in entries)


def test_a_receipt_is_refused_after_five_tries_an_hour_even_from_new_addresses(published, users):
    """portal.lookup.per_receipt_per_hour, example 5: the sixth try is refused (429),
    even with the right digits and from another address — four characters cannot be
    guessed by spreading the tries over addresses."""
    app = make_application(users["caseworker"])
    tail = app.applicant.id_number[-4:]
    client = Client()
    for n in range(5):
        assert _ask(client, RECEIPT, f"{n:04d}", ip=f"10.0.1.{n}").status_code == 200
    refused = _ask(client, RECEIPT, tail, ip="10.0.2.1")
    assert refused.status_code == 429
    assert "查询过于频繁" in _answer(refused) and app.status_label not in _answer(refused)
    last = AuditEntry.objects.order_by("-id").first()
    assert last is not None and "已拒绝" in last.summary and last.ip == "10.0.2.1"


def test_an_address_is_refused_after_twenty_tries_an_hour(published, users):
    """portal.lookup.per_address_per_hour, example 20: the 21st try from one address."""
    make_application(users["caseworker"])
    client = Client()
    for n in range(20):
        assert _ask(client, f"SA2026120{n:07d}", "1234").status_code == 200
    assert _ask(client, "SA20261209999999", "1234").status_code == 429
    assert _ask(client, "SA20261209999999", "1234", ip="10.9.9.9").status_code == 200


@pytest.mark.parametrize(
    ("field", "data", "words"),
    [
        ("receipt", {"receipt": "SA-1", "tail": "1234"}, "受理编号应为6至24位字母或数字"),
        ("tail", {"receipt": RECEIPT, "tail": "12o4"}, "申请人证件号码后四位有误"),
        ("tail", {"receipt": RECEIPT, "tail": "S234"}, "不含I、O、Z、S、V"),
        ("tail", {"receipt": RECEIPT, "tail": "12-4"}, "统一社会信用代码的最后四位"),
        ("tail", {"receipt": RECEIPT, "tail": "123"}, "后四位"),
        ("receipt", {"receipt": "SA2026\x001201", "tail": "1234"}, "受理编号"),
        ("tail", {"receipt": RECEIPT, "tail": "123456"}, "后四位"),
    ],
)
def test_a_malformed_field_is_a_422_naming_it_and_costs_no_try(published, field, data, words):
    before = AuditEntry.objects.count()
    response = Client().post("/public/status/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-field="{field}"' in page and words in page
    assert AuditEntry.objects.count() == before
