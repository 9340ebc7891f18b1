"""Bulk jobs: inserting many new rows, and filtering by thousands of values.

Bulk jobs (lead ingestion today; payroll lines next) create tens of thousands of
rows in one transaction. Django's `bulk_create` needs a model instance per row and
builds one INSERT with a parameter per value, which psycopg then parses and binds
on the client: at 140,000 rows that costs more than the database's own work. On
PostgreSQL the rows go through COPY instead, the way the database loads data, and
a filter by thousands of values is one array parameter; on SQLite (one machine,
the demo) Django's own paths are already fast. Callers that need the new keys read
them back by a natural key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

# Fields whose Python value psycopg adapts itself (no `get_db_prep_save` needed).
_PLAIN = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField,
    models.DateField, models.DecimalField, models.ForeignKey,
)  # fmt: skip


def bulk_insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert `rows` (each a mapping of field attname → value, all with the same keys;
    e.g. `person_id`, not `person`) in the caller's transaction; fields a row leaves
    out get their default, auto_now(_add) fields the current time. Returns the count."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return len(rows)
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    given = rows[0].keys()
    fixed = {f.attname: _default(f) for f in fields if f.attname not in given}
    prepared = [f for f in fields if f.attname in given and not isinstance(f, _PLAIN)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f.attname for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = {**fixed, **row}
            for f in prepared:
                values[f.attname] = f.get_db_prep_save(values[f.attname], connection)
            copy.write_row([values[n] for n in names])
    return len(rows)


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def in_values(values: Sequence[Any]) -> Any:
    """The right-hand side of an `__in` filter over thousands of values: one array
    parameter on PostgreSQL, the plain list elsewhere."""
    values = list(values)
    if connection.vendor != "postgresql" or not values:
        return values
    kind = "bigint" if isinstance(values[0], int) else "text"
    return RawSQL(f"SELECT unnest(%s::{kind}[])", (values,))
