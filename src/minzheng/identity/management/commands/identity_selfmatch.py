"""`minzheng identity_selfmatch`: the registry against itself, new likely duplicates into
the county review queue, and a report (run nightly by cron or by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minzheng.identity.services import self_match


class Command(BaseCommand):
    help = "身份自查：登记库两两比对，疑似重复送县（区）复核，并输出报告"

    def handle(self, *args: Any, **opts: Any) -> None:
        r = self_match()
        self.stdout.write(
            f"模型{r.model_version}：比对{r.records}份档案，评分{r.scored_pairs}对；"
            f"高于自动认定阈值{r.automatic}对，灰区{r.review}对，经弱关联成链{r.weak_clusters}组；"
            f"新送复核{r.new_pairs}对，已认定或已在队列{r.already_decided}对"
        )
