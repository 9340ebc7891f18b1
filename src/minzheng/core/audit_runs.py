"""Verification of the audit chain started by an auditor from the audit page.

Each run is a row (who, when, result) shown on the page, and an entry in the chain.
A chain of up to `INLINE_LIMIT` entries is verified within the request (~120 µs an
entry on a loaded 2-core machine, bench/bench_audit.py: a few seconds at most); a
longer one by the task queue, the page showing the run as in progress.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from minzheng.core.audit import audit_record
from minzheng.core.audit_chain import ChainProblem, chain_verify
from minzheng.core.context import RequestContext, acting_from
from minzheng.core.models import AuditAction, AuditChainHead, AuditVerification, User

INLINE_LIMIT = 50_000


def verification_start(*, actor: User) -> AuditVerification:
    with transaction.atomic():
        run = AuditVerification.objects.create(started_at=timezone.now(), started_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.VERIFY,
            obj=run,
            area_code="",
            summary="校验审计链（含库外检查点）",
        )
    length = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    if (length or 0) <= INLINE_LIMIT:
        verification_finish(run.pk)
        run.refresh_from_db()
    else:
        verification_in_background(run.pk)
    return run


def verification_finish(run_id: int) -> None:
    report = chain_verify()
    AuditVerification.objects.filter(pk=run_id).update(
        finished_at=timezone.now(),
        entries=report.entries,
        checkpoints=report.checkpoints,
        problems=_listed(report.problems),
    )


def _listed(problems: list[ChainProblem], limit: int = 200) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = [{"seq": p.seq, "message": p.message} for p in problems]
    if len(listed) > limit:
        rest = len(listed) - limit
        listed = [*listed[:limit], {"seq": 0, "message": f"另有{rest}处问题未列出"}]
    return listed


@db_task()
def verification_in_background(run_id: int) -> None:
    with acting_from(RequestContext(channel="task")):
        verification_finish(run_id)


def verification_latest() -> AuditVerification | None:
    return AuditVerification.objects.select_related("started_by").first()
