"""The ID-tail search's estimate (docs/search.md, "measured at 10 M, session 5").

`id_number_reversed LIKE '7216%'` (the last four characters of an ID number) matches
about one person in 10,000 — some 1,000 of a 10 M city — but with the default
statistics (a 100-bucket histogram) PostgreSQL estimates a range that narrow at one
in 100: 99,000 rows. With a county's scope on top it then expects 6,000 matches and
answers the page (`ORDER BY id LIMIT 50`) by walking the primary key until it has 50:
7.6 M rows read, 12.7 s, where 63 people matched. A 10,000-bucket histogram on this
column alone puts the estimate at 1,000 (measured: 916), and the plan becomes the
tail index's 916 entries sorted by id: 1.4 ms warm, 61 ms cold. Analysing the table
samples more rows for this column (about 90 s at 10 M under load, in the nightly
autovacuum, not in a request). PostgreSQL only; SQLite keeps no such statistics.
"""

from django.db import migrations

TARGET = 10_000


def raise_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE core_person ALTER COLUMN id_number_reversed SET STATISTICS {TARGET}"
        )
        schema_editor.execute("ANALYZE core_person (id_number_reversed)")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE core_person ALTER COLUMN id_number_reversed SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_person_area_name"),
    ]

    operations = [
        migrations.RunPython(raise_statistics, default_statistics),
    ]
