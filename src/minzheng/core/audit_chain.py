"""Verifying the audit chain, and anchoring it with signed checkpoints.

`verify_chain` recomputes every keyed hash in order, checks the chain head and the
entries still pending (`audit_seal`);
`chain_verify` adds the checkpoints kept outside the database (`audit_anchor`);
`chain_checkpoint` signs the current end of the chain after checking the entries
written since the previous checkpoint. Design: `models.audit`, docs/audit.md.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from minzheng.core.audit_anchor import (
    Checkpoint,
    FileProblem,
    append_checkpoint,
    last_checkpoint,
    read_checkpoints,
)
from minzheng.core.audit_seal import SEAL_GRACE, seal_pending
from minzheng.core.models import AuditAction, AuditChainHead, AuditEntry, HashAlgorithm
from minzheng.core.models.audit import GENESIS_HASH, legacy_seal


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


@dataclass
class _Walk:
    """Where a walk along the chain has got to."""

    seq: int = 0
    hash: str = GENESIS_HASH
    count: int = 0


@dataclass(frozen=True)
class ChainReport:
    entries: int
    checkpoints: int
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ChainBroken(Exception):
    def __init__(self, problems: list[ChainProblem]) -> None:
        super().__init__("；".join(f"第{p.seq}条：{p.message}" for p in problems[:5]))
        self.problems = problems


def _legacy_until() -> tuple[int, list[ChainProblem]]:
    """How many leading entries may be unkeyed, if the key's seal on that number holds."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.legacy_until == 0:
        return 0, []
    if not hmac.compare_digest(head.legacy_seal, legacy_seal(head.legacy_until)):
        return 0, [ChainProblem(head.legacy_until, "未加密钥记录的边界封印不符：链头被改动")]
    return head.legacy_until, []


def _walk_entries(
    walk: _Walk, legacy_until: int, batch_size: int, *, findings: bool = True
) -> Iterator[ChainProblem]:
    """The sealed entries after `walk`, in order. `findings`: also report the `tamper`
    entries the sealer wrote (a pending entry deleted or altered before it was sealed)."""
    entries = AuditEntry.objects.filter(seq__gt=walk.seq).order_by("seq")
    for entry in entries.iterator(chunk_size=batch_size):
        seq, stored = entry.seq or 0, entry.hash or ""  # never empty once sealed
        if seq != walk.seq + 1:
            yield ChainProblem(seq, f"序号不连续：缺少第{walk.seq + 1}至{seq - 1}条")
        if entry.prev_hash != walk.hash:
            yield ChainProblem(seq, "前序哈希不符：前一条记录被修改或删除")
        if entry.algorithm == HashAlgorithm.SHA256 and seq > legacy_until:
            yield ChainProblem(seq, "本条未加密钥，却位于启用密钥之后：记录被伪造")
        elif not hmac.compare_digest(entry.compute_hash(), stored):
            yield ChainProblem(seq, "内容哈希不符：本条记录被修改")
        if findings and entry.action == AuditAction.TAMPER:
            yield ChainProblem(seq, entry.summary)
        walk.seq, walk.hash, walk.count = seq, stored, walk.count + 1


def _head_problems(walk: _Walk) -> Iterator[ChainProblem]:
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if walk.seq:
            yield ChainProblem(walk.seq, "链头记录缺失：链头被删除")
        return
    if (head.last_seq, head.last_hash) != (walk.seq, walk.hash):
        yield ChainProblem(
            head.last_seq,
            f"链头指向第{head.last_seq}条（哈希{head.last_hash[:12]}），"
            f"实际最后一条为第{walk.seq}条（哈希{walk.hash[:12]}）",
        )


def _pending_problems(batch_size: int) -> Iterator[ChainProblem]:
    """Entries not sealed yet (`core.audit_seal`): their own MAC must hold, and none may
    wait longer than `SEAL_GRACE` (the minute task seals them all)."""
    overdue = timezone.now() - SEAL_GRACE
    pending = AuditEntry.objects.filter(seq__isnull=True).order_by("id")
    for entry in pending.iterator(chunk_size=batch_size):
        at = f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M:%S}"
        if not hmac.compare_digest(entry.pending_hash(), entry.pending_mac):
            yield ChainProblem(0, f"未封存的第{entry.pk}号记录内容哈希不符：记录被修改或伪造")
        elif entry.at < overdue:
            minutes = int(SEAL_GRACE.total_seconds() // 60)
            yield ChainProblem(
                0, f"第{entry.pk}号记录写于{at}，超过{minutes}分钟仍未封入审计链：封存任务未运行"
            )


def _verify_walk(walk: _Walk, batch_size: int) -> Iterator[ChainProblem]:
    legacy_until, problems = _legacy_until()
    yield from problems
    yield from _walk_entries(walk, legacy_until, batch_size)
    yield from _head_problems(walk)
    yield from _pending_problems(batch_size)


def verify_chain(batch_size: int = 5000) -> Iterator[ChainProblem]:
    """Recompute every hash in order; yield each break (edited, missing, cut-off entries,
    a forged or rewound chain head). Checkpoints: `chain_verify`."""
    yield from _verify_walk(_Walk(), batch_size)


def _stored_hashes(seqs: list[int]) -> dict[int, str]:
    stored: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        rows = AuditEntry.objects.filter(seq__in=seqs[start : start + 500])
        stored.update((seq or 0, found or "") for seq, found in rows.values_list("seq", "hash"))
    return stored


def _when(cp: Checkpoint) -> str:
    at = parse_datetime(cp.at)
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else cp.at


def verify_checkpoints(last_seq: int) -> tuple[int, list[ChainProblem]]:
    """Each genuine checkpoint's entry must still be in the database with the same hash,
    and the chain must not end before the last checkpoint."""
    good: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    for item in read_checkpoints():
        if isinstance(item, FileProblem):
            problems.append(ChainProblem(0, f"检查点文件第{item.line}行：{item.message}"))
        else:
            good.append(item)
    stored = _stored_hashes([cp.seq for cp in good])
    for cp in good:
        found = stored.get(cp.seq)
        if found is None:
            message = f"{_when(cp)}的检查点所记的本条已不在数据库中：日志被截断或删除"
            problems.append(ChainProblem(cp.seq, message))
        elif not hmac.compare_digest(found, cp.hash):
            message = f"哈希与{_when(cp)}的检查点不符：日志被改写"
            problems.append(ChainProblem(cp.seq, message))
    if good and last_seq < good[-1].seq:
        message = f"日志只到第{last_seq}条，落后于最近的检查点：日志尾部被删除"
        problems.append(ChainProblem(good[-1].seq, message))
    return len(good), problems


def chain_verify(batch_size: int = 5000) -> ChainReport:
    """The whole verification: the chain in the database and every checkpoint outside it."""
    walk = _Walk()
    problems = list(_verify_walk(walk, batch_size))
    checked, anchor_problems = verify_checkpoints(walk.seq)
    return ChainReport(
        entries=walk.count, checkpoints=checked, problems=problems + anchor_problems
    )


def chain_checkpoint(batch_size: int = 5000) -> Checkpoint | None:
    """Sign the end of the chain, after sealing what is pending and checking every entry
    since the last checkpoint (a broken chain is never signed: `ChainBroken`; a `tamper`
    entry is not a break, and signing it keeps the finding). None when nothing was
    appended."""
    seal_pending(durable=True)
    last = last_checkpoint()
    walk = _Walk()
    if last is not None:
        if _stored_hashes([last.seq]).get(last.seq) != last.hash:
            raise ChainBroken([ChainProblem(last.seq, "数据库与最近的检查点不符")])
        walk = _Walk(seq=last.seq, hash=last.hash)
    legacy_until, problems = _legacy_until()
    problems += list(_walk_entries(walk, legacy_until, batch_size, findings=False))
    if problems:
        raise ChainBroken(problems)
    if (last is not None and walk.seq == last.seq) or walk.seq == 0:
        return None
    return append_checkpoint(seq=walk.seq, hash=walk.hash, prev=last)
