"""Policy simulations asked for on the web page (issue 15 item 4): the request (audited),
the background run, and the snapshot it runs on.

The run writes the registry of the requester's area as the analytics snapshot's
Parquet files (`minzheng.analytics.schema`), set-based (a few grouped queries, never a
query per household), and hands it to the pure simulation
(`minzheng.assistance.simulation`). The registry holds no incomes: a household's
monthly income is its latest means-test report's (D1.6), counted as the head's;
households never means-tested are counted as such and not assessed. Property and
schooling are not in the registry either (the engine's defaults apply). The area's
enrolments go with it: 特困 and the child programmes are re-priced from them
(`simulation.enrolled`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from huey.contrib.djhuey import db_task

from minzheng.analytics.schema import AREA_SETTINGS, ENROLMENTS, HOUSEHOLDS, PERSONS
from minzheng.assistance.models import (
    MeansTestReport,
    PolicySimulation,
    SimulationChange,
    SimulationState,
)
from minzheng.assistance.policy import example_values
from minzheng.assistance.simulation import Scenario, SimulationResult, simulate
from minzheng.assistance.snapshot_rows import enrolment_rows
from minzheng.assistance.standards import POLICY_KEYS
from minzheng.core.audit import audit_record
from minzheng.core.bulk import bulk_insert
from minzheng.core.config import values
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.models import Area, AreaLevel, AuditAction, ConfigValue, Household, User
from minzheng.core.models.people import HouseholdMembership
from minzheng.core.roles import Capability

WORKERS = 1  # the web server's task worker shares the machine; bench/ measures 2


def simulation_request(
    *, actor: User, month: dt.date, scenarios: Sequence[Scenario], background: bool = True
) -> PolicySimulation:
    """Record the request for the actor's own area (D0.3) and queue the run (or, for the
    demo's seeder, run it at once)."""
    if not actor.can(Capability.SIMULATE_POLICY):
        raise PermissionError("您的角色无权进行政策模拟测算")
    if actor.area is None:
        raise PermissionError("用户未分配工作区划")
    with transaction.atomic():
        run = PolicySimulation.objects.create(
            area=actor.area,
            requested_by=actor,
            month=month,
            scenarios=[{"name": s.name, "key": s.key, "value": s.value} for s in scenarios],
        )
        text = "；".join(f"方案{s.name}：{s.key}={s.value}" for s in scenarios)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            area_code=run.area_id,
            summary=f"发起政策模拟测算（{month:%Y年%m月}起）{text}",
        )
    if background:
        simulation_in_background(run.pk)
    else:
        simulation_finish(run.pk)
    return run


@db_task()
def simulation_in_background(run_id: int) -> None:
    with acting_from(RequestContext(channel="task")):
        simulation_finish(run_id)


def simulation_finish(run_id: int) -> None:
    run = PolicySimulation.objects.select_related("area").get(pk=run_id)
    PolicySimulation.objects.filter(pk=run_id).update(state=SimulationState.RUNNING)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            city, examples = _city_values(run.month)
            without_income = write_snapshot(Path(tmp), prefix=run.area.prefix)
            scenarios = [Scenario(s["name"], s["key"], s["value"]) for s in run.scenarios]
            result = simulate(
                Path(tmp),
                month=run.month,
                city=city,
                scenarios=scenarios,
                prefix=run.area.prefix,
                workers=WORKERS,
            )
        _store(run, result, without_income=without_income, examples=examples)
    except Exception as exc:  # the page shows why; the log keeps the trace
        PolicySimulation.objects.filter(pk=run_id).update(
            state=SimulationState.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        raise


def _city_values(month: dt.date) -> tuple[dict[str, str], bool]:
    """The city-wide settings in force on the month, or the labelled examples when none
    are configured (as the calculator does, `policy_adapter.parameters_in_force`)."""
    city = Area.objects.filter(level=AreaLevel.CITY).order_by("code").first()
    configured = values(POLICY_KEYS, area=city, on=month) if city else {}
    return (configured, False) if configured else (example_values(), True)


@transaction.atomic
def _store(run: PolicySimulation, result: SimulationResult, **counts: Any) -> None:
    totals = [
        {
            "scenario": s,
            "county": c,
            "programme": p,
            "households": t.households,
            "people": t.people,
            "monthly": str(t.monthly),
        }
        for (s, c, p), t in sorted(result.totals.items())
    ]
    SimulationChange.objects.filter(simulation=run).delete()
    bulk_insert(
        SimulationChange,
        [
            {
                "simulation_id": run.pk,
                "household_id": c.household_id,
                "scenario": c.scenario,
                "programme": c.programme,
                "direction": c.direction,
                "amount_before": c.amount_before,
                "amount_after": c.amount_after,
            }
            for c in result.changes
        ],
    )
    PolicySimulation.objects.filter(pk=run.pk).update(
        state=SimulationState.DONE,
        finished_at=timezone.now(),
        households=result.households,
        assessed=result.assessed,
        totals=totals,
        **counts,
    )


# The snapshot of the area's registry, in the analytics schema.
def write_snapshot(out: Path, *, prefix: str) -> int:
    """Write households, persons, enrolments and area settings of the area; returns the
    number of households without a means-tested income."""
    income = MeansTestReport.objects.filter(application__household=OuterRef("pk")).order_by(
        "-received_on", "-id"
    )
    homes = (
        Household.objects.filter(area__code__startswith=prefix)
        .annotate(
            size=Count("memberships", filter=Q(memberships__valid_to__isnull=True)),
            income=Subquery(income.values("monthly_income")[:1]),
        )
        .values_list("id", "number", "area_id", "area__urban_rural", "head_id", "size", "income")
    )
    rows: list[dict[str, Any]] = []
    incomes: dict[int | None, Any] = {}
    without = 0
    for hid, number, area, klass, head, size, monthly in homes.iterator(chunk_size=5_000):
        without += monthly is None
        incomes[head] = monthly
        rows.append(_household(hid, number, area, klass, head, size, monthly))
    pq.write_table(pa.Table.from_pylist(rows, HOUSEHOLDS), out / "households.parquet")
    people = pa.Table.from_pylist(list(_persons(prefix, incomes)), PERSONS)
    pq.write_table(people, out / "persons.parquet")
    enrolled = pa.Table.from_pylist(list(enrolment_rows(prefix)), ENROLMENTS)
    pq.write_table(enrolled, out / "enrolments.parquet")
    pq.write_table(pa.Table.from_pylist(_settings(), AREA_SETTINGS), out / "area_settings.parquet")
    return without


def _household(
    hid: int, number: str, area: str, klass: str, head: int | None, size: int, monthly: Any
) -> dict[str, Any]:
    per_capita = (
        None if monthly is None or not size else (monthly / size).quantize(Decimal("0.01"))
    )
    return {
        "household_id": hid,
        "number": number,
        "area_code": area,
        "urban_rural": klass,
        "address": "",
        "head_person_id": head,
        "size": size,
        "monthly_income": monthly,
        "per_capita_income": per_capita,
        "programme": "",
        "owns_second_dwelling": False,
        "owns_vehicle": False,
        "deposits": Decimal("0.00"),
    }


def _persons(prefix: str, incomes: dict[int | None, Any]) -> Iterator[dict[str, Any]]:
    current = HouseholdMembership.objects.filter(
        valid_to__isnull=True, household__area__code__startswith=prefix
    ).values_list(
        "person_id",
        "household_id",
        "relation",
        "person__birth_date",
        "person__disability_type",
        "person__disability_grade",
        "person__life_status",
        "household__area_id",
    )
    for pid, hid, relation, birth, dtype, grade, life, area in current.iterator(chunk_size=5_000):
        yield {
            "person_id": pid,
            "person_key": None,
            "id_number": "",
            "name": "",
            "gender": "",
            "birth_date": birth,
            "household_id": hid,
            "relation": relation,
            "area_code": area,
            "hukou_county_code": "",
            "phone": "",
            "disability_type": dtype or "",
            "disability_grade": grade,
            "life_status": life,
            "death_date": None,
            "employment": "",
            "school_stage": "",
            "monthly_income": incomes.get(pid),
        }


def _settings() -> list[dict[str, Any]]:
    """Every version of every policy setting set for an area below the city (D1.18)."""
    below = (AreaLevel.COUNTY, AreaLevel.TOWNSHIP, AreaLevel.COMMUNITY)
    rows = ConfigValue.objects.filter(key__in=POLICY_KEYS, area__level__in=below).values_list(
        "area_id", "key", "value", "effective_from"
    )
    return [
        {"area_code": a, "key": k, "value": v, "effective": e} for a, k, v, e in rows.iterator()
    ]
