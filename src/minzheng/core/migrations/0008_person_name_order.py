"""Name search in result order (docs/search.md, core/models/search.py): a B-tree over
(name by code point, id) replaces the pattern index on the name, and the GIN index of
character pairs covers the name after its first character only (a name beginning
with the text is found by the B-tree)."""

from django.db import migrations

from minzheng.core.models.search import (
    NAME_ORDER_INDEX_SQL,
    PAIRS_INDEX_SQL,
    TAIL_PAIRS_INDEX_SQL,
)


def _concurrently(sql: str) -> str:
    return sql.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)


def name_indexes(apps, schema_editor):
    """Built beside the old ones and without blocking writes (a city's person table
    takes minutes to index), then the old ones dropped."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_concurrently(NAME_ORDER_INDEX_SQL))
        schema_editor.execute(_concurrently(TAIL_PAIRS_INDEX_SQL))
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS person_name_pairs")
    else:  # SQLite's BINARY collation is code-point order already
        schema_editor.execute("CREATE INDEX person_name_order ON core_person (name, id)")


def drop_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_concurrently(PAIRS_INDEX_SQL))
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS person_name_tail_pairs")
    schema_editor.execute("DROP INDEX IF EXISTS person_name_order")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("core", "0007_household_area_index_area_figures"),
    ]

    operations = [
        migrations.RunPython(name_indexes, drop_name_indexes),
        migrations.RemoveIndex(model_name="person", name="person_name_prefix"),
    ]
