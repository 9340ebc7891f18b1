"""The audit trail is append-only and tamper-evident: a keyed hash chain (HMAC-SHA256,
key outside the database) checked by `minzheng audit_verify` (issue 7 item 5, issue 18)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from minzheng.core.audit import Entry, audit_record, audit_record_many
from minzheng.core.audit_chain import verify_chain
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.models import AuditAction, AuditChainHead, AuditEntry
from minzheng.core.models.audit import legacy_seal
from tests.core.audit_attacks import drop_guards, plain_sha256, rewrite_from, sql
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
EDITED = "内容哈希不符：本条记录被修改"
UNKEYED = "本条未加密钥，却位于启用密钥之后：记录被伪造"


def _entries(n=3):
    return [
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="core.person",
            summary=f"导入{i}",
            after={"n": i},
        )
        for i in range(n)
    ]


def _problems():
    return [(p.seq, p.message) for p in verify_chain()]


def test_entries_form_a_keyed_chain():
    first, second, third = _entries()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert {e.algorithm for e in (first, second, third)} == {"hmac-sha256"}
    assert first.hash != plain_sha256(first, keep_algorithm_field=True)
    assert _problems() == []
    call_command("audit_verify")


def test_without_the_key_no_entry_verifies(settings):
    _entries()
    settings.AUDIT_KEY = "a-key-the-intruder-guessed"
    assert [seq for seq, message in _problems() if message == EDITED] == [1, 2, 3]


def test_the_orm_refuses_to_change_or_delete_an_entry():
    entry, *_ = _entries()
    entry.summary = "改过"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditentry SET summary = 'x' WHERE seq = 2",
        "DELETE FROM core_auditentry WHERE seq = 3",
        "DELETE FROM core_auditentry",
        "UPDATE core_auditchainhead SET last_seq = 2",
        "UPDATE core_auditchainhead SET last_hash = 'f'",
        "UPDATE core_auditchainhead SET legacy_until = 3",
        "DELETE FROM core_auditchainhead",
    ],
)
def test_the_database_refuses_to_change_the_trail_or_move_the_head_back(statement):
    """(f) Both engines: entries are never updated or deleted, the head only moves on."""
    _entries()
    with pytest.raises(DatabaseError), transaction.atomic():
        sql(statement)
    assert AuditEntry.objects.count() == 3
    assert AuditChainHead.objects.get().last_seq == 3


@pytest.mark.postgres_only
def test_postgresql_refuses_delete_and_update_of_entries():
    """(f) On PostgreSQL specifically (row triggers of 0002 and 0004)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    _entries()
    for statement in (
        "DELETE FROM core_auditentry WHERE seq = 1",
        "UPDATE core_auditentry SET ip='x'",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            sql(statement)


def test_sqlite_refuses_delete_of_entries():
    """(f) Before issue 7 SQLite refused UPDATE only."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite behaviour")
    _entries()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("DELETE FROM core_auditentry WHERE seq = 3")


def test_an_edited_entry_is_detected():
    _entries()
    drop_guards()
    sql("UPDATE core_auditentry SET summary = '篡改' WHERE seq = 2")
    assert _problems() == [(2, EDITED)]
    with pytest.raises(CommandError, match="发现1处问题"):
        call_command("audit_verify")


# (e) Every field the hash covers, tampered one at a time (issue 18 mutant 3: the hash
# leaving out the actor's username survived because only `summary` was ever tampered).
TAMPERED = {
    "at": dt.datetime(2020, 1, 1, 8, 0, tzinfo=dt.UTC),
    "actor_id": 999,
    "actor_username": "someone_else",
    "ip": "10.9.9.9",
    "channel": "api",
    "action": "delete",
    "object_type": "core.household",
    "object_id": "77",
    "area_code": "320399",
    "summary": "篡改",
    "before": {"x": 1},
    "after": {"n": 99},
}


def test_the_tamper_cases_cover_every_hashed_field():
    entry, *_ = _entries()
    assert set(TAMPERED) | {"seq", "prev_hash", "algorithm"} == set(entry.content())


@pytest.mark.parametrize("field", sorted(TAMPERED))
def test_tampering_with_any_hashed_field_is_detected(field):
    _entries()
    drop_guards()
    AuditEntry.objects.filter(seq=2).update(**{field: TAMPERED[field]})
    assert (2, EDITED) in _problems()


def test_a_renumbered_entry_is_detected():
    _entries()
    drop_guards()
    AuditEntry.objects.filter(seq=3).update(seq=30)
    assert (30, EDITED) in _problems()


def test_a_changed_link_to_the_previous_entry_is_detected():
    _entries()
    drop_guards()
    AuditEntry.objects.filter(seq=2).update(prev_hash="f" * 64)
    assert (2, EDITED) in _problems()
    assert (2, "前序哈希不符：前一条记录被修改或删除") in _problems()


def test_an_entry_passed_off_as_unkeyed_is_detected():
    _entries()
    drop_guards()
    AuditEntry.objects.filter(seq=2).update(algorithm="sha256")
    assert (2, UNKEYED) in _problems()


@pytest.mark.parametrize("mark_unkeyed", [False, True], ids=["keyed-label", "unkeyed-label"])
def test_an_edit_with_every_later_hash_recomputed_without_the_key_is_detected(mark_unkeyed):
    """(b) Issue 7: the trigger dropped, entry 2 edited, entries 2..4 re-hashed with plain
    SHA-256 and the head moved along: the unkeyed chain passed verification."""
    _entries(4)
    drop_guards()
    rewrite_from(2, "篡改", mark_unkeyed=mark_unkeyed)
    expected = UNKEYED if mark_unkeyed else EDITED
    assert [seq for seq, message in _problems() if message == expected] == [2, 3, 4]


def test_a_removed_entry_is_detected():
    _entries()
    drop_guards()
    sql("DELETE FROM core_auditentry WHERE seq = 2")
    messages = [message for _, message in _problems()]
    assert "序号不连续：缺少第2至2条" in messages
    assert "前序哈希不符：前一条记录被修改或删除" in messages


def test_a_cut_off_tail_is_detected():
    """(d) The last entry deleted, the head left alone."""
    _entries()
    drop_guards()
    sql("DELETE FROM core_auditentry WHERE seq = 3")
    assert [seq for seq, _ in _problems()] == [3]


def test_a_forged_chain_head_is_detected():
    """(c) Same sequence number, another hash (issue 18 mutant 4: a head check comparing
    the sequence number only)."""
    _entries()
    drop_guards()
    sql("UPDATE core_auditchainhead SET last_hash = %s", ["e" * 64])
    assert [seq for seq, _ in _problems()] == [3]
    assert "链头指向第3条（哈希eeeeeeeeeeee）" in _problems()[0][1]


def test_a_chain_head_moved_forward_past_the_last_entry_is_detected():
    """The guards let the head move forward (every append does), so anyone who can write
    to the database can move it on with the real last hash kept: it then claims entries
    that do not exist, and the next append leaves a gap that looks like a deletion
    (issue 18 mutant 4, other half: a head check comparing the hash only)."""
    _entries()
    sql("UPDATE core_auditchainhead SET last_seq = 10")
    problems = _problems()
    assert [seq for seq, _ in problems] == [10]
    assert "链头指向第10条" in problems[0][1] and "实际最后一条为第3条" in problems[0][1]


def test_a_deleted_chain_head_is_detected():
    _entries()
    drop_guards()
    sql("DELETE FROM core_auditchainhead")
    assert _problems() == [(3, "链头记录缺失：链头被删除")]


def test_entries_record_the_request_context(users):
    with acting_from(RequestContext(ip="10.1.2.3", channel="web")):
        entry = audit_record(
            actor=users["caseworker"],
            action=AuditAction.READ,
            object_type="core.person",
            object_id="1",
        )
    assert (entry.ip, entry.channel, entry.actor_username) == (
        "10.1.2.3",
        "web",
        "wang_caseworker",
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_batch_is_chained_like_single_appends(users):
    audit_record(actor=None, action=AuditAction.IMPORT, object_type="core.person", summary="前")
    people = [PersonFactory() for _ in range(3)]
    written = audit_record_many(
        actor=users["caseworker"],
        entries=[Entry(AuditAction.CREATE, p, f"登记 {p.name}", {"name": p.name}) for p in people],
    )
    audit_record(actor=None, action=AuditAction.IMPORT, object_type="core.person", summary="后")
    assert written == 3
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert _problems() == []


# Entries written before the chain was keyed (migration 0004) keep plain SHA-256.


def _legacy_chain(n=2, sealed_until=2):
    """Entries 1..n hashed as before issue 7, and the head as the migration leaves it."""
    prev = "0" * 64
    for i in range(1, n + 1):
        entry = AuditEntry(
            seq=i,
            at=dt.datetime(2026, 1, i, tzinfo=dt.UTC),
            actor_username="system",
            action="import",
            object_type="core.person",
            summary=f"旧{i}",
            prev_hash=prev,
            algorithm="sha256",
        )
        entry.hash = plain_sha256(entry, keep_algorithm_field=False)
        entry.save()
        prev = entry.hash
    AuditChainHead.objects.create(
        pk=1,
        last_seq=n,
        last_hash=prev,
        legacy_until=sealed_until,
        legacy_seal=legacy_seal(sealed_until),
    )


def test_unkeyed_entries_from_before_the_upgrade_still_verify():
    _legacy_chain()
    _entries(2)
    assert list(AuditEntry.objects.values_list("algorithm", flat=True)) == [
        "sha256",
        "sha256",
        "hmac-sha256",
        "hmac-sha256",
    ]
    assert _problems() == []


def test_an_edited_unkeyed_entry_breaks_the_first_keyed_entry():
    """The first keyed entry's HMAC covers the last unkeyed hash, so re-hashing the old
    entries with SHA-256 does not help the intruder."""
    _legacy_chain()
    _entries(1)
    drop_guards()
    first = AuditEntry.objects.get(seq=1)
    first.summary = "篡改"
    new_first = plain_sha256(first, keep_algorithm_field=False)
    sql("UPDATE core_auditentry SET summary='篡改', hash=%s WHERE seq=1", [new_first])
    second = AuditEntry.objects.get(seq=2)
    second.prev_hash = new_first
    new_second = plain_sha256(second, keep_algorithm_field=False)
    sql("UPDATE core_auditentry SET prev_hash=%s, hash=%s WHERE seq=2", [new_first, new_second])
    assert _problems() == [(3, "前序哈希不符：前一条记录被修改或删除")]


def test_moving_the_unkeyed_boundary_without_the_key_is_detected():
    _legacy_chain()
    _entries(1)
    drop_guards()
    sql("UPDATE core_auditchainhead SET legacy_until = 3")
    assert (3, "未加密钥记录的边界封印不符：链头被改动") in _problems()
