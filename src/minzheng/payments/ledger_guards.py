"""Database triggers that keep the payment ledger append-only on both engines, as
core.audit_guards does for the audit trail. A later migration that rebuilds the
ledger table on SQLite must call `install()` again. `flush` (between transactional
tests) lifts the SQLite DELETE guard and puts it back (registered in apps.py)."""

from __future__ import annotations

from typing import Any

SQLITE = (
    """CREATE TRIGGER IF NOT EXISTS payments_ledgerentry_no_update
       BEFORE UPDATE ON payments_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS payments_ledgerentry_no_delete
       BEFORE DELETE ON payments_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;""",
)
POSTGRES = """
CREATE OR REPLACE FUNCTION payments_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only';
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS payments_ledgerentry_append_only ON payments_ledgerentry;
CREATE TRIGGER payments_ledgerentry_append_only BEFORE UPDATE OR DELETE ON payments_ledgerentry
FOR EACH ROW EXECUTE FUNCTION payments_ledgerentry_append_only();
"""


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES)


def delete_guards(connection: Any) -> list[str]:
    """The SQLite triggers `flush` lifts for its duration (core's flush command)."""
    return ["payments_ledgerentry_no_delete"] if connection.vendor == "sqlite" else []


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS payments_ledgerentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS payments_ledgerentry_no_delete")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER IF EXISTS payments_ledgerentry_append_only ON payments_ledgerentry"
            )
