"""The audit trail: append-only and tamper-evident (keyed hash chain).

Every write to a personal or case record and every read or search of personal
data (detail page, list page, API, export) appends one entry. Entries are
chained: each stores the HMAC-SHA256, under a key held outside the database
(settings.AUDIT_KEY), of its own content and of the previous entry's hash, so
an edited, removed or re-ordered entry breaks the chain and someone without
the key cannot recompute it. Signed checkpoints outside the database
(`core.audit_anchor`) catch a rewound or truncated chain. The database refuses
UPDATE and DELETE of entries, and moving the chain head back (triggers, both
SQLite and PostgreSQL). See docs/audit.md.

An entry is written either **sealed** (its place in the chain given at once, when no
other transaction holds the chain head) or **pending** (`seq` and `hash` empty, its own
content MAC in `pending_mac`), and sealed right after the writer's commit or by the next
writer or the minute task: so no request waits for another's transaction to take its
turn on the chain head (`core.audit`, docs/audit.md "Sealing").

Entries written before the chain was keyed keep their plain SHA-256
(`algorithm = sha256`); they verify as before, but only up to the sequence
number sealed with the key when the chain was upgraded (`AuditChainHead.
legacy_until`), so a later entry cannot be passed off as an unkeyed one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


def audit_mac(message: str) -> str:
    """HMAC-SHA256 under the audit key, hex: entries, checkpoints and seals share it."""
    key = str(settings.AUDIT_KEY).encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def legacy_seal(legacy_until: int) -> str:
    """The keyed seal of the boundary between unkeyed and keyed entries."""
    return audit_mac(f"minzheng-audit-legacy-until:{legacy_until}")


class HashAlgorithm(models.TextChoices):
    SHA256 = "sha256", _("SHA-256（升级前，未加密钥）")
    HMAC_SHA256 = "hmac-sha256", _("HMAC-SHA256（加密钥）")


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    READ = "read", _("查看")
    EXPORT = "export", _("导出")
    TRANSITION = "transition", _("流程流转")
    IMPORT = "import", _("批量导入")
    LOGIN = "login", _("登录")
    SEARCH = "search", _("查询列表")
    VERIFY = "verify", _("校验审计链")
    # Written by the sealer: a pending entry that was deleted or altered before it was
    # sealed. Always a finding of the verification (docs/audit.md).
    TAMPER = "tamper", _("审计记录被篡改")


# What a pending entry's MAC is computed over, apart from its content: never a chain hash.
PENDING_PREFIX = "minzheng-audit-pending:"


class AuditEntry(models.Model):
    # Empty (NULL) while the entry is pending: its place in the chain is given when sealed.
    seq = models.BigIntegerField(_("序号"), unique=True, null=True, blank=True)
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
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # HMAC of the content as written, for an entry written pending (`pending_hash()`);
    # empty for an entry sealed when written. Kept after sealing.
    pending_mac = models.CharField(max_length=64, blank=True, default="")
    algorithm = models.CharField(
        _("哈希算法"),
        max_length=16,
        choices=HashAlgorithm.choices,
        default=HashAlgorithm.HMAC_SHA256,
    )

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["seq"]
        indexes = [
            # The sealer's and the verification's look-up of pending entries.
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="auditentry_pending"
            )
        ]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.actor_username} {self.action} {self.object_type}:{self.object_id}"
        )

    def content(self) -> dict[str, Any]:
        """What the hash covers: every field but `hash` itself (`algorithm` only for keyed
        entries, so that the hashes of unkeyed entries are unchanged)."""
        data = {
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
        if self.algorithm != HashAlgorithm.SHA256:
            data["algorithm"] = self.algorithm
        return data

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        if self.algorithm == HashAlgorithm.SHA256:
            return hashlib.sha256(payload.encode()).hexdigest()
        return audit_mac(payload)

    def pending_hash(self) -> str:
        """The MAC of a pending entry: its content without a place in the chain. The
        sealer recomputes it before it seals (an entry altered while pending is never
        sealed) and the verification checks it for entries not sealed yet."""
        data = {**self.content(), "seq": None, "prev_hash": ""}
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return audit_mac(PENDING_PREFIX + payload)

    @property
    def sealed(self) -> bool:
        return self.seq is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("审计日志只能追加，不能删除")


class AuditChainHead(models.Model):
    """Singleton row: the last sequence number and hash. Whoever seals entries holds its
    row lock (writers take it only when it is free, `core.audit_seal`), so the chain
    stays linear under concurrent writers; it also reveals a cut-off tail.
    The database refuses to delete it or to move it back (triggers)."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # Entries 1..legacy_until were written before the chain was keyed; the seal
    # (`legacy_seal()`) stops anyone without the key from moving that boundary.
    legacy_until = models.BigIntegerField(default=0)
    legacy_seal = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


class AuditVerification(models.Model):
    """One run of the chain verification started from the audit page (who, when, result);
    the page shows the latest. The run itself is also an entry of the chain."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("校验人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entries = models.BigIntegerField(_("校验条数"), default=0)
    checkpoints = models.IntegerField(_("核对检查点数"), default=0)
    problems = models.JSONField(_("发现的问题"), default=list, blank=True)

    class Meta:
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {len(self.problems)}"

    @property
    def ok(self) -> bool:
        return self.finished_at is not None and not self.problems
