"""`flush` as Django's, but able to empty the audit tables on SQLite.

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
        lifted = audit_guards.delete_guards(connection)
        with connection.cursor() as cursor:
            for name in lifted:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            super().handle(**options)
        finally:
            if lifted:
                audit_guards.install(connection)
