"""Licensing applications answered by the status look-up (docs/portal.md): the receipt
is the application's number, the four characters the end of the applicant's code; the
answer is the step and the promised day (D15.1). Dates worked by hand in
tests/licensing/test_rates.py: accepted Tue 22 Sep 2026, promised due 13 Oct."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.licensing import services
from tests.licensing.conftest import accepted, write_limits

pytestmark = pytest.mark.django_db


def _answer(client: Client, receipt: str, tail: str) -> str:
    page = client.post("/public/status/", {"receipt": receipt, "tail": tail}).content.decode()
    found = re.search(r'<section class="card" id="answer".*?</section>', page, re.S)
    assert found, page[:500]
    return found.group(0)


def test_an_open_application_answers_its_step_and_promised_day(published, users, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 30))
    write_limits()
    application = accepted(users["county"], dt.date(2026, 9, 22))
    answer = _answer(Client(), application.number, "0016")  # 91320302MA1XYW0016
    assert "养老机构备案申请" in answer
    assert application.status_label in answer
    assert "2026年10月13日前" in answer
    assert "颐和养老院" not in answer and "91320302MA1XYW0016" not in answer
    found = AuditEntry.objects.order_by("-id").first()
    assert found is not None and found.object_type == "licensing.licenceapplication"
    assert "未查到相符的申请" in _answer(Client(), application.number, "0017")


def test_a_decided_application_has_no_deadline(published, users, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 20))
    write_limits()
    application = accepted(users["county"], dt.date(2026, 9, 22))
    services.decision_make(
        actor=users["county"],
        application=application,
        outcome="granted",
        reason="依法",
        today=dt.date(2026, 10, 13),
    )
    application.refresh_from_db()
    answer = _answer(Client(), application.number, "0016")
    assert application.status_label in answer and "本环节不计时限" in answer


def test_an_organisation_whose_code_ends_in_a_letter_is_answered(published, users, monkeypatch):
    """A credit code whose last character is a letter (91320302MA1XYW003C); the tail
    may be typed in either case."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 30))
    write_limits()
    application = accepted(users["county"], dt.date(2026, 9, 22))
    type(application).objects.filter(pk=application.pk).update(applicant_code="91320302MA1XYW003C")
    assert "2026年10月13日前" in _answer(Client(), application.number, "003c")
    found = AuditEntry.objects.order_by("-id").first()
    assert found is not None and found.object_id == str(application.pk)
    assert "未查到相符的申请" in _answer(Client(), application.number, "0016")
