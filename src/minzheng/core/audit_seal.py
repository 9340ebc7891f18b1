"""Appending to the audit chain without making writers wait for each other.

The chain head (one row) orders the chain: whoever holds its row lock may give entries
their place (`seq`, the previous hash, the keyed hash). Holding it until one's commit
used to make every audited request queue behind every other one's transaction. Now:

- `append(rows)` (in the caller's transaction) takes the head only if it is free
  (`SELECT … FOR UPDATE SKIP LOCKED`, never a wait). Free: the backlog of pending
  entries and the new rows are sealed at once, as before. Taken by another transaction:
  the rows are written **pending** — no place in the chain yet, but their own keyed MAC
  (`AuditEntry.pending_hash`) — and sealed after the writer's commit (`on_commit`), by
  the head's holder after its commit, by the next writer who finds the head free, or by
  the minute task (`core.tasks.audit_seal_minutely`), whichever comes first.
- Sealing recomputes each pending entry's MAC first: an entry altered while pending is
  never sealed (it would launder the change); a sealed `tamper` entry records it.
- The writing process remembers the pending entries it committed until it sees them
  sealed; one that has disappeared meanwhile (deleted with the guards lifted) is
  recorded as a sealed `tamper` entry too.

Verification (`audit_chain`) checks pending entries' MACs, and reports a pending entry
older than `SEAL_GRACE`, and every `tamper` entry. On SQLite (one writer at a time)
`SKIP LOCKED` does not exist and the head is always taken: entries are sealed when
written. Design and limits: docs/audit.md "Sealing".
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.models import AuditAction, AuditChainHead, AuditEntry

# A pending entry older than this is a finding of the verification (the minute task
# seals every pending entry; a backlog this old means sealing stopped).
SEAL_GRACE = dt.timedelta(minutes=10)
SEAL_BATCH = 5000

# Pending entries committed by this process and not yet seen sealed: id → description.
_awaiting: dict[int, str] = {}
_awaiting_lock = threading.Lock()


def _take_head() -> AuditChainHead | None:
    """The chain head, locked for this transaction, or None when another holds it."""
    head = AuditChainHead.objects.select_for_update(skip_locked=True).filter(pk=1).first()
    if head is None and not AuditChainHead.objects.filter(pk=1).exists():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


def _describe(entry: AuditEntry) -> str:
    at = timezone.localtime(entry.at)
    return (
        f"第{entry.pk}号审计记录（{at:%Y-%m-%d %H:%M:%S} {entry.actor_username} "
        f"{entry.action} {entry.object_type}:{entry.object_id}）"
    )


def _tamper_entry(entry_id: int, summary: str) -> AuditEntry:
    return AuditEntry(
        at=timezone.now(),
        actor_username="system",
        channel="task",
        action=AuditAction.TAMPER,
        object_type="core.auditentry",
        object_id=str(entry_id),
        summary=summary[:300],
    )


def _chain(head: AuditChainHead, rows: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Give each row its place after the head (in memory); the head moves along."""
    placed = []
    for row in rows:
        row.seq, row.prev_hash = head.last_seq + 1, head.last_hash
        row.hash = row.compute_hash()
        head.last_seq, head.last_hash = row.seq, row.hash
        placed.append(row)
    return placed


def _reported(ids: list[int]) -> set[str]:
    found = AuditEntry.objects.filter(
        action=AuditAction.TAMPER, object_type="core.auditentry", object_id__in=map(str, ids)
    )
    return set(found.values_list("object_id", flat=True))


def _backlog(head: AuditChainHead) -> list[AuditEntry]:
    """Seal the pending entries in the order written; returns the `tamper` entries for
    the ones altered while pending (not yet reported), to be sealed after them."""
    pending = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:SEAL_BATCH])
    good = [e for e in pending if hmac.compare_digest(e.pending_hash(), e.pending_mac)]
    AuditEntry.objects.bulk_update(_chain(head, good), ["seq", "prev_hash", "hash"])
    altered = [e for e in pending if e not in good]
    if not altered:
        return []
    known = _reported([e.pk for e in altered])
    return [
        _tamper_entry(e.pk, f"{_describe(e)}在封存前被改动，未封入审计链")
        for e in altered
        if str(e.pk) not in known
    ]


def _missing_awaited() -> list[AuditEntry]:
    """`tamper` entries for pending entries this process committed that are gone."""
    with _awaiting_lock:
        awaited = dict(_awaiting)
    if not awaited:
        return []
    rows = AuditEntry.objects.filter(pk__in=list(awaited)).values_list("pk", "seq")
    present = dict(rows)
    with _awaiting_lock:
        for pk in awaited:
            if pk not in present or present[pk] is not None:
                _awaiting.pop(pk, None)
    return [
        _tamper_entry(pk, f"{text}提交后、封入审计链前被删除")
        for pk, text in awaited.items()
        if pk not in present
    ]


def _seal(head: AuditChainHead, new: list[AuditEntry], *, awaited: bool = False) -> None:
    """With the head held: seal the backlog, then `new` (inserted sealed)."""
    start = head.last_seq
    findings = _backlog(head)
    if awaited:
        findings += _missing_awaited()
    rows = _chain(head, [*new, *findings])
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    if head.last_seq != start:
        moved = {"last_seq": head.last_seq, "last_hash": head.last_hash}
        AuditChainHead.objects.filter(pk=1).update(**moved)


def seal_pending(*, durable: bool = False) -> bool:
    """Seal every pending entry now, if the chain head is free (never waits). False when
    another transaction holds it (its commit hook seals them). Own transaction.

    On PostgreSQL this transaction does not wait for its WAL flush (`synchronous_commit
    off`): the entries themselves were committed durably by their writers, and a seal
    lost in a crash (the last fraction of a second) leaves them pending, to be sealed
    again. Any later durable commit makes it durable too (the WAL is one sequence).
    `durable` (the checkpoint, which signs what it sees) waits for the flush of this
    and of every earlier seal."""
    postgres = connection.vendor == "postgresql"
    own = not connection.in_atomic_block  # never relax a caller's transaction
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:
                if durable:  # a commit record to flush, even with nothing to seal
                    cursor.execute("SELECT pg_current_xact_id()")
                elif own:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
        head = _take_head()
        if head is None:
            return False
        _seal(head, [], awaited=True)
    return True


def _seal_if_pending() -> None:
    if _awaiting or AuditEntry.objects.filter(seq__isnull=True).exists():
        seal_pending()


def _after_commit(awaited: dict[int, str]) -> None:
    with _awaiting_lock:
        _awaiting.update(awaited)
    seal_pending()


def append(rows: list[AuditEntry], batch_size: int = 1000) -> None:
    """Write `rows` (new entries without a place) in the caller's transaction: sealed
    at once when the head is free, pending otherwise. Never waits for the head. The
    commit hooks are `robust`: a seal that fails never fails a request whose work is
    committed (its entries stay pending for the next writer or the minute task)."""
    with transaction.atomic():
        head = _take_head()
        if head is not None:
            _seal(head, rows)
            # Entries written pending while this transaction held the head.
            transaction.on_commit(_seal_if_pending, robust=True)
            return
        for row in rows:
            row.seq, row.prev_hash, row.hash = None, "", None
            row.pending_mac = row.pending_hash()
        AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
        awaited = {row.pk: _describe(row) for row in rows if row.pk is not None}
        transaction.on_commit(lambda: _after_commit(awaited), robust=True)
