"""Annual reports (D10.2): filing on the organisation's behalf (the registrar enters
what the organisation submitted, with the dates it reached the sponsor and the
authority), review through the engine, and the deadlines a report is measured by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.config import values
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.deadlines import deadline_of
from minzheng.organisations.models import AnnualReport, Organisation, ReviewResult
from minzheng.organisations.services.common import today_or

SPONSOR_KEY = "organisations.annual_report.sponsor_deadline"
AUTHORITY_KEY = "organisations.annual_report.authority_deadline"


@dataclass(frozen=True)
class Deadlines:
    sponsor: dt.date
    authority: dt.date


def deadlines_for(year: int, *, on: dt.date) -> Deadlines:
    """The two deadlines of the report on `year` (in the following year), as configured
    on `on`."""
    found = values([SPONSOR_KEY, AUTHORITY_KEY], area=None, on=on)
    return Deadlines(
        deadline_of(year, found[SPONSOR_KEY]), deadline_of(year, found[AUTHORITY_KEY])
    )


@dataclass(frozen=True)
class Filing:
    year: int
    filed_on: dt.date
    sponsor_filed_on: dt.date | None
    income: Decimal
    expenditure: Decimal
    net_assets: Decimal
    staff_count: int
    activities: str


def _check(org: Organisation, filing: Filing, today: dt.date) -> None:
    errors = {}
    if not org.registered_on.year <= filing.year < today.year:
        errors["year"] = f"报告年度应在{org.registered_on.year}年至{today.year - 1}年之间"
    elif org.annual_reports.filter(year=filing.year).exists():
        errors["year"] = f"{filing.year}年度工作报告已录入"
    for key, day in (("filed_on", filing.filed_on), ("sponsor_filed_on", filing.sponsor_filed_on)):
        if day is not None and day > today:
            errors[key] = "报送日期不能晚于今天"
        elif day is not None and day.year <= filing.year:
            errors[key] = f"报送日期应在{filing.year + 1}年1月1日以后"
    if org.sponsor_unit and filing.sponsor_filed_on is None:
        errors["sponsor_filed_on"] = "有业务主管单位的，请填写报送业务主管单位日期"
    for key in ("income", "expenditure"):
        if getattr(filing, key) < 0:
            errors[key] = "金额不能为负数"
    if not filing.activities.strip():
        errors["activities"] = "请填写业务活动情况"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def annual_report_file(
    *, actor: User, organisation: Organisation, filing: Filing, today: dt.date | None = None
) -> AnnualReport:
    check_record(organisation, "file_report", actor)
    _check(organisation, filing, today_or(today))
    report = AnnualReport(
        organisation=organisation,
        area_id=organisation.area_id,
        created_by=actor,
        year=filing.year,
        filed_on=filing.filed_on,
        sponsor_filed_on=filing.sponsor_filed_on,
        income=filing.income,
        expenditure=filing.expenditure,
        net_assets=filing.net_assets,
        staff_count=filing.staff_count,
        activities=filing.activities.strip(),
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # filed by someone else at the same moment
        raise ValidationError({"year": f"{filing.year}年度工作报告已录入"}) from exc
    late = filing.filed_on > deadlines_for(filing.year, on=filing.filed_on).authority
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        after=snapshot(report),
        summary=f"录入{filing.year}年度工作报告：{organisation.name}"
        + ("（逾期）" if late else ""),
    )
    return report


@transaction.atomic
def annual_report_review(
    *, actor: User, report: AnnualReport, result: str, note: str = "", today: dt.date | None = None
) -> AnnualReport:
    """合格 / 基本合格 / 不合格 where the city grades, else 已审查（不评等次）(D10.2)."""
    today = today_or(today)
    transition(report, "review", actor, note=note, today=today, result=result)
    report.result, report.reviewed_on = ReviewResult(result), today
    report.save(update_fields=["result", "reviewed_on"])
    return report


def annual_report_act(
    *, actor: User, report: AnnualReport, action: str, note: str, today: dt.date | None = None
) -> AnnualReport:
    """退回补正 and 重新报送: state only, the engine checks and logs them."""
    transition(report, action, actor, note=note, today=today_or(today))
    return report
