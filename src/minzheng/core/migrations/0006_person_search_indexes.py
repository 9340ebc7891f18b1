"""Search indexes justified by their queries (docs/search.md); unused twins dropped."""

import django.db.models.deletion
from django.db import migrations, models

from minzheng.core.models.search import PAIRS_FUNCTION_SQL, PAIRS_INDEX_SQL


def name_pairs_index(apps, schema_editor):
    """PostgreSQL only: the expression GIN index behind name searches (core/models/search.py)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PAIRS_FUNCTION_SQL)
        schema_editor.execute(PAIRS_INDEX_SQL)


def drop_name_pairs_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_pairs")
        schema_editor.execute("DROP FUNCTION IF EXISTS mz_name_pairs(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_household_serial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                help_text="负责该人员的村（社区）",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.area",
                verbose_name="管理区划",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="hukou_area",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.area",
                verbose_name="户籍地",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number_reversed",
            field=models.CharField(editable=False, max_length=18),
        ),
        migrations.AlterField(
            model_name="person",
            name="name",
            field=models.CharField(max_length=50, verbose_name="姓名"),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=models.CharField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["area"], name="person_area_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["hukou_area"], name="person_hukou_area"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["id_number_reversed"],
                name="person_id_tail",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name"], name="person_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["phone"], name="person_phone_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.RunPython(name_pairs_index, drop_name_pairs_index),
    ]
