"""Pending audit entries and their sealing (issue 9: 50 users queued on the chain head).

A writer that finds the chain head held by another transaction writes its entry pending
(no place in the chain, its own keyed MAC) and the entry is sealed after its commit
(core/audit_seal.py, docs/audit.md "Sealing"). The tamper guarantees of the sealed chain
(test_audit.py, test_audit_anchor.py) must hold for pending entries too: an edited,
forged, deleted or forgotten pending entry is a finding."""

import datetime as dt
import re
import threading
import time

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from minzheng.core import audit_chain, audit_seal
from minzheng.core.audit import Entry, audit_record, audit_record_many
from minzheng.core.audit_chain import chain_checkpoint, chain_verify, verify_chain
from minzheng.core.models import AuditAction, AuditChainHead, AuditEntry
from minzheng.core.tasks import audit_seal_minutely
from tests.core.audit_attacks import drop_guards, sql
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ALTERED = "未封存的第{}号记录内容哈希不符：记录被修改或伪造"


def _append(summary):
    return audit_record(
        actor=None, action=AuditAction.IMPORT, object_type="core.person", summary=summary
    )


def _append_pending(monkeypatch, summary, hooks):
    """An append while another transaction holds the chain head (the head look-up
    answers as `SELECT … FOR UPDATE SKIP LOCKED` does then). Its commit hook is
    captured, to be run by the test when it chooses."""
    with monkeypatch.context() as m:
        m.setattr(audit_seal, "_take_head", lambda: None)
        with hooks():
            entry = _append(summary)
    return entry


def _problems():
    return [(p.seq, p.message) for p in verify_chain()]


def _chain():
    rows = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    return list(rows.values_list("seq", "summary"))


def test_an_entry_is_sealed_when_written_if_the_head_is_free():
    entry = _append("一")
    assert (entry.seq, entry.pending_mac) == (1, "")
    assert AuditChainHead.objects.get().last_seq == 1


def test_a_pending_entry_verifies_and_is_sealed_after_its_writers_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    _append("一")
    pending = _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    stored = AuditEntry.objects.get(pk=pending.pk)
    assert (stored.seq, stored.hash, stored.prev_hash) == (None, None, "")
    assert stored.pending_mac == stored.pending_hash() != ""
    assert _problems() == []  # pending and young: not a finding
    assert chain_verify().entries == 1

    audit_seal.seal_pending()  # what the captured commit hook does
    stored.refresh_from_db()
    assert stored.seq == 2 and stored.prev_hash == AuditEntry.objects.get(seq=1).hash
    assert stored.hash == stored.compute_hash()
    assert AuditChainHead.objects.get().last_hash == stored.hash
    assert _problems() == []
    call_command("audit_verify")


def test_the_writers_commit_hook_seals_its_entry(monkeypatch, django_capture_on_commit_callbacks):
    with monkeypatch.context() as m:
        m.setattr(audit_seal, "_take_head", lambda: None)
        with django_capture_on_commit_callbacks() as hooks:
            pending = _append("一")
    assert len(hooks) == 1
    hooks[0]()
    pending.refresh_from_db()
    assert pending.seq == 1 and _problems() == []


def test_the_next_writer_seals_the_backlog_before_its_own_entry(
    monkeypatch, django_capture_on_commit_callbacks
):
    _append("一")
    _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    _append_pending(monkeypatch, "三", django_capture_on_commit_callbacks)
    last = _append("四")
    assert last.seq == 4
    assert _chain() == [(1, "一"), (2, "二"), (3, "三"), (4, "四")]
    assert _problems() == []


def test_a_batch_written_pending_is_sealed_in_order(
    monkeypatch, django_capture_on_commit_callbacks, users
):
    people = [PersonFactory() for _ in range(3)]
    with monkeypatch.context() as m:
        m.setattr(audit_seal, "_take_head", lambda: None)
        with django_capture_on_commit_callbacks():
            audit_record_many(
                actor=users["caseworker"],
                entries=[Entry(AuditAction.CREATE, p, f"登记{i}") for i, p in enumerate(people)],
            )
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 3
    audit_seal_minutely.call_local()  # the minute task
    assert _chain() == [(1, "登记0"), (2, "登记1"), (3, "登记2")]
    assert _problems() == []


def test_the_checkpoint_seals_what_is_pending_first(
    monkeypatch, django_capture_on_commit_callbacks
):
    _append("一")
    _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    checkpoint = chain_checkpoint()
    assert checkpoint is not None and checkpoint.seq == 2


# Attacks on a pending entry.


def test_an_edited_pending_entry_is_detected_and_never_sealed(
    monkeypatch, django_capture_on_commit_callbacks
):
    _append("一")
    pending = _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    drop_guards()
    sql("UPDATE core_auditentry SET summary = '篡改' WHERE id = %s", [pending.pk])
    assert _problems() == [(0, ALTERED.format(pending.pk))]

    audit_seal.seal_pending()
    audit_seal.seal_pending()  # reported once, not on every run
    assert AuditEntry.objects.get(pk=pending.pk).seq is None
    finding = AuditEntry.objects.get(action="tamper")
    assert (finding.seq, finding.object_id) == (2, str(pending.pk))
    assert f"第{pending.pk}号审计记录" in finding.summary
    assert finding.summary.endswith("在封存前被改动，未封入审计链")
    assert _problems() == [(2, finding.summary), (0, ALTERED.format(pending.pk))]


def test_a_forged_pending_entry_is_detected(monkeypatch):
    """Inserted by hand without the key: its MAC cannot be right."""
    _append("一")
    entry = AuditEntry(
        at=dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC),
        actor_username="wang_caseworker",
        action="read",
        object_type="core.person",
        object_id="1",
        summary="伪造",
        pending_mac="a" * 64,
    )
    entry.save()
    assert _problems() == [(0, ALTERED.format(entry.pk))]
    audit_seal.seal_pending()
    assert AuditEntry.objects.get(pk=entry.pk).seq is None
    assert [seq for seq, _ in _problems()] == [2, 0]


def test_a_pending_entry_deleted_before_it_was_sealed_is_recorded_by_its_writer(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The guards dropped and the entry deleted between its writer's commit and the
    seal: the writer's commit hook does not find it and records that in the chain."""
    _append("一")
    with monkeypatch.context() as m:
        m.setattr(audit_seal, "_take_head", lambda: None)
        with django_capture_on_commit_callbacks() as hooks:
            pending = _append("二")
    drop_guards()
    sql("DELETE FROM core_auditentry WHERE id = %s", [pending.pk])
    hooks[0]()
    finding = AuditEntry.objects.get(action="tamper")
    assert finding.object_id == str(pending.pk)
    assert finding.summary.endswith("提交后、封入审计链前被删除")
    assert _problems() == [(2, finding.summary)]
    assert not audit_seal._awaiting


def test_a_finding_does_not_stop_the_checkpoints_and_is_signed_with_the_chain(
    monkeypatch, django_capture_on_commit_callbacks
):
    """A `tamper` entry is evidence, not a break: signing it means it cannot be removed
    later without disagreeing with the checkpoint."""
    _append("一")
    pending = _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    drop_guards()
    sql("UPDATE core_auditentry SET summary = '篡改' WHERE id = %s", [pending.pk])
    checkpoint = chain_checkpoint()
    assert checkpoint is not None and checkpoint.seq == 2
    assert checkpoint.hash == AuditEntry.objects.get(action="tamper").hash


def test_a_pending_entry_left_unsealed_too_long_is_a_finding(
    monkeypatch, django_capture_on_commit_callbacks
):
    pending = _append_pending(monkeypatch, "一", django_capture_on_commit_callbacks)
    monkeypatch.setattr(audit_chain, "SEAL_GRACE", dt.timedelta(0))
    [(seq, message)] = _problems()
    assert seq == 0 and message.startswith(f"第{pending.pk}号记录写于")
    assert message.endswith("超过0分钟仍未封入审计链：封存任务未运行")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditentry SET summary = 'x' WHERE seq IS NULL",
        "DELETE FROM core_auditentry WHERE seq IS NULL",
        # sealed, but with the content changed in the same statement
        "UPDATE core_auditentry SET seq = 9, hash = 'f', summary = 'x' WHERE seq IS NULL",
        "UPDATE core_auditentry SET seq = 9, hash = 'f', pending_mac = 'x' WHERE seq IS NULL",
        # a sealed entry re-sealed elsewhere in the chain
        "UPDATE core_auditentry SET seq = 9, prev_hash = '', hash = 'f' WHERE seq = 1",
        # sealing half (no hash)
        "UPDATE core_auditentry SET seq = 9 WHERE seq IS NULL",
    ],
)
def test_the_database_allows_a_pending_entry_only_to_be_sealed(
    monkeypatch, django_capture_on_commit_callbacks, statement
):
    _append("一")
    _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    with pytest.raises(DatabaseError), transaction.atomic():
        sql(statement)
    audit_seal.seal_pending()  # the one change allowed
    assert _chain() == [(1, "一"), (2, "二")]
    assert _problems() == []


@pytest.mark.postgres_only  # SQLite serialises whole transactions: no concurrent writers
@pytest.mark.django_db(transaction=True)
def test_an_open_transaction_holding_the_head_does_not_block_another_append():
    """Issue 9: with the head locked until commit, every audited request queued behind
    every other's transaction. Now the second append returns while the first
    transaction is still open, pending; the first's commit seals it."""
    AuditChainHead.objects.get_or_create(pk=1)  # as in any database with a trail
    holding, release, done = threading.Event(), threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                done["first"] = _append("事务中").seq
                holding.set()
                release.wait(20)
        finally:
            connection.close()

    def second() -> None:
        holding.wait(20)
        try:
            started = time.monotonic()
            entry = _append("另一请求")
            done["second"] = (entry.seq, time.monotonic() - started, release.is_set())
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    threads[1].join(30)
    release.set()
    threads[0].join(30)
    seq, seconds, first_was_released = done["second"]
    assert (done["first"], seq, first_was_released) == (1, None, False)
    assert seconds < 5
    # the first transaction's commit hook sealed the second entry after its own
    assert _chain() == [(1, "事务中"), (2, "另一请求")]
    assert _problems() == []


def test_the_audit_page_lists_a_pending_entry_first_without_a_number(
    monkeypatch, django_capture_on_commit_callbacks, users
):
    from django.test import Client

    client = Client()
    client.force_login(users["auditor"])  # its log-in entry first
    _append("一")
    _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    with monkeypatch.context() as m, django_capture_on_commit_callbacks():
        m.setattr(audit_seal, "_take_head", lambda: None)  # the head still taken
        html = client.get("/audit/").content.decode()
    rows = re.findall(r"<tr><td>(.*?)</td>.*?</tr>", html.split("<tbody>")[1], re.S)
    summaries = re.findall(r"<td>([一二])</td></tr>", html)
    assert summaries == ["二", "一"]
    assert rows == ["待封存", "2", "1"]  # 二, 一, the log-in: pending first


def test_the_audit_api_lists_a_pending_entry_without_a_number(
    monkeypatch, django_capture_on_commit_callbacks, users
):
    from django.test import Client

    client = Client()
    client.force_login(users["auditor"])
    _append("一")
    _append_pending(monkeypatch, "二", django_capture_on_commit_callbacks)
    with monkeypatch.context() as m, django_capture_on_commit_callbacks():
        m.setattr(audit_seal, "_take_head", lambda: None)
        body = client.get("/api/v1/core/audit").json()
    assert [(e["seq"], e["summary"]) for e in body["items"]][:2] == [(None, "二"), (2, "一")]
