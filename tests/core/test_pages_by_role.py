"""Every page of every role in a small demo city (issue 17, "Done when"):

- navigation: each create/apply page is reachable by links from the home page for
  the roles that may use it (and only linked where the role may use it);
- page scan: no raw codes, English words, rule codes, ISO times or command lines
  in what a user reads, apart from proper nouns.

The demo city (1,500 residents, every seeder, the demo log-ins) is built once for
the module and rolled back at the end; each role's pages are crawled once.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client

from minzheng.core.models import User
from minzheng.demo.city import load_demo_city
from minzheng.demo.seeders import run_demo_seeders
from minzheng.demo.users import ensure_demo_users
from tests.pagecrawl import Page, crawl

ROLES = ("caseworker", "township", "county", "admin", "auditor", "leader")
EDITING = ("caseworker", "township", "county", "admin")

# Written by hand from the issue: where each role creates or applies for something.
CREATE_PAGES = {
    "core:person_new": EDITING,
    "core:household_new": EDITING,
    "core:household_import": EDITING,
    "assistance:new": EDITING,
    "screening:key_household_new": EDITING,
    "screening:campaign_new": ("township", "county", "admin"),
    "licensing:application_new": ("county", "admin"),  # D15: the licensing authority
    "benefits:disability_new": EDITING,  # D4.5: any township receives
}

# Words a page may show in Latin letters: proper nouns and file formats.
PROPER_NOUNS = {
    "API", "PDF", "Excel", "xlsx", "JPEG", "PNG", "X", "htmx", "DuckDB", "Spark", "Parquet",
    "OpenAPI", "ID",
}  # fmt: skip
LATIN = re.compile(r"[A-Za-z][A-Za-z_]*")
RULE_CODE = re.compile(r"(?<![A-Za-z0-9])[DWS]\d{1,2}(\.\d+)*(?![0-9])")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

# A case number (SA, the date, six hexadecimal characters) is an identifier, not a word;
# so is a unified social credit code (GB 32100: 18 characters of digits and capitals
# without I, O, S, V, Z), and an organisation's evaluation grade is written 5A–1A (D10.8).
CASE_NUMBER = re.compile(
    r"SA\d{8}[0-9A-F]{6}|RL\d{8}[0-9A-F]{6}\d{6}"  # RL: a roll import
    r"|CB\d{8}[0-9A-F]{6}|BF\d{6}[0-9A-F]{8}"  # a disability case; a benefit's enrolment
    r"|FH\d{8}[0-9A-F]{6}|YF\d{8}[0-9A-F]{6}"  # a benefit review; a care-service case
)
# So is a marriage (J) or divorce (L) certificate number: registry code, year, sequence.
CERTIFICATE_NUMBER = re.compile(r"[JL]\d{6,12}-\d{4}-\d{6}")
# A unified social credit code (GB 32100) is an identifier too: 18 characters of digits
# and capitals without I, O, S, V, Z; so is an evaluation grade (5A–1A, D10.8).
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{18}(?![0-9A-Z])")
GRADE = re.compile(r"(?<![0-9A-Za-z])[1-5]A(?![A-Za-z])")

# Known offenders: (view name, word; "规则编号" for rule codes, "*" for any word). Empty
# since issue 17 closed — a page that needs an entry here has a defect to fix instead.
KNOWN_OFFENDERS: set[tuple[str, str]] = set()

# Pages that show the user their own log-in name (登录名): it is typed at log-in as it
# is, in Latin letters, so it is the one word allowed there — and only the user's own
# (the demo log-ins are named after their roles).
OWN_LOGIN_NAME_VIEWS = {"core:account"}
# Pages where the city office identifies other accounts by their log-in names: the duty
# page (whom to grant a post, typed into its form) and the audit trail (授予 county 岗位…).
# Only the demo log-ins' names are allowed there, no other word.
ACCOUNT_NAME_VIEWS = {"core:duties", "core:audit_list"}
DEMO_LOGINS = {"admin", "leader", "auditor", "county", "county2", "township", "caseworker"}
DEMO_LOGINS |= {"hotline"}  # the hotline operator (hotline/demo.py)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker) -> dict[str, dict[str, Page]]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_city(seed=20260101, residents=1_500)
        ensure_demo_users()
        run_demo_seeders(seed=20260101, residents=1_500)
        crawled = {}
        for role in ROLES:
            client = Client()
            client.force_login(User.objects.get(username=role))
            crawled[role] = crawl(client)
        transaction.set_rollback(True)
    return crawled


def test_every_page_a_link_leads_to_opens(db, pages):
    broken = [
        f"{role} {p.url} → {p.status}"
        for role, found in pages.items()
        for p in found.values()
        if p.status != 200
    ]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("view", sorted(CREATE_PAGES))
def test_create_pages_are_reachable_from_home_for_the_roles_that_may_use_them(db, pages, view):
    reached = {
        role for role, found in pages.items() if any(p.view == view for p in found.values())
    }
    assert reached == set(CREATE_PAGES[view])


def _known(view: str, word: str) -> bool:
    return (view, word) in KNOWN_OFFENDERS or (view, "*") in KNOWN_OFFENDERS


def _offences(page: Page, login_name: str) -> list[str]:
    text = CREDIT_CODE.sub("", CERTIFICATE_NUMBER.sub("", CASE_NUMBER.sub("", page.text)))
    text = GRADE.sub("", text)
    allowed = PROPER_NOUNS | ({login_name} if page.view in OWN_LOGIN_NAME_VIEWS else set())
    allowed |= DEMO_LOGINS if page.view in ACCOUNT_NAME_VIEWS else set()
    words = {w for w in LATIN.findall(text) if w not in allowed}
    found = [w for w in sorted(words) if not _known(page.view, w)]
    rules = {m.group(0) for m in RULE_CODE.finditer(text)}
    found += [f"规则编号{r}" for r in sorted(rules) if not _known(page.view, "规则编号")]
    found += [f"ISO时间{m.group(0)}" for m in ISO_TIME.finditer(page.text)]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_pages_show_no_codes_english_or_commands(db, pages, role):
    offences = {p.url: offences for p in pages[role].values() if (offences := _offences(p, role))}
    assert not offences, "\n".join(f"{url}: {', '.join(o)}" for url, o in offences.items())
