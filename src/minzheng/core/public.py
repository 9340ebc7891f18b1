"""Hooks for the public side (no log-in): the pages domains publish, the case types a
resident may look up by receipt number, and the events domains tell applicants about.

Core never imports a domain; domains register in their `AppConfig.ready()`. The public
portal (minzheng.portal) lists the pages, answers the look-ups and turns events into
notifications; a domain only says what happened (D3.7, D6 一次告知).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PublicPage:
    """A page anyone may open without logging in: it shows no personal data beyond
    what the rules publish (masked names and ID numbers, D13.2)."""

    label: str
    url_name: str
    description: str = ""


_PUBLIC_PAGES: list[PublicPage] = []


def register_public_page(page: PublicPage) -> None:
    if page not in _PUBLIC_PAGES:
        _PUBLIC_PAGES.append(page)


def public_pages() -> list[PublicPage]:
    return list(_PUBLIC_PAGES)


@dataclass(frozen=True)
class CaseStatus:
    """What a look-up may answer (and only this): the current step and its deadline.
    `id_tail` is the applicant's last four ID characters, compared and never shown."""

    kind_label: str
    step: str
    deadline: dt.date | None
    id_tail: str
    object_type: str
    object_id: str
    area_code: str


# Given a receipt number, the case it names, or None. Several lookups may be registered
# (assistance, licensing); the first that knows the number answers.
StatusLookup = Callable[[str], CaseStatus | None]
_LOOKUPS: list[StatusLookup] = []


def register_status_lookup(lookup: StatusLookup) -> None:
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def case_status(receipt: str) -> CaseStatus | None:
    for lookup in _LOOKUPS:
        if (found := lookup(receipt)) is not None:
            return found
    return None


@dataclass(frozen=True)
class NoticeEvent:
    """Something an applicant or recipient is to be told of (a decision, a request for
    documents, a payment that failed ...). `kind` is one of the portal's events;
    `fields` fill the message templates and must hold nothing beyond the masked
    minimum (a case number, a programme, a date — never a name, ID number or amount
    in an SMS; the portal checks)."""

    kind: str
    person_id: int
    area_code: str
    reference: str  # e.g. the case number the applicant holds
    fields: dict[str, str] = field(default_factory=dict)


NoticeListener = Callable[[NoticeEvent], None]
_LISTENERS: list[NoticeListener] = []


def register_notice_listener(listener: NoticeListener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def notice_emit(event: NoticeEvent) -> None:
    """Tell the listeners, inside the caller's transaction: the notification rows are
    written with the decision they report, and sent after the commit."""
    for listener in _LISTENERS:
        listener(event)
