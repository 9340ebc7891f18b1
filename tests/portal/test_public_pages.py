"""The public pages open without log-in, in Chinese, cacheable where nothing personal is
shown (the look-up and the forms are not: they carry a CSRF token or an answer)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CACHEABLE = [
    "/public/",
    "/public/guides/",
    "/public/guides/guide.programme.dibao/",
    "/public/guides/guide.licence.funeral_facility/",
    "/public/standards/",
    "/public/standards/?county=320302",
    "/public/recipients/",
    "/public/recipients/?area=320302001001",
    "/public/hotlines/",
]
PERSONAL_OR_FORMS = ["/public/status/", "/public/messages/", "/public/calculator/"]


@pytest.mark.parametrize("url", CACHEABLE)
def test_public_pages_open_without_log_in_and_may_be_cached(published, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize("url", PERSONAL_OR_FORMS)
def test_forms_and_answers_are_never_stored(published, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_home_page_links_every_registered_public_page(published):
    page = Client().get("/public/").content.decode()
    for href in (
        "/public/guides/",
        "/public/standards/",
        "/public/recipients/",
        "/public/status/",
        "/public/messages/",
        "/public/calculator/",
        "/public/hotlines/",
        "/organisations/public/credit-lists/",  # registered by organisations (D10.7)
    ):
        assert f'href="{href}"' in page


def test_a_guide_shows_the_documents_and_the_limits_from_the_settings(published):
    page = Client().get("/public/guides/guide.programme.dibao/").content.decode()
    assert "家庭经济状况核对授权书" in page
    # dibao.deadline.total_working_days and extended_working_days, examples 30 and 45 (D1.9)
    assert "受理后30个工作日内办结" in page and "不超过45个工作日" in page


def test_a_licensing_guide_lists_the_items_materials(published):
    page = Client().get("/public/guides/guide.licence.public_cemetery/").content.decode()
    assert "村（居）民委员会意见" in page and "乡镇人民政府意见" in page


def test_unknown_guides_and_places_are_not_found(published):
    client = Client()
    assert client.get("/public/guides/template.decision.sms/").status_code == 404
    assert client.get("/public/guides/nothing/").status_code == 404
    assert client.get("/public/standards/?county=320102").status_code == 404  # 南京
    assert client.get("/public/recipients/?area=320102001001").status_code == 404


def test_a_bad_month_is_a_400_naming_the_field(published):
    response = Client().get("/public/recipients/?area=320302001001&month=2026-13")
    assert response.status_code == 400
    assert "月份（month）" in response.content.decode()


def test_the_hotlines_are_the_configured_numbers(published):
    page = Client().get("/public/hotlines/").content.decode()
    assert "12349、12345" in page and "96444" in page  # hotline settings' examples (D8)
