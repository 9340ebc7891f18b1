"""A household programme's months are claimed for the household as well as the person
(D13.1, D13.3): a new head of household is no longer paid, as arrears, a month the
former head was paid. Existing claims are given their line's household; an
installation where a household month was already paid twice stops here with the
months to recover, rather than hide them."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

# `payees.HOUSEHOLD_PROGRAMMES` when this migration was written (D13.1).
HOUSEHOLD_PROGRAMMES = ("dibao", "temporary")

BACKFILL = """
UPDATE payments_coveredmonth SET
    household_id = (SELECT l.household_id FROM payments_payrollline l
                    WHERE l.id = payments_coveredmonth.line_id),
    household_claim = (programme IN ({programmes}))
""".format(programmes=", ".join(f"'{p}'" for p in HOUSEHOLD_PROGRAMMES))

TWICE = """
SELECT household_id, programme, month, COUNT(*) FROM payments_coveredmonth
WHERE household_claim GROUP BY household_id, programme, month HAVING COUNT(*) > 1
ORDER BY household_id, programme, month
"""


def _refuse_double_payments(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(TWICE)
        rows = cursor.fetchall()
    if rows:
        # (a raw cursor gives SQLite's dates as text: the month is the first 7 characters)
        listed = "; ".join(f"家庭{h} {p} {str(m)[:7]}（{n}次）" for h, p, m, n in rows[:50])
        raise RuntimeError(
            f"以下家庭月份已重复发放，请先为多发的款项立追回单并由县级审批人处理，再升级：{listed}"
            + ("……" if len(rows) > 50 else "")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0016_area_panel_figures"),
        ("payments", "0005_institutional_payables"),
    ]

    operations = [
        migrations.AddField(
            model_name="coveredmonth",
            name="household",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.household",
            ),
        ),
        migrations.AddField(
            model_name="coveredmonth",
            name="household_claim",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunPython(_refuse_double_payments, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="coveredmonth",
            name="household",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.household",
            ),
        ),
        migrations.AddConstraint(
            model_name="coveredmonth",
            constraint=models.UniqueConstraint(
                condition=Q(household_claim=True),
                fields=("household", "programme", "month"),
                name="a_household_month_is_paid_once",
            ),
        ),
    ]
