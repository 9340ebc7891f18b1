"""Database triggers that keep the audit trail append-only on both engines.

Entries: no DELETE, and no UPDATE except the one that seals a pending entry (migration
0011): its place in the chain (`seq`, `prev_hash`, `hash`) filled in once, from empty,
with every other column unchanged. Chain head: no DELETE, and an UPDATE must move it
forward (a higher sequence number) without touching the sealed legacy boundary.
These stop the application and a careless operator; an intruder with DDL rights can
drop them, which is what the keyed chain and the checkpoints outside the database
are for (docs/audit.md).

Caution for later migrations: on SQLite, Django rebuilds a table to alter or add most
columns, and the rebuild drops its triggers. A migration that touches these two tables
must call `install()` again (the refusal tests in tests/core/test_audit.py fail otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The columns that sealing must leave as they were (everything but seq, prev_hash, hash).
SEALED_UNCHANGED = (
    "id", "at", "actor_id", "actor_username", "ip", "channel", "action", "object_type",
    "object_id", "area_code", "summary", "before", "after", "algorithm", "pending_mac",
)  # fmt: skip
_IS_SEALING = (
    "OLD.seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash = '' AND OLD.pending_mac <> '' "
    "AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND "
)
SQLITE_SEALING_ONLY = f"""
        CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
        WHEN NOT ({_IS_SEALING}{" AND ".join(f"NEW.{c} IS OLD.{c}" for c in SEALED_UNCHANGED)})
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"""
SQLITE_NO_UPDATE = """
        CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"""
SQLITE_TRIGGERS = {
    "core_auditentry_append_only": SQLITE_SEALING_ONLY,
    "core_auditentry_no_delete": """
        CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    "core_auditchainhead_forward_only": """
        CREATE TRIGGER core_auditchainhead_forward_only BEFORE UPDATE ON core_auditchainhead
        WHEN NEW.last_seq <= OLD.last_seq OR NEW.id != OLD.id
          OR NEW.legacy_until != OLD.legacy_until OR NEW.legacy_seal != OLD.legacy_seal
        BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
    "core_auditchainhead_no_delete": """
        CREATE TRIGGER core_auditchainhead_no_delete BEFORE DELETE ON core_auditchainhead
        BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be deleted'); END;""",
}

# Entries: 0002_audit_append_only created the trigger (BEFORE UPDATE OR DELETE) and a
# function refusing everything; 0011 replaces the function by this one.
_PG_NEW = ", ".join(f"NEW.{c}" for c in SEALED_UNCHANGED)
_PG_OLD = ", ".join(f"OLD.{c}" for c in SEALED_UNCHANGED)
PG_ENTRY_SEALING_ONLY = f"""
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND {_IS_SEALING} ROW({_PG_NEW}) IS NOT DISTINCT FROM ROW({_PG_OLD}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only';
END; $$ LANGUAGE plpgsql;
"""
PG_ENTRY_NO_UPDATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;
"""
PG_HEAD_FORWARD = """
CREATE OR REPLACE FUNCTION core_auditchainhead_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit chain head cannot be deleted';
  END IF;
  IF NEW.last_seq <= OLD.last_seq OR NEW.id <> OLD.id
     OR NEW.legacy_until <> OLD.legacy_until OR NEW.legacy_seal <> OLD.legacy_seal THEN
    RAISE EXCEPTION 'the audit chain head only moves forward';
  END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditchainhead_forward_only ON core_auditchainhead;
CREATE TRIGGER core_auditchainhead_forward_only BEFORE UPDATE OR DELETE ON core_auditchainhead
FOR EACH ROW EXECUTE FUNCTION core_auditchainhead_forward_only();
"""
PG_HEAD_BACKWARD = """
DROP TRIGGER IF EXISTS core_auditchainhead_forward_only ON core_auditchainhead;
DROP FUNCTION IF EXISTS core_auditchainhead_forward_only();
"""


def _sqlite_drop(cursor: Any, names: Any) -> None:
    for name in names:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install(connection: Any, *, sealing: bool = True) -> None:
    """Create (or re-create) every guard trigger for the connection's engine. `sealing`:
    entries may be sealed once (the schema from migration 0011 on); before it, no UPDATE
    of an entry at all (migration 0004 installs that, on the columns it knew)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_drop(cursor, SQLITE_TRIGGERS)
            for name, sql in SQLITE_TRIGGERS.items():
                if name == "core_auditentry_append_only" and not sealing:
                    sql = SQLITE_NO_UPDATE
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_HEAD_FORWARD)
            cursor.execute(PG_ENTRY_SEALING_ONLY if sealing else PG_ENTRY_NO_UPDATE)


def remove_head_guards(connection: Any) -> None:
    """Undo `install` as far as this module added to 0002 (migration backwards)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_drop(
                cursor, [n for n in SQLITE_TRIGGERS if n != "core_auditentry_append_only"]
            )
        elif connection.vendor == "postgresql":
            cursor.execute(PG_HEAD_BACKWARD)


def delete_guards(connection: Any) -> list[str]:
    """The SQLite triggers that refuse DELETE, which `flush` (wiping the whole database,
    e.g. between transactional tests) must lift for its duration."""
    return (
        ["core_auditentry_no_delete", "core_auditchainhead_no_delete"]
        if connection.vendor == "sqlite"
        else []
    )


# Other append-only tables (the payment ledger) keep their own SQLite DELETE guards;
# they register here how to name and put them back, so that `flush` empties them too
# without core importing the domain.
Guard = tuple[Callable[[Any], list[str]], Callable[[Any], None]]
_OTHER_GUARDS: list[Guard] = []


def register_delete_guards(
    names: Callable[[Any], list[str]], install: Callable[[Any], None]
) -> None:
    if (names, install) not in _OTHER_GUARDS:
        _OTHER_GUARDS.append((names, install))


def other_delete_guards() -> list[Guard]:
    return list(_OTHER_GUARDS)
