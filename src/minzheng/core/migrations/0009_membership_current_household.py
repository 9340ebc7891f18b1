"""Households by a member's name (docs/search.md): each person found is looked up in
the current memberships, and this index answers that from the index alone (person →
household) instead of reading each membership row. PostgreSQL only (INCLUDE), built
without blocking writes."""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS membership_current_household "
    "ON core_householdmembership (person_id) INCLUDE (household_id) WHERE valid_to IS NULL"
)


def current_household_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_current_household_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS membership_current_household")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("core", "0008_person_name_order"),
    ]

    operations = [
        migrations.RunPython(current_household_index, drop_current_household_index),
    ]
