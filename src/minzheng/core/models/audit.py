"""The audit trail: append-only and tamper-evident (hash chain).

Every write to a personal or case record and every read of personal data
(detail page, API detail, export) appends one entry. Entries are chained:
each stores the SHA-256 of its own content and of the previous entry, so an
edited, removed or re-ordered entry breaks the chain, which
`minzheng audit_verify` detects. The database refuses UPDATE on entries
(trigger, both SQLite and PostgreSQL) and, on PostgreSQL, DELETE as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    READ = "read", _("查看")
    EXPORT = "export", _("导出")
    TRANSITION = "transition", _("流程流转")
    IMPORT = "import", _("批量导入")
    LOGIN = "login", _("登录")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True, db_index=True)
    actor_username = models.CharField(_("操作人"), max_length=150, blank=True)
    ip = models.CharField(_("来源地址"), max_length=45, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, blank=True)  # web / api / cli
    action = models.CharField(_("动作"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True, db_index=True)
    area_code = models.CharField(_("区划"), max_length=12, blank=True, db_index=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["seq"]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.actor_username} {self.action} {self.object_type}:{self.object_id}"
        )

    def content(self) -> dict[str, Any]:
        """What the hash covers: every field but `hash` itself."""
        return {
            "seq": self.seq,
            "at": self.at.astimezone(dt.UTC).isoformat() if self.at else None,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "ip": self.ip,
            "channel": self.channel,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "area_code": self.area_code,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("审计日志只能追加，不能删除")


class AuditChainHead(models.Model):
    """Singleton row: the last sequence number and hash. Appends lock it, so the
    chain stays linear under concurrent writers; it also reveals a cut-off tail."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
