"""Audit entries may be written pending and sealed after the writer's commit
(`core.audit_seal`, docs/audit.md "Sealing"): `seq` and `hash` empty until sealed, the
entry's own MAC in `pending_mac`, a partial index over the pending ones, the `tamper`
action, and the guard on entries relaxed to allow exactly one UPDATE, the seal. On
SQLite the column changes rebuild the table (dropping its triggers), so the guards are
installed again last."""

from django.db import migrations, models

from minzheng.core import audit_guards


def install_guards(apps, schema_editor):
    audit_guards.install(schema_editor.connection, sealing=True)


def restore_guards(apps, schema_editor):
    audit_guards.install(schema_editor.connection, sealing=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_duty_grant"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="pending_mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "新增"),
                    ("update", "修改"),
                    ("delete", "删除"),
                    ("read", "查看"),
                    ("export", "导出"),
                    ("transition", "流程流转"),
                    ("import", "批量导入"),
                    ("login", "登录"),
                    ("search", "查询列表"),
                    ("verify", "校验审计链"),
                    ("tamper", "审计记录被篡改"),
                ],
                max_length=16,
                verbose_name="动作",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True, verbose_name="序号"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)), fields=["id"], name="auditentry_pending"
            ),
        ),
        migrations.RunPython(install_guards, restore_guards),
    ]
