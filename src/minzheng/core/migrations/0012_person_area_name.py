"""A community caseworker's name search (docs/search.md): the community's scope is
`area_id = …` (`ScopedQuerySet.within_prefix`), and this index reads its names in
name order within the community instead of the city-wide name range filtered by
area. PostgreSQL only (the name by code point, as `person_name_order`), built without
blocking writes."""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_area_name "
    'ON core_person (area_id varchar_pattern_ops, name COLLATE "C", id)'
)


def area_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_area_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS person_area_name")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("core", "0011_audit_sealing"),
    ]

    operations = [
        migrations.RunPython(area_name_index, drop_area_name_index),
    ]
