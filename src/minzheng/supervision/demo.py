"""Demo data of the supervision domain: a small published run for the synthetic city —
a few findings about people the payments seeder enrolled, on the three platforms,
written as `findings.parquet` in the published schema and loaded through the same
ingest as a real run; one confirmed, one judged a false alarm (labelled demo data)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone

from minzheng.analytics.schema import SUPERVISION_FINDINGS
from minzheng.assistance.models import Enrolment
from minzheng.core.models import User
from minzheng.core.settings_write import seed_examples
from minzheng.supervision.models import Finding
from minzheng.supervision.services import finding_verify, findings_ingest, read_findings

# The findings are about households the payments seeder enrolled and paid.
DEMO_AFTER = ("payments",)
RUN_ID = "demo-supervision"
# (rule, platform, programme, months, what the evidence says) — demo wording only.
PLAN = (
    ("S001", "assistance", "dibao", 2, "演示数据：死亡后仍发放两个月"),
    ("S004", "assistance", "dibao", 1, "演示数据：同月重复发放"),
    ("S003", "assistance", "extreme_poverty", 3, "演示数据：与低保同月互斥项目同时发放"),
    ("S006", "elderly", "old_age_allowance", 2, "演示数据：未到高龄津贴起领生日即发放"),
    ("S007", "disability", "disability_living_subsidy", 4, "演示数据：残疾证已注销仍发放"),
    ("S008", "disability", "disability_care_subsidy", 1, "演示数据：收款人非本人且非户主"),
)


def _month(today: dt.date, back: int) -> str:
    y, m = today.year, today.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def _rows(today: dt.date) -> list[dict[str, object]]:
    enrolments = list(
        Enrolment.objects.filter(household__head__isnull=False)
        .select_related("household__head")
        .order_by("id")[: len(PLAN)]
    )
    rows = []
    for (rule, platform, programme, months, note), e in zip(PLAN, enrolments, strict=False):
        head = e.household.head
        assert head is not None
        first, last = _month(today, months + 1), _month(today, 2)
        amount = (e.monthly_amount or Decimal("600.00")) * months
        key = hashlib.sha256(f"{rule}|{head.id_number}|{programme}|{first}".encode()).hexdigest()
        rows.append(
            {
                "run_id": RUN_ID,
                "rule_id": rule,
                "period": last,
                "platform": platform,
                "finding_key": key,
                "id_number": head.id_number,
                "household_id": e.household_id,
                "area_code": head.area_id,
                "programme": programme,
                "first_month": first,
                "last_month": last,
                "months": months,
                "amount_at_risk": Decimal(amount).quantize(Decimal("0.01")),
                "evidence": json.dumps({"说明": note}, ensure_ascii=False),
            }
        )
    return rows


@transaction.atomic
def seed_demo(**_: object) -> str:
    seed_examples(apps=["supervision"])
    county = User.objects.filter(username="county").first()
    if county is None or Finding.objects.filter(run_id=RUN_ID).exists():
        return ""
    today = timezone.localdate()
    rows = _rows(today)
    if not rows:
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "findings.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=SUPERVISION_FINDINGS), path)
        result = findings_ingest(findings=read_findings(path), today=today)
    reachable = [f for f in Finding.objects.order_by("id") if county.reaches(f.area_id)]
    verdicts = (("confirm", "演示：入户核实属实"), ("dismiss", "演示：死亡当月按政策照发"))
    for finding, (verdict, reason) in zip(reachable, verdicts, strict=False):
        finding_verify(actor=county, finding=finding, verdict=verdict, reason=reason, today=today)
    return f"演示资金监管：{result.summary()}"
