"""`flush` as Django's, but able to empty the audit tables (and other append-only
tables that register their guards, `audit_guards.register_delete_guards`) on SQLite.

The SQLite triggers refuse DELETE on audit entries and the chain head; flushing wipes
the whole database (between transactional tests, or an operator starting afresh), so
the triggers are lifted for its duration and put back after. PostgreSQL flushes with
TRUNCATE, which its row triggers do not see.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from minzheng.core import audit_guards


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        guards: list[audit_guards.Guard] = [(audit_guards.delete_guards, audit_guards.install)]
        guards += audit_guards.other_delete_guards()  # e.g. the payment ledger's
        lifted = [(names(connection), install) for names, install in guards]
        with connection.cursor() as cursor:
            for names, _ in lifted:
                for name in names:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            super().handle(**options)
        finally:
            for names, install in lifted:
                if names:
                    install(connection)
