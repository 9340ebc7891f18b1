"""The audit trail is append-only and tamper-evident (hash chain, `minzheng audit_verify`)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from minzheng.core.audit import Entry, audit_record, audit_record_many, verify_chain
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.models import AuditAction, AuditEntry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _three_entries():
    return [
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="core.person",
            summary=f"导入{i}",
            after={"n": i},
        )
        for i in range(3)
    ]


def test_entries_form_a_chain():
    first, second, third = _three_entries()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert list(verify_chain()) == []
    call_command("audit_verify")


def test_the_orm_refuses_to_change_or_delete_an_entry():
    entry, *_ = _three_entries()
    entry.summary = "改过"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_database_refuses_an_update():
    _three_entries()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET summary = 'x' WHERE seq = 2")


def _bypass_trigger_and(sql: str) -> None:
    """Simulate an intruder with DDL rights who drops the protection first."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        else:
            cur.execute("DROP TRIGGER core_auditentry_append_only")
        cur.execute(sql)


def test_an_edited_entry_is_detected():
    _three_entries()
    _bypass_trigger_and("UPDATE core_auditentry SET summary = '篡改' WHERE seq = 2")
    problems = list(verify_chain())
    assert [(p.seq, p.message) for p in problems] == [(2, "内容哈希不符：本条记录被修改")]
    with pytest.raises(CommandError, match="发现1处问题"):
        call_command("audit_verify")


def test_a_removed_entry_is_detected():
    _three_entries()
    _bypass_trigger_and("DELETE FROM core_auditentry WHERE seq = 2")
    messages = [p.message for p in verify_chain()]
    assert "序号不连续：缺少第2至2条" in messages
    assert "前序哈希不符：前一条记录被修改或删除" in messages


def test_a_cut_off_tail_is_detected():
    _three_entries()
    _bypass_trigger_and("DELETE FROM core_auditentry WHERE seq = 3")
    assert [p.seq for p in verify_chain()] == [3]


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
    assert list(verify_chain()) == []
