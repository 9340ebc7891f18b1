"""The administrator's calendar page (D11.3): each of its two forms shows its error next
to the field (422) and a saved change says so."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import CalendarYear, WorkdayOverride
from tests.form_pages import field_error, shown_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(users) -> Client:
    client = Client()
    client.force_login(users["city"])
    return client


def test_a_day_without_a_date_is_refused_on_the_date_then_saved(admin):
    refused = admin.post("/calendar/", {"override": "1", "date": "", "note": "调休"})
    assert refused.status_code == 422 and not WorkdayOverride.objects.exists()
    assert "必填" in field_error(refused, "date")
    saved = admin.post(
        "/calendar/",
        {"override": "1", "date": "2027-02-20", "is_working_day": "on", "note": "春节调休上班"},
    )
    assert "工作日安排已保存" in shown_after(admin, saved)
    assert WorkdayOverride.objects.get().is_working_day


def test_a_year_declared_twice_is_refused_on_the_year(admin):
    first = admin.post("/calendar/", {"declare": "1", "year": "2027", "source": "国办发明电"})
    assert "工作日安排已保存" in shown_after(admin, first)
    again = admin.post("/calendar/", {"declare": "1", "year": "2027", "source": "重复"})
    assert again.status_code == 422 and CalendarYear.objects.count() == 1
    assert "已存在" in field_error(again, "year")
