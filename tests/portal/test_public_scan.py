"""Nothing personal leaves through the public side (issue 15 "Done when"): every public
page and file of a populated demo city — the home page and everything linked from it,
every county's standards, the recipient lists of every community with recipients (this
month and last), the look-up and message answers of real applications, the static files
the pages load — holds no unmasked ID number and no phone number: neither anything
shaped like one, nor any registered person's actual number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import Client
from django.utils import timezone

from minzheng.assistance.models import Application, Enrolment
from minzheng.core.models import Person
from minzheng.demo.city import load_demo_city
from minzheng.demo.seeders import run_demo_seeders
from minzheng.demo.users import ensure_demo_users
from minzheng.portal.standards import counties
from tests.pagecrawl import crawl

# An ID number (18 characters, or the old 15 digits), a mobile or a landline with area
# code, standing alone (not inside a longer identifier such as a case number).
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
PHONE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])")
DIGIT_RUNS = re.compile(r"\d{7,}[\dXx]?")
pytestmark = pytest.mark.django_db
SAMPLE = 20  # applications looked up (each from its own address: no rate limit)


def _last_month(today: dt.date) -> str:
    return f"{(today.replace(day=1) - dt.timedelta(days=1)):%Y-%m}"


def _pages(client: Client) -> dict[str, str]:
    found = {url: p.text for url, p in crawl(client, start="/public/", limit=400).items()}
    today = timezone.localdate()
    urls = [f"/public/standards/?county={c.code}" for c in counties()]
    communities = Enrolment.objects.values_list("household__area_id", flat=True).distinct()
    for code in communities:
        for month in (f"{today:%Y-%m}", _last_month(today)):
            urls.append(f"/public/recipients/?area={code}&month={month}")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    return found


def _answers(client: Client) -> dict[str, str]:
    found = {}
    apps = Application.objects.select_related("applicant").order_by("id")[:SAMPLE]
    for n, app in enumerate(apps):
        data = {"receipt": app.number, "tail": app.applicant.id_number[-4:]}
        for path in ("/public/status/", "/public/messages/"):
            response = client.post(path, data, REMOTE_ADDR=f"10.1.{n}.1")
            assert response.status_code == 200, (path, app.number)
            found[f"{path} {app.number}"] = response.content.decode()
    return found


def _static_files(pages: dict[str, str]) -> dict[str, str]:
    files = {}
    for html in pages.values():
        for ref in re.findall(rf'(?:src|href)="{settings.STATIC_URL}([^"]+)"', html):
            path = finders.find(ref)
            assert path, ref
            files[ref] = Path(str(path)).read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def published_everything(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_city(seed=20260101, residents=1_500)
        ensure_demo_users()
        run_demo_seeders(seed=20260101, residents=1_500)
        client = Client()
        pages = _pages(client)
        answers = _answers(client)
        registry = set(Person.objects.values_list("id_number", flat=True))
        registry |= {p for p in Person.objects.values_list("phone", flat=True) if p}
        recipients = Enrolment.objects.count()
        transaction.set_rollback(True)
    return pages, answers, _static_files(pages | answers), registry, recipients


def _hits(texts: dict[str, str], registry: set[str], shapes: bool = True) -> list[str]:
    hits = []
    for where, text in texts.items():
        if shapes:
            hits += [f"{where}: {m.group(0)}" for m in ID_NUMBER.finditer(text)]
            hits += [f"{where}: {m.group(0)}" for m in PHONE.finditer(text)]
        hits += [f"{where}: {r}" for r in DIGIT_RUNS.findall(text) if r in registry]
    return hits


def test_the_walk_reached_every_kind_of_public_page(db, published_everything):
    pages, answers, files, _registry, recipients = published_everything
    assert recipients > 0
    for prefix in ("/public/guides/guide.", "/public/standards/?county=", "/public/hotlines/"):
        assert any(url.startswith(prefix) for url in pages), prefix
    assert any("/organisations/public/credit-lists/" in url for url in pages)
    assert sum("*" in text for url, text in pages.items() if "recipients" in url) > 0
    assert len(answers) == 2 * SAMPLE and any("当前环节" in a for a in answers.values())
    assert "portal/standards-chart.js" in files and "core/vendor/echarts-6.1.0.min.js" in files


def test_no_public_page_or_answer_shows_an_id_number_or_a_phone(db, published_everything):
    pages, answers, _files, registry, _n = published_everything
    hits = _hits(pages | answers, registry)
    assert hits == [], "\n".join(hits[:20])


def test_no_public_file_holds_a_registered_persons_number(db, published_everything):
    """Static files are the same for everyone; the vendored chart library holds long
    numbers of its own, so files are checked against the registry's actual numbers."""
    _pages, _answers, files, registry, _n = published_everything
    hits = _hits({k: v for k, v in files.items() if "vendor" in k}, registry, shapes=False)
    hits += _hits({k: v for k, v in files.items() if "vendor" not in k}, registry)
    assert hits == [], "\n".join(hits[:20])
