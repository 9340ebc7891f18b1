"""Walk the web pages as a user would: from the home page, by the links (and htmx
loads) on each page, GET only. Shared by the navigation test, the page scan and
the phone-width browser test.

What the user reads is the page's visible text: the body without scripts and
styles, plus placeholders (shown in empty fields). Attributes such as `title`
(tooltips) are not part of it: that is where rule references may live.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Never followed: they change state, disclose, download or leave the web pages.
# Audited disclosures (full ID number, phone) are fragments, not pages; each read is logged.
SKIP = re.compile(
    r"^/(logout|api)/|/(id-number|phone)/|\.(xlsx|pdf|csv|json)(\?|$)|^/static/|^/admin/"
)
PER_PATTERN = 2  # pages per URL pattern (e.g. two households, two cases)


@dataclass
class Page:
    url: str
    view: str
    status: int
    text: str
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        for attr in ("href", "hx-get"):
            if (tag == "a" or attr == "hx-get") and named.get(attr):
                self.links.append(str(named[attr]))
        if named.get("placeholder"):
            self.text.append(str(named["placeholder"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def read(html: str) -> tuple[str, list[str]]:
    """The visible text and the links of an HTML page."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    reader = _Reader()
    reader.feed(body)
    return " ".join(reader.text), reader.links


def _local(link: str, here: str) -> str | None:
    """The site-local path?query of a link on the page at `here`, or None."""
    link, _ = urldefrag(link.strip())
    if not link or urlsplit(link).scheme or urlsplit(link).netloc:
        return None
    parts = urlsplit(urljoin(here, link))
    local = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.search(local) else local


def url_pattern(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(k.split("=")[0] for k in query.split("&") if k)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client: Client, start: str = "/", limit: int = 200) -> dict[str, Page]:
    """Every page reachable from `start` by links, a few per URL pattern."""
    seen: dict[str, Page] = {}
    per_pattern: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        pattern = url_pattern(url)
        if per_pattern.get(pattern, 0) >= PER_PATTERN:
            continue
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        response = client.get(url)
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            view = "?"
        is_html = response.get("Content-Type", "").startswith("text/html")
        text, links = read(response.content.decode()) if is_html else ("", [])
        seen[url] = Page(url, view, response.status_code, text, links)
        for link in links:
            local = _local(link, url)
            if local and local not in seen:
                queue.append(local)
    return seen
