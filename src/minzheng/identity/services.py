"""Identity resolution on the registry (D0.1, D5.3): put likely duplicates to review,
record decisions, merge two records into one person and undo a merge.

The matching itself is Django-free (`minzheng.matching`); this module turns registry
rows into its records and its scored pairs into `MatchPair` rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.config import MissingSetting, config_typed
from minzheng.core.extensions import LikelyDuplicate
from minzheng.core.extensions import RecordMatch as LikelyMatch
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.workflow import WorkflowError
from minzheng.core.workflow.engine import transition
from minzheng.identity.models import MatchPair, PersonMerge
from minzheng.matching import params, pipeline
from minzheng.matching.features import RECORDS, features


@dataclass(frozen=True)
class Thresholds:
    automatic: float
    review: float


def thresholds(on: dt.date | None = None) -> Thresholds:
    """The two declared thresholds in force (identity/settings.yaml)."""
    day = on or timezone.localdate()
    automatic = float(config_typed("identity.threshold.automatic", on=day))  # type: ignore[arg-type]
    review = float(config_typed("identity.threshold.review", on=day))  # type: ignore[arg-type]
    return Thresholds(automatic, review)


def _address(p: Person) -> str:
    return p.residence_address or p.hukou_address


def person_records(people: Iterable[Person]) -> pa.Table:
    """Registry rows as matcher records. Birth date and sex are left to the matcher to
    read from the ID number, as the registry derives them (never typed, D0.1)."""
    rows = [
        {
            "record_id": p.pk,
            "id_number": p.id_number,
            "name": p.name,
            "birth_date": None,
            "gender": None,
            "address": _address(p) or None,
            "phone": p.phone or None,
        }
        for p in people
    ]
    return pa.Table.from_pylist(rows, schema=RECORDS)


def _registry() -> pa.Table:
    fields = ("id", "id_number", "name", "residence_address", "hukou_address", "phone")
    live = Person.objects.filter(merged_into__isnull=True)  # a merged-away record is empty
    return person_records(live.only(*fields).iterator(chunk_size=5000))


def _evidence(row: dict[str, Any]) -> dict[str, float]:
    return {n: round(float(row[f"mw_{n}"]), 2) for n in pipeline.COMPARISON_NAMES}


CANDIDATE_LIMIT = 200


def _nearby(record: dict[str, Any]) -> list[Person]:
    """Registry people a record could be, fetched by what the blocking rules compare,
    each from its index: the ID number's first 14 or last 12 characters, the name
    (as typed and simplified) and the phone. At most CANDIDATE_LIMIT per kind."""
    from minzheng.matching import normalize

    facts = normalize.read_id(record.get("id_number"))
    name = str(record.get("name") or "")
    kinds = []
    if facts.id18:
        kinds.append(Q(id_number__startswith=facts.id18[:14]))
        kinds.append(Q(id_number_reversed__startswith=facts.id18[6:][::-1]))
    if name:
        kinds.append(Q(name__in={name, normalize.simplify(name)}))
    if phone := normalize.phone(str(record.get("phone") or "")):
        kinds.append(Q(phone=phone))
    found: dict[int, Person] = {}
    for kind in kinds:
        live = Person.objects.filter(kind, merged_into__isnull=True)
        for p in live.select_related("area")[:CANDIDATE_LIMIT]:
            found[p.pk] = p
    return list(found.values())


def candidates(
    record: dict[str, Any], *, limit: int = 5
) -> list[tuple[Person, float, dict[str, float]]]:
    """Registry people the model finds likely to be the person of `record` (a
    registration about to be saved), above the review threshold, best first."""
    nearby = _nearby(record)
    if not nearby:
        return []
    _, trained = params.latest()
    incoming = features(pa.Table.from_pylist([{**record, "record_id": 0}], schema=RECORDS))
    pairs = pipeline.score_between(
        incoming, features(person_records(nearby)), trained, threshold=thresholds().review
    )
    rows = sorted(pairs.to_pylist(), key=lambda r: -r["match_probability"])[:limit]
    people = {p.pk: p for p in nearby}
    return [(people[r["id_r"]], r["match_probability"], _evidence(r)) for r in rows]


def _nearby_many(records: dict[int, dict[str, Any]], chunk: int = 100) -> list[Person]:
    """`_nearby` for a batch of records, in one query per `chunk` records."""
    from minzheng.matching import normalize

    found: dict[int, Person] = {}
    keys = list(records)
    for start in range(0, len(keys), chunk):
        kinds = Q(pk__in=[])
        part = [records[k] for k in keys[start : start + chunk]]
        for record in part:
            facts = normalize.read_id(str(record.get("id_number") or ""))
            if facts.id18:
                kinds |= Q(id_number__startswith=facts.id18[:14])
                kinds |= Q(id_number_reversed__startswith=facts.id18[6:][::-1])
            if name := str(record.get("name") or ""):
                kinds |= Q(name__in={name, normalize.simplify(name)})
            if phone := normalize.phone(str(record.get("phone") or "")):
                kinds |= Q(phone=phone)
        live = Person.objects.filter(kinds, merged_into__isnull=True).select_related("area")
        for p in live[: CANDIDATE_LIMIT * len(part)]:
            found[p.pk] = p
    return list(found.values())


def match_records(records: dict[int, dict[str, Any]]) -> dict[int, LikelyMatch]:
    """core's record matcher (core.extensions.match_records): for incoming records
    whose ID number found nobody exactly (a roll row, a feed record), the registered
    person each most likely is, above the review threshold. `confident` when at or
    above the automatic threshold and not in a cluster that chains through a weak
    link (one record strongly like two people: a person must choose). Until the
    thresholds are configured nothing is matched."""
    try:
        limits = thresholds()
    except MissingSetting:
        return {}
    nearby = _nearby_many(records)
    if not records or not nearby:
        return {}
    _, trained = params.latest()
    incoming = pa.Table.from_pylist(
        [
            {**{k: v for k, v in r.items() if k in RECORDS.names}, "record_id": -key - 1}
            for key, r in records.items()
        ],
        schema=RECORDS,
    )  # negative ids: never a registry person's
    pairs = pipeline.score_between(
        features(incoming), features(person_records(nearby)), trained, threshold=limits.review
    )
    decision = pipeline.decide(pairs, automatic=limits.automatic, review=limits.review)
    confident = {(a, b) for a, b, _ in decision.links} | {(b, a) for a, b, _ in decision.links}
    people = {p.pk: p for p in nearby}
    best: dict[int, LikelyMatch] = {}
    for row in pairs.to_pylist():
        key = -row["id_l"] - 1
        current = best.get(key)
        if current is None or row["match_probability"] > current.probability:
            best[key] = LikelyMatch(
                people[row["id_r"]],
                row["match_probability"],
                row["match_weight"],
                (row["id_l"], row["id_r"]) in confident,
            )
    return best


def registration_check(user: User, data: dict[str, Any]) -> tuple[list[LikelyDuplicate], int]:
    """core's duplicate check before a new person is registered (core.extensions).
    It runs once the thresholds are configured (identity/settings.yaml; the demo and
    `seed_examples` set the examples): until then a registration is not held up."""
    try:
        thresholds()
    except MissingSetting:
        return [], 0
    record = {
        "id_number": data.get("id_number"),
        "name": data.get("name"),
        "address": data.get("residence_address") or data.get("hukou_address") or None,
        "phone": data.get("phone") or None,
    }
    inside: list[LikelyDuplicate] = []
    outside = 0
    for person, probability, _ in candidates(record):
        if not person.area_id.startswith(user.scope_prefix):
            outside += 1
            continue
        inside.append(
            LikelyDuplicate(
                person.pk,
                person.name,
                mask_id_number(person.id_number),
                person.area.name,
                probability,
            )
        )
    return inside, outside


@dataclass
class SelfMatchReport:
    model_version: str
    records: int
    scored_pairs: int
    automatic: int
    review: int
    weak_clusters: int
    new_pairs: int
    already_decided: int


def self_match(*, today: dt.date | None = None) -> SelfMatchReport:
    """The registry against itself: every pair above the review threshold that no one has
    been asked about yet becomes a pending `MatchPair` (automatic ones flagged by their
    probability; a cluster chaining through a weak link flagged `weak_chain`). Registry
    records are never merged without a reviewer: the automatic threshold decides what
    a feed or roll record is linked to, not which two registry histories are joined."""
    limits = thresholds(today)
    version, trained = params.latest()
    table = features(_registry())
    pairs = pipeline.score(table, trained, threshold=limits.review)
    decision = pipeline.decide(pairs, automatic=limits.automatic, review=limits.review)
    weak = {x for cluster in decision.weak_clusters for x in cluster}
    by_key = {(min(r["id_l"], r["id_r"]), max(r["id_l"], r["id_r"])): r for r in pairs.to_pylist()}
    existing = set(MatchPair.objects.values_list("person_a_id", "person_b_id"))
    areas = dict(
        Person.objects.filter(pk__in={k for pair in by_key for k in pair}).values_list(
            "pk", "area_id"
        )
    )
    new = [
        MatchPair(
            status="pending",
            person_a_id=a,
            person_b_id=b,
            area_id=areas[a],
            probability=row["match_probability"],
            match_weight=row["match_weight"],
            evidence=_evidence(row),
            model_version=version,
            source="self",
            weak_chain=a in weak,
        )
        for (a, b), row in sorted(by_key.items())
        if (a, b) not in existing
    ]
    with transaction.atomic():
        MatchPair.objects.bulk_create(new, batch_size=1000)
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="identity.matchpair",
            summary=f"登记库自查（模型{version}）：新增疑似重复{len(new)}对",
        )
    return SelfMatchReport(
        model_version=version,
        records=table.num_rows,
        scored_pairs=pairs.num_rows,
        automatic=len(decision.links),
        review=len(decision.review),
        weak_clusters=len(decision.weak_clusters),
        new_pairs=len(new),
        already_decided=len(by_key) - len(new),
    )


def decide(*, actor: User, pair: MatchPair, same: bool, note: str = "") -> None:
    """A reviewer's decision, through the workflow (audited there)."""
    transition(pair, "same" if same else "different", actor, note=note)


def _person_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, FK column) that points at core.Person, in every installed app,
    except identity's own records of the review."""
    own = {MatchPair, PersonMerge}
    links = []
    for model in apps.get_models():
        if model in own:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is Person:
                links.append((model, f.name))
    return links


def merge(*, actor: User, pair: MatchPair, keep: Person, note: str = "") -> PersonMerge:
    """Move every row that points at the other record of a confirmed pair to `keep`
    (memberships, cases, enrolments, payment lines, leads…), recording what moved.
    Refused, with nothing changed, when a move would break a rule of the moved table
    (e.g. both records hold a current membership of the same household)."""
    if pair.person_b_id is None:  # a feed's record (pair.from_feed)
        raise WorkflowError("部门数据记录不是登记档案，确认同一人后即按本人处理，无需合并")
    if keep.pk not in (pair.person_a_id, pair.person_b_id):
        raise WorkflowError("保留档案须为本对记录之一", field="keep")
    other_id: int = pair.person_b_id if keep.pk == pair.person_a_id else pair.person_a_id
    if Person.objects.filter(pk__in=(keep.pk, other_id), merged_into__isnull=False).exists():
        raise WorkflowError("无法合并：其中一份档案已并入其他档案，请先撤销那次合并", field="keep")
    moved: dict[str, list[Any]] = {}
    with transaction.atomic():
        transition(pair, "merge", actor, note=note)
        for model, field in _person_links():
            rows = list(
                model._default_manager.filter(**{f"{field}_id": other_id}).values_list(
                    "pk", flat=True
                )
            )
            if not rows:
                continue
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=rows).update(**{f"{field}_id": keep.pk})
            except IntegrityError:
                raise WorkflowError(
                    f"无法合并：{model._meta.verbose_name}中两份档案的记录相互冲突，请先处理后再合并"
                ) from None
            moved[f"{model._meta.label_lower}.{field}"] = rows
        # The emptied record stays (its ID number may be the mistyped one) but leaves
        # search, lists and pickers; its page leads to the kept record.
        Person.objects.filter(pk=other_id).update(merged_into=keep)
        record = PersonMerge.objects.create(
            pair=pair, kept=keep, merged_id=other_id, moved=moved, merged_by=actor
        )
        total = sum(map(len, moved.values()))
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=keep,
            summary=f"合并档案：人员{other_id}并入{keep.pk}，迁移{total}条记录",
            after={"merge": record.pk, "moved": {k: len(v) for k, v in moved.items()}},
        )
    return record


def undo_merge(*, actor: User, pair: MatchPair, note: str) -> PersonMerge:
    """Move back exactly the rows the last merge of `pair` moved."""
    record = pair.merges.filter(undone_at__isnull=True).order_by("-id").first()
    if record is None:
        raise WorkflowError("没有可撤销的合并")
    with transaction.atomic():
        transition(pair, "undo_merge", actor, note=note)
        for key, rows in record.moved.items():
            label, field = key.rsplit(".", 1)
            model = apps.get_model(label)
            model._default_manager.filter(pk__in=rows).update(**{f"{field}_id": record.merged_id})
        Person.objects.filter(pk=record.merged_id).update(merged_into=None)
        record.undone_by, record.undone_at = actor, timezone.now()
        record.save(update_fields=["undone_by", "undone_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=record.kept,
            summary=f"撤销合并：人员{record.merged_id}的记录移回原档案",
            after={"merge": record.pk, "undone": True},
        )
    return record
