"""Signed checkpoints of the audit chain, kept outside the database.

Every checkpoint records the chain's sequence number and hash at a moment, signed
with the audit key (HMAC over sequence, hash, time and the previous checkpoint's
signature, so lines cannot be dropped from the middle or reordered unnoticed). It is
appended as one JSON line to `settings.AUDIT_ANCHOR_DIR/checkpoints.jsonl`. Whoever
rewinds or truncates the database afterwards cannot make it agree with the file, and
without the key cannot forge a line. The operator ships the file off the server
(append-only storage, log collector): see docs/audit.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from minzheng.core.models.audit import audit_mac

FILE_NAME = "checkpoints.jsonl"
_FIELDS = ("seq", "hash", "at", "prev", "mac")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # ISO 8601, UTC
    prev: str  # the previous checkpoint's `mac`, "" for the first
    mac: str = ""

    def expected_mac(self) -> str:
        return audit_mac(f"minzheng-audit-checkpoint:{self.seq}|{self.hash}|{self.at}|{self.prev}")

    def line(self) -> str:
        data = {f: getattr(self, f) for f in _FIELDS}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class FileProblem:
    line: int
    message: str


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / FILE_NAME


def _parse(raw: str) -> Checkpoint | None:
    try:
        data = json.loads(raw)
        return Checkpoint(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            at=str(data["at"]),
            prev=str(data["prev"]),
            mac=str(data["mac"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def read_checkpoints() -> Iterator[Checkpoint | FileProblem]:
    """Every checkpoint of the file in order, or a problem for a line that is not a
    genuine checkpoint (malformed, bad signature, out of order, chain of lines broken)."""
    path = anchor_path()
    if not path.exists():
        return
    prev_mac, prev_seq = "", 0
    with path.open(encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            cp = _parse(raw)
            if cp is None:
                yield FileProblem(number, "检查点文件格式错误：文件被改动")
                continue
            if cp.mac != cp.expected_mac():
                yield FileProblem(number, "检查点签名不符：文件被改动或伪造")
                continue
            if cp.prev != prev_mac or cp.seq < prev_seq:
                yield FileProblem(number, "检查点前后不相连：文件中的检查点被删除或调换")
            prev_mac, prev_seq = cp.mac, cp.seq
            yield cp


def last_checkpoint() -> Checkpoint | None:
    last = None
    for item in read_checkpoints():
        if isinstance(item, Checkpoint):
            last = item
    return last


def append_checkpoint(*, seq: int, hash: str, prev: Checkpoint | None) -> Checkpoint:
    """Append one signed line; the file is opened append-only and synced to disk."""
    at = timezone.now().astimezone(dt.UTC).isoformat()
    cp = Checkpoint(seq=seq, hash=hash, at=at, prev=prev.mac if prev else "")
    cp = Checkpoint(seq=cp.seq, hash=cp.hash, at=cp.at, prev=cp.prev, mac=cp.expected_mac())
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (cp.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return cp
