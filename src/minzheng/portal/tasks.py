"""Notifications through the task queue (huey): each is tried right after the commit
that wrote it; a sweep every minute tries those whose retry is due (and any whose first
try was lost, e.g. the queue was down)."""

from __future__ import annotations

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from minzheng.core.public import NoticeEvent
from minzheng.portal.models import NotificationStatus
from minzheng.portal.notify import deliver_due, notice_received, notification_deliver


@db_task()
def deliver(pk: int) -> None:
    notification_deliver(pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("portal-deliver-due")
def deliver_due_task() -> None:
    deliver_due()


def notice_listener(event: NoticeEvent) -> None:
    """Registered with core (`core.public.register_notice_listener`): the notifications
    are written now, in the caller's transaction, and queued once it commits."""
    queued = [n.pk for n in notice_received(event) if n.status == NotificationStatus.QUEUED]
    if queued:
        transaction.on_commit(lambda: [deliver(pk) for pk in queued])
