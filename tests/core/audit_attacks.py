"""What an intruder with write and DDL rights on the database, but without the audit
key, can do to the trail: lift the guards, edit rows, recompute plain SHA-256."""

from __future__ import annotations

import hashlib
import json

from django.db import connection

from minzheng.core.audit_guards import SQLITE_TRIGGERS
from minzheng.core.models import AuditEntry


def drop_guards() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
            cur.execute(
                "ALTER TABLE core_auditchainhead DISABLE TRIGGER core_auditchainhead_forward_only"
            )
        else:
            for name in SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER {name}")


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params or [])


def plain_sha256(entry: AuditEntry, *, keep_algorithm_field: bool) -> str:
    """The hash as the unkeyed chain computed it (the attacker's best guess)."""
    content = entry.content()
    if not keep_algorithm_field:
        content.pop("algorithm", None)
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def rewrite_from(seq: int, summary: str, *, mark_unkeyed: bool) -> None:
    """Edit entry `seq` and recompute every later hash with plain SHA-256, then move the
    chain head to the new last hash: a consistent unkeyed chain."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.summary = summary
        entry.prev_hash = prev
        if mark_unkeyed:
            entry.algorithm = "sha256"
        entry.hash = plain_sha256(entry, keep_algorithm_field=not mark_unkeyed)
        sql(
            "UPDATE core_auditentry SET summary=%s, prev_hash=%s, hash=%s, algorithm=%s "
            "WHERE seq=%s",
            [entry.summary, entry.prev_hash, entry.hash, entry.algorithm, entry.seq],
        )
        prev = entry.hash
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    sql("UPDATE core_auditchainhead SET last_seq=%s, last_hash=%s", [last.seq, last.hash])
