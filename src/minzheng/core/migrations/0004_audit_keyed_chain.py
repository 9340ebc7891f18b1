"""Key the audit chain (HMAC-SHA256) and guard the chain head and DELETE on SQLite too.

Entries already written keep their plain SHA-256 (`algorithm = sha256`, set on every
existing row) and still verify; the number of such entries is sealed with the key on
the chain head, so no later entry can pass as unkeyed. The first keyed entry's HMAC
covers the last unkeyed hash, which pins the whole unkeyed prefix. On SQLite the
column changes rebuild the tables (dropping their triggers), so the guards are
(re)installed last. The guard SQL lives in `core.audit_guards`, shared with `flush`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from minzheng.core import audit_guards
from minzheng.core.models.audit import legacy_seal


def seal_legacy_entries(apps, schema_editor):
    head = apps.get_model("core", "AuditChainHead").objects.filter(pk=1)
    last = head.values_list("last_seq", flat=True).first() or 0
    if last:
        head.update(legacy_until=last, legacy_seal=legacy_seal(last))


def install_guards(apps, schema_editor):
    # The guards as they were at this point (entries never updated); 0011 allows sealing.
    audit_guards.install(schema_editor.connection, sealing=False)


def remove_guards(apps, schema_editor):
    audit_guards.remove_head_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_config_value_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="legacy_seal",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="legacy_until",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="algorithm",
            # Every row already there was hashed with plain SHA-256 ...
            field=models.CharField(
                choices=[
                    ("sha256", "SHA-256（升级前，未加密钥）"),
                    ("hmac-sha256", "HMAC-SHA256（加密钥）"),
                ],
                default="sha256",
                max_length=16,
                verbose_name="哈希算法",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="algorithm",
            # ... every new one is keyed.
            field=models.CharField(
                choices=[
                    ("sha256", "SHA-256（升级前，未加密钥）"),
                    ("hmac-sha256", "HMAC-SHA256（加密钥）"),
                ],
                default="hmac-sha256",
                max_length=16,
                verbose_name="哈希算法",
            ),
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
                ],
                max_length=16,
                verbose_name="动作",
            ),
        ),
        migrations.CreateModel(
            name="AuditVerification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_at", models.DateTimeField(verbose_name="开始时间")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="完成时间"),
                ),
                ("entries", models.BigIntegerField(default=0, verbose_name="校验条数")),
                ("checkpoints", models.IntegerField(default=0, verbose_name="核对检查点数")),
                (
                    "problems",
                    models.JSONField(blank=True, default=list, verbose_name="发现的问题"),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="校验人",
                    ),
                ),
            ],
            options={
                "verbose_name": "审计链校验",
                "verbose_name_plural": "审计链校验",
                "ordering": ["-started_at"],
            },
        ),
        migrations.RunPython(seal_legacy_entries, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
    ]
