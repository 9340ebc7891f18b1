"""The enrolments as rows of the analytics snapshot (`minzheng.analytics.schema`
`ENROLMENTS`): written by the nightly snapshot (`payments.snapshot`) and by a policy
simulation's snapshot of its area (`simulation_runs.write_snapshot`), streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from minzheng.assistance.models import Enrolment
from minzheng.assistance.models.applications import Track

CHUNK = 20_000


def enrolment_rows(prefix: str = "") -> Iterator[dict[str, Any]]:
    """Every enrolment of households under the area `prefix` ("" for all), by id."""
    query = Enrolment.objects.order_by("id")
    if prefix:
        query = query.filter(household__area__code__startswith=prefix)
    rows = query.values(
        "id",
        "household_id",
        "programme",
        "application__applicant_id",
        "household__area_id",
        "status",
        "starts_on",
        "ends_on",
        "monthly_amount",
        "covered_members",
        "application__track",
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "enrolment_id": row["id"],
            "household_id": row["household_id"],
            "programme": row["programme"],
            "applicant_person_id": row["application__applicant_id"],
            "area_code": row["household__area_id"],
            "status": row["status"],
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
            "monthly_amount": row["monthly_amount"],
            "covered_members": row["covered_members"],
            "from_roll": row["application__track"] == Track.ROLL,
        }
