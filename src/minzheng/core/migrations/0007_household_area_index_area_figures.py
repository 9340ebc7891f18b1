"""Households scoped by a pattern index; population figures per community and day."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_person_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("as_of", models.DateField(verbose_name="统计日期")),
                ("residents", models.PositiveIntegerField(verbose_name="在册人口")),
                ("disabled", models.PositiveIntegerField(verbose_name="持证残疾人")),
                ("computed_at", models.DateTimeField(verbose_name="统计时间")),
            ],
            options={
                "verbose_name": "区划人口统计",
                "verbose_name_plural": "区划人口统计",
            },
        ),
        migrations.AlterField(
            model_name="household",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.area",
                verbose_name="所属村（社区）",
            ),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(
                fields=["area"], name="household_area_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddField(
            model_name="areafigures",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.area",
                verbose_name="村（社区）",
            ),
        ),
        migrations.AddConstraint(
            model_name="areafigures",
            constraint=models.UniqueConstraint(
                fields=("as_of", "area"), name="one_figure_per_area_and_day"
            ),
        ),
    ]
