"""The person page's marital status and its history (core's person-section hook); the
page has already checked that the viewer may read the person."""

from __future__ import annotations

from django.template.loader import render_to_string

from minzheng.core.models import Person, User
from minzheng.marriage.services.status import status_history


def marital_status_section(user: User, person: Person) -> str:
    history = status_history(person)
    return render_to_string(
        "marriage/_person_section.html",
        {"current": history[0] if history else None, "history": history},
    )
