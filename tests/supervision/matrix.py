"""The supervision objects of a scope-matrix place: a finding about the place's
household head, in its community (tests/core/matrix_base.py)."""

from __future__ import annotations

from minzheng.core.models import CalendarYear, Person
from minzheng.core.settings_write import seed_examples
from minzheng.supervision.models import Finding
from tests.supervision.findings import stored


def supervision_place(person: Person, household_id: int) -> Finding:
    seed_examples(apps=["supervision"])
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：2027年放假安排"})
    return stored(person, household_id=household_id)
