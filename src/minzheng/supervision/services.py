"""Findings: ingest a published supervision run, verify, rectify, close (D14.12).

The run's `findings.parquet` has the schema `analytics.schema.SUPERVISION_FINDINGS`;
analytics publishes it, this app reads it (it imports the schema, nothing else)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.analytics.schema import SUPERVISION_FINDINGS, SUPERVISION_FINDINGS_V1
from minzheng.assistance.models import Enrolment
from minzheng.core import workdays
from minzheng.core.audit import audit_record
from minzheng.core.bulk import bulk_insert, in_values
from minzheng.core.config import config_int_by_area
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Area, AuditAction, HouseholdMembership, LifeStatus, Person, User
from minzheng.core.roles import Role
from minzheng.core.workflow.engine import check_record, transition
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import PaymentStop, StopCause
from minzheng.payments.payees import payee_of
from minzheng.payments.recoveries import recovery_open
from minzheng.payments.services.stops import payment_stop
from minzheng.supervision.models import OPEN_STATES, Finding, Platform, Rectification
from minzheng.supervision.workflows import VERIFY_DAYS

INGEST_BATCH = 5_000  # findings per round trip; well under SQLite's bound-variable limit
SUBJECT_MAX = 64  # Finding.subject
MONTH = "%Y-%m"


class FindingsFileError(ValueError):
    """The file is not a supervision run's findings (wrong columns or types)."""


def read_findings(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a published `findings.parquet`, refused unless its columns are
    exactly `SUPERVISION_FINDINGS` (names and types, in order) — or its columns before
    `subject` was added (a run published earlier: no subject, every row a person's)."""
    file = pq.ParquetFile(path)
    schema = file.schema_arrow
    got = [(f.name, f.type) for f in schema]
    if got not in ([(f.name, f.type) for f in s] for s in _SCHEMAS):
        missing = [n for n in SUPERVISION_FINDINGS.names if n not in schema.names]
        raise FindingsFileError(
            f"{path}：不是监管比对结果文件（缺少或不符的列：{', '.join(missing) or '列类型不符'}）"
        )
    for batch in file.iter_batches(batch_size=INGEST_BATCH):
        for r in batch.to_pylist():
            yield {"subject": None, "subject_name": None, **r}


_SCHEMAS = (SUPERVISION_FINDINGS, SUPERVISION_FINDINGS_V1)


@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0  # still open and seen again: months and amount brought up to date
    known: int = 0  # already closed, or the same as stored
    suppressed: int = 0  # judged a false alarm before (D14.12): not raised again
    unknown_person: int = 0  # kept, without a person: the registry does not know the number
    unplaced: list[str] = field(default_factory=list)  # no such area: reported, not stored

    def summary(self) -> str:
        return (
            f"监管问题入库：新增{self.created}条，更新{self.updated}条，已存在{self.known}条，"
            f"曾排除为误报不再提出{self.suppressed}条，登记库无此人{self.unknown_person}条"
            f"（已保留），区划不存在未入库{len(self.unplaced)}条"
        )


def _who(r: dict[str, Any]) -> str:
    """The finding's person (masked) or organisation, for the command's report."""
    return mask_id_number(r["id_number"]) if r["id_number"] else str(r["subject"])


def _caseworkers() -> dict[str, int]:
    """The first active caseworker of each community (findings are assigned by area)."""
    found: dict[str, int] = {}
    rows = User.objects.filter(role=Role.CASEWORKER, is_active=True, area__isnull=False)
    for user_id, area_id in rows.order_by("-id").values_list("id", "area_id"):
        found[area_id] = user_id
    return found


def _registered(numbers: list[str]) -> dict[str, tuple[int, str, int | None]]:
    """(person, community, current household) per ID number, in two queries."""
    people = list(
        Person.objects.filter(id_number__in=in_values(numbers)).values_list(
            "id", "id_number", "area_id"
        )
    )
    homes = dict(
        HouseholdMembership.objects.current()
        .filter(person_id__in=in_values([p[0] for p in people]))
        .values_list("person_id", "household_id")
    )
    return {number: (pk, area, homes.get(pk)) for pk, number, area in people}


def _evidence(text: str | None) -> str:
    """The evidence as a JSON object's text; anything else is kept, wrapped."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {"原文": text}
    if not isinstance(data, dict):
        data = {"原文": data}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


class _Deadlines:
    """The verification deadline per community: the setting resolved once per area,
    the working-day arithmetic once per number of days."""

    def __init__(self, today: dt.date) -> None:
        self.today, self.days, self.dates = today, dict[str, int](), dict[int, dt.date]()

    def prepare(self, areas: set[str]) -> None:
        if missing := areas - self.days.keys():
            self.days.update(config_int_by_area(VERIFY_DAYS, on=self.today, area_codes=missing))

    def of(self, area: str) -> dt.date:
        n = self.days[area]
        if n not in self.dates:
            self.dates[n] = workdays.add_working_days(self.today, n)
        return self.dates[n]


def _batch(
    rows: list[dict[str, Any]], result: IngestResult, workers: dict[str, int], dl: _Deadlines
) -> None:
    """A fixed number of queries per batch: people, households, stored keys, areas,
    one bulk insert, one bulk update — never a query per finding."""
    registered = _registered(list({r["id_number"] for r in rows if r["id_number"]}))
    keys = list({r["finding_key"] for r in rows})
    stored = {
        f.finding_key: f
        for f in Finding.objects.filter(finding_key__in=in_values(keys)).only(
            "id", "finding_key", "status", "last_month", "months", "amount_at_risk", "run_id"
        )
    }
    file_areas = {r["area_code"] for r in rows if r["id_number"] not in registered}
    known_areas = set(
        Area.objects.filter(code__in=list(file_areas)).values_list("code", flat=True)
    )
    dl.prepare({who[1] for who in registered.values()} | known_areas)
    new: list[dict[str, Any]] = []
    changed: list[Finding] = []
    seen: set[str] = set()
    for r in rows:
        key = r["finding_key"]
        if key in seen:
            result.known += 1
            continue
        seen.add(key)
        old = stored.get(key)
        if old is not None:
            if old.status == "false_alarm":
                result.suppressed += 1
            elif old.status in OPEN_STATES and (old.last_month, old.months) != (
                r["last_month"],
                r["months"],
            ):
                old.last_month, old.months = r["last_month"], r["months"]
                old.amount_at_risk, old.run_id = r["amount_at_risk"], r["run_id"]
                changed.append(old)
            else:
                result.known += 1
            continue
        who = registered.get(r["id_number"]) if r["id_number"] else None
        if who is None:
            if r["area_code"] not in known_areas:
                result.unplaced.append(f"{r['rule_id']} {_who(r)} {r['area_code']}")
                continue
            # an organisation's finding (no person) stands where the organisation does
            result.unknown_person += 1 if r["id_number"] else 0
            person_id, area, household_id = None, r["area_code"], None
        else:
            person_id, area, household_id = who
        new.append(
            {
                "status": "open",
                "area_id": area,
                "deadline": dl.of(area),
                "finding_key": key,
                "run_id": r["run_id"],
                "rule_id": r["rule_id"],
                "period": r["period"],
                "platform": r["platform"],
                "id_number_masked": mask_id_number(r["id_number"]) if r["id_number"] else "",
                "subject": r["subject"] or "",
                "subject_name": (r["subject_name"] or "")[:200],
                "person_id": person_id,
                "household_id": household_id,
                "programme": r["programme"],
                "first_month": r["first_month"],
                "last_month": r["last_month"],
                "months": r["months"],
                "amount_at_risk": r["amount_at_risk"],
                "evidence": _evidence(r["evidence"]),
                "assigned_to_id": workers.get(area),
            }
        )
    bulk_insert(Finding, new)
    Finding.objects.bulk_update(changed, ["last_month", "months", "amount_at_risk", "run_id"])
    result.created += len(new)
    result.updated += len(changed)


def _checked(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for n, given in enumerate(rows, start=1):
        r = {"subject": None, "subject_name": None, **given}  # a person's finding by default
        if r["platform"] not in Platform.values:
            raise FindingsFileError(f"第{n}行 platform：应为 assistance、elderly 或 disability")
        if not r["finding_key"] or not (r["id_number"] or r["subject"]):
            raise FindingsFileError(f"第{n}行 finding_key / id_number（或 subject）：不能为空")
        if r["subject"] and len(r["subject"]) > SUBJECT_MAX:
            raise FindingsFileError(f"第{n}行 subject：不超过{SUBJECT_MAX}个字符")
        if r["amount_at_risk"] is None or Decimal(r["amount_at_risk"]) < 0:
            raise FindingsFileError(f"第{n}行 amount_at_risk：应为不小于零的金额")
        yield r


@transaction.atomic
def findings_ingest(*, findings: Iterable[dict[str, Any]], today: dt.date) -> IngestResult:
    """Turn a run's findings into findings to handle, once per finding key (idempotent:
    the same run, or a later one, never opens a second). A key judged a false alarm
    is not raised again (D14.12); a finding about a number the registry does not know
    is kept in the run's community, without a person; one whose community is not in
    the registry either is listed in the result (and the audit entry), not guessed at."""
    result, workers, deadlines = IngestResult(), _caseworkers(), _Deadlines(today)
    stream = _checked(findings)
    while rows := list(itertools.islice(stream, INGEST_BATCH)):
        _batch(rows, result, workers, deadlines)
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type="supervision.finding",
        summary=result.summary()[:300],
    )
    return result


# --- the workflow's actions ----------------------------------------------------------


def _refuse(exc: PaymentError, field: str) -> ValidationError:
    return ValidationError({field: str(exc)})


@transaction.atomic
def finding_verify(
    *, actor: User, finding: Finding, verdict: str, reason: str, today: dt.date
) -> Finding:
    """Confirmed, or a false alarm with its reason (D14.12) — through the engine."""
    if verdict not in {"confirm", "dismiss"}:
        raise ValidationError({"verdict": "核实结论应为 confirm（属实）或 dismiss（误报）"})
    transition(finding, verdict, actor, note=reason, today=today)
    finding.verdict_reason = reason.strip()
    finding.save(update_fields=["verdict_reason"])
    return finding


def _month_list(first: str, last: str) -> list[dt.date]:
    start, end = (
        dt.datetime.strptime(first, MONTH).date(),
        dt.datetime.strptime(last, MONTH).date(),
    )
    months = []
    while start <= end:
        months.append(start)
        start = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _enrolment(finding: Finding) -> Enrolment:
    if finding.subject:
        raise ValidationError(
            {"kind": f"该问题涉及{finding.subject_label}，不是个人待遇，无法停发"}
        )
    if finding.household_id is None:
        raise ValidationError({"kind": "该人员未登记在任何家庭，无法停发"})
    enrolment = (
        Enrolment.objects.filter(household_id=finding.household_id, programme=finding.programme)
        .select_related("household__head", "household__area", "application__applicant")
        .order_by("-starts_on", "-id")
        .first()
    )
    if enrolment is None:
        raise ValidationError({"kind": "未找到该家庭该项目的保障记录，无法停发"})
    return enrolment


def _stop(actor: User, finding: Finding, note: str, today: dt.date) -> PaymentStop:
    """Payments' stop service (D13.5): a payee who died stops by death, anyone else by
    termination of the payment; what was paid from the stop month on becomes payments'
    own recovery order."""
    enrolment = _enrolment(finding)
    payee = payee_of(enrolment)
    if payee is None:
        raise ValidationError({"kind": "该保障记录没有收款人，无法停发"})
    died = payee.life_status == LifeStatus.DECEASED and payee.death_date is not None
    cause = StopCause.DEATH if died else StopCause.TERMINATION
    try:
        stop = payment_stop(
            actor=actor,
            enrolment=enrolment,
            beneficiary=payee,
            cause=cause,
            event_on=payee.death_date if died and payee.death_date else today,
            reason=f"资金监管问题（{finding.rule_title}）核实属实：{note}",
        )
    except PaymentError as exc:
        raise _refuse(exc, "kind") from exc
    if stop is None:  # stopped already for this cause: the finding points at that stop
        stop = PaymentStop.objects.get(enrolment=enrolment, beneficiary=payee, cause=cause)
    return stop


def _recover(
    actor: User, finding: Finding, note: str, amount: Decimal | None, instalment: Decimal | None
) -> None:
    if finding.recovery_id is not None:
        raise ValidationError({"amount": "该问题已开具追回单"})
    if finding.subject:
        raise ValidationError(
            {"amount": f"该问题涉及{finding.subject_label}，个人追回单不适用；请以“纠正”登记处理"}
        )
    if finding.person is None:
        raise ValidationError({"amount": "登记库无此人，无法开具追回单"})
    if amount is None or not 0 < amount <= finding.amount_at_risk:
        raise ValidationError(
            {"amount": f"追回金额：须大于零且不超过涉及金额{finding.amount_at_risk}元"}
        )
    county = Area.objects.get(code=finding.area_id[:6])
    try:
        finding.recovery = recovery_open(
            actor=actor,
            beneficiary=finding.person,
            programme=finding.programme,
            area=county,
            amount=amount,
            months=_month_list(finding.first_month, finding.last_month),
            reason=f"资金监管问题（{finding.rule_title}）：{note}"[:300],
            rule=f"D14.12 D13.5 {finding.rule_id}"[:40],
            instalment=instalment or amount,
        )
    except PaymentError as exc:
        raise _refuse(exc, "amount") from exc


@transaction.atomic
def finding_rectify(
    *,
    actor: User,
    finding: Finding,
    kind: str,
    note: str,
    today: dt.date,
    amount: Decimal | None = None,
    instalment: Decimal | None = None,
) -> Rectification:
    """One rectification step by the county bureau: stop the payment, correct, or open
    a recovery order through payments (D13.5). The first step starts the rectification."""
    if kind not in {"stop", "correct", "recover"}:
        raise ValidationError(
            {"kind": "整改方式应为 stop（停发）、correct（纠正）或 recover（追回）"}
        )
    if not note.strip():
        raise ValidationError({"note": "整改说明：必填"})
    check_record(finding, kind, actor)  # state, role and area, from the declaration
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if kind == "stop":
        finding.stop = _stop(actor, finding, note, today)
        finding.save(update_fields=["stop"])
    elif kind == "recover":
        _recover(actor, finding, note, amount, instalment)
        finding.save(update_fields=["recovery"])
    step = Rectification.objects.create(finding=finding, kind=kind, note=note.strip(), actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=step,
        area_code=finding.area_id,
        summary=f"监管问题整改：{step.get_kind_display()}",
    )
    if finding.status == "confirmed":
        transition(finding, "rectify", actor, today=today)
    return step


@transaction.atomic
def finding_close(
    *, actor: User, finding: Finding, evidence: str, today: dt.date, file_ref: str = ""
) -> Finding:
    """Closed with the evidence of the rectification (and an optional reference to a
    file); a recovery must be repaid or written off first (the workflow's guard)."""
    finding = Finding.objects.select_related("recovery").get(pk=finding.pk)
    transition(finding, "close", actor, note=evidence, today=today)
    finding.closing_evidence, finding.closing_file = evidence.strip(), file_ref.strip()
    finding.save(update_fields=["closing_evidence", "closing_file"])
    return finding
