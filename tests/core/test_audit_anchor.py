"""Signed checkpoints outside the database (issue 7 item 5): a rewound, truncated or
rewritten chain disagrees with them, and a forged or edited checkpoint is refused."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from minzheng.core.audit import audit_record
from minzheng.core.audit_anchor import anchor_path, append_checkpoint, last_checkpoint
from minzheng.core.audit_chain import ChainBroken, chain_checkpoint, chain_verify, verify_chain
from minzheng.core.models import AuditAction, AuditEntry
from minzheng.core.tasks import audit_checkpoint_hourly
from tests.core.audit_attacks import drop_guards, rewrite_from, sql

pytestmark = pytest.mark.django_db


def _append(n):
    for i in range(n):
        audit_record(
            actor=None, action=AuditAction.IMPORT, object_type="core.person", summary=f"{i}"
        )


def _lines():
    return [json.loads(line) for line in anchor_path().read_text().splitlines()]


def _problems():
    return [(p.seq, p.message) for p in chain_verify().problems]


def test_a_checkpoint_signs_the_end_of_the_chain_in_a_file():
    _append(3)
    call_command("audit_checkpoint")
    _append(2)
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")  # nothing new: no line
    lines = _lines()
    assert [line["seq"] for line in lines] == [3, 5]
    assert lines[1]["hash"] == AuditEntry.objects.get(seq=5).hash
    assert lines[1]["prev"] == lines[0]["mac"] and lines[0]["prev"] == ""
    report = chain_verify()
    assert (report.ok, report.entries, report.checkpoints) == (True, 5, 2)
    call_command("audit_verify")


def test_the_hourly_task_writes_a_checkpoint():
    _append(2)
    audit_checkpoint_hourly.call_local()
    assert [line["seq"] for line in _lines()] == [2]


def test_a_broken_chain_is_never_signed():
    _append(3)
    call_command("audit_checkpoint")
    _append(2)
    drop_guards()
    sql("UPDATE core_auditentry SET summary = '篡改' WHERE seq = 4")
    with pytest.raises(ChainBroken):
        chain_checkpoint()
    with pytest.raises(CommandError, match="不写检查点"):
        call_command("audit_checkpoint")
    assert audit_checkpoint_hourly.call_local() is None
    assert [line["seq"] for line in _lines()] == [3]


def test_a_deleted_tail_with_the_head_moved_back_is_detected():
    """(a) Issue 7: on SQLite, deleting the tail and moving the unprotected head back
    passed verification. The guards now refuse it; with them dropped, the chain in the
    database is consistent again, but the checkpoint outside it is not."""
    _append(5)
    call_command("audit_checkpoint")
    drop_guards()
    sql("DELETE FROM core_auditentry WHERE seq > 3")
    last = AuditEntry.objects.get(seq=3)
    sql("UPDATE core_auditchainhead SET last_seq = 3, last_hash = %s", [last.hash])
    assert list(verify_chain()) == []  # what the old verification saw
    assert _problems() == [
        (5, next(m for s, m in _problems() if s == 5 and "已不在数据库中" in m)),
        (5, "日志只到第3条，落后于最近的检查点：日志尾部被删除"),
    ]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_deleted_tail_is_detected_by_the_checkpoint():
    """(d) Entries and head gone after a checkpoint (e.g. tables emptied)."""
    _append(3)
    call_command("audit_checkpoint")
    drop_guards()
    sql("DELETE FROM core_auditentry")
    sql("DELETE FROM core_auditchainhead")
    assert (3, "日志只到第0条，落后于最近的检查点：日志尾部被删除") in _problems()


def test_a_chain_rewritten_without_the_key_disagrees_with_the_checkpoint(settings):
    """Even a rewrite that the keyed chain itself could not catch (here: verified with the
    intruder's key) disagrees with the hash the checkpoint signed."""
    _append(4)
    call_command("audit_checkpoint")
    drop_guards()
    rewrite_from(2, "篡改", mark_unkeyed=False)
    assert any(seq == 4 and "与" in m and "检查点不符" in m for seq, m in _problems())


def _rewrite_file(change):
    lines = _lines()
    change(lines)
    anchor_path().write_text("".join(json.dumps(line) + "\n" for line in lines))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda ls: ls[0].update(seq=1), "检查点签名不符：文件被改动或伪造"),
        (lambda ls: ls[1].update(hash="a" * 64), "检查点签名不符：文件被改动或伪造"),
        (lambda ls: ls[1].update(mac="b" * 64), "检查点签名不符：文件被改动或伪造"),
        (lambda ls: ls.pop(0), "检查点前后不相连：文件中的检查点被删除或调换"),
        (lambda ls: ls.reverse(), "检查点前后不相连：文件中的检查点被删除或调换"),
        (lambda ls: ls[0].pop("mac"), "检查点文件格式错误：文件被改动"),
    ],
    ids=["seq", "hash", "mac", "dropped", "reordered", "malformed"],
)
def test_an_edited_checkpoint_file_is_detected(change, message):
    """(g)"""
    _append(2)
    call_command("audit_checkpoint")
    _append(2)
    call_command("audit_checkpoint")
    _rewrite_file(change)
    assert any(seq == 0 and message in m for seq, m in _problems())


def test_a_checkpoint_forged_with_another_key_is_detected(settings):
    """(g) A line appended by someone who does not hold the key, vouching for a
    rewritten entry."""
    _append(3)
    call_command("audit_checkpoint")
    real_key, genuine = settings.AUDIT_KEY, last_checkpoint()
    settings.AUDIT_KEY = "the-intruders-own-key"
    append_checkpoint(seq=3, hash="f" * 64, prev=genuine)
    settings.AUDIT_KEY = real_key
    assert _problems() == [(0, "检查点文件第2行：检查点签名不符：文件被改动或伪造")]


def _settings_import(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINZHENG_")}
    code = "import minzheng.settings as s; print(s.AUDIT_KEY)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "MINZHENG_SECRET_KEY": "s" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_an_audit_key():
    result = _settings_import({})
    assert result.returncode != 0 and "MINZHENG_AUDIT_KEY" in result.stderr


def test_the_audit_key_comes_from_the_environment_or_a_file(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("key-from-file\n")
    assert _settings_import({"MINZHENG_AUDIT_KEY": "k1"}).stdout.strip() == "k1"
    from_file = _settings_import({"MINZHENG_AUDIT_KEY_FILE": str(key_file)})
    assert from_file.stdout.strip() == "key-from-file"
