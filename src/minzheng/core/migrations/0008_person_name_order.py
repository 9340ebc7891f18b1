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


def name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_pairs")
        schema_editor.execute(NAME_ORDER_INDEX_SQL)
        schema_editor.execute(TAIL_PAIRS_INDEX_SQL)
    else:  # SQLite's BINARY collation is code-point order already
        schema_editor.execute("CREATE INDEX person_name_order ON core_person (name, id)")


def drop_name_indexes(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS person_name_order")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_tail_pairs")
        schema_editor.execute(PAIRS_INDEX_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_household_area_index_area_figures"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_name_prefix"),
        migrations.RunPython(name_indexes, drop_name_indexes),
    ]
