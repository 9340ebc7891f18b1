"""The daily marriage clock (huey periodic task): applications whose certificate window
has passed are deemed withdrawn (D9.3). It acts as the account named by
MINZHENG_MARRIAGE_CLOCK_USER; without one it does nothing and says so in the log."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from minzheng.core.models import User
from minzheng.marriage.services.divorces import divorces_lapse

log = logging.getLogger(__name__)


@db_periodic_task(crontab(**settings.MARRIAGE_DAILY))
@lock_task("marriage-daily")
def daily_marriage_clock() -> int:
    username = settings.MARRIAGE_CLOCK_USER
    actor = User.objects.filter(username=username, is_active=True).first() if username else None
    if actor is None:
        log.warning("婚姻登记每日任务未运行：未设置或找不到 MINZHENG_MARRIAGE_CLOCK_USER")
        return 0
    return len(divorces_lapse(actor=actor, today=timezone.localdate()))
