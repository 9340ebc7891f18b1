"""Evaluation grades (D10.8): eligibility, the score sheet over the configured
indicators, the grade from the configured floors, publicity with objections, the grade
in force for the configured years, and the reminder list before it expires."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.policy.dates import add_months
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.config import config_int, config_raw
from minzheng.core.models import AuditAction, User
from minzheng.core.workflow.engine import check_record, transition
from minzheng.organisations.deadlines import is_exempt, last_closed_year
from minzheng.organisations.models import Evaluation, Objection, Organisation
from minzheng.organisations.services.common import today_or
from minzheng.organisations.services.credit import AUTHORITY_DEADLINE_KEY, EXEMPT_MONTHS_KEY

INDICATORS_KEY = "organisations.evaluation.indicators"
FLOORS_KEY = "organisations.evaluation.grade_floor"
VALID_YEARS_KEY = "organisations.evaluation.valid_years"
MIN_YEARS_KEY = "organisations.evaluation.min_years_registered"
PUBLICITY_DAYS_KEY = "organisations.evaluation.publicity_days"
REMINDER_DAYS_KEY = "organisations.evaluation.reminder_days"


def pairs(text: str) -> dict[str, int]:
    """ "basic:100,governance:400" → {"basic": 100, "governance": 400} (the int_map kind)."""
    found = {}
    for item in text.replace("，", ",").split(","):
        code, _, value = item.partition(":")
        if code.strip():
            found[code.strip()] = int(value)
    return found


def indicators(on: dt.date) -> dict[str, int]:
    return pairs(config_raw(INDICATORS_KEY, on=on).value)


def grade_for(total: int, floors: dict[str, int]) -> str:
    """The highest grade whose floor the total reaches; "" below every floor."""
    for grade, floor in sorted(floors.items(), key=lambda kv: -kv[1]):
        if total >= floor:
            return grade
    return ""


def _last_report_problem(org: Organisation, on: dt.date) -> str | None:
    year = last_closed_year(on, config_raw(AUTHORITY_DEADLINE_KEY, on=on).value)
    due = org.registered_on <= dt.date(year, 12, 31) and not is_exempt(
        org.registered_on, year, config_int(EXEMPT_MONTHS_KEY, on=on)
    )
    report = org.annual_reports.filter(year=year).first()
    if due and report is None:
        return f"未报送{year}年度工作报告"
    if report is not None and report.result == "failed":
        return f"{year}年度工作报告审查不合格"
    return None


def ineligibility(org: Organisation, on: dt.date) -> list[str]:
    """Why the organisation may not be evaluated on `on` (D10.8), or nothing: two full
    years of registration; excluded when the last annual report was missed or failed,
    or when it was penalised in the previous calendar year."""
    reasons = []
    if org.status != "registered":
        reasons.append(f"社会组织状态为“{org.status_label}”")
    years = config_int(MIN_YEARS_KEY, on=on)
    if add_months(org.registered_on, 12 * years) > on:
        reasons.append(f"登记未满{years}年（{org.registered_on:%Y-%m-%d}成立）")
    if problem := _last_report_problem(org, on):
        reasons.append(problem)
    penalised = org.listings.filter(
        reason__in=("small_penalty", "large_penalty"), listed_on__year=on.year - 1
    )
    if penalised.exists():
        reasons.append(f"{on.year - 1}年受到行政处罚")
    return reasons


def _check_scores(scores: dict[str, int], sheet: dict[str, int]) -> None:
    errors = {}
    for code, top in sheet.items():
        value = scores.get(code)
        if value is None:
            errors[f"score_{code}"] = "请填写得分"
        elif not 0 <= value <= top:
            errors[f"score_{code}"] = f"得分应在0至{top}分之间"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evaluation_score(
    *,
    actor: User,
    organisation: Organisation,
    scores: dict[str, int],
    today: dt.date | None = None,
) -> Evaluation:
    today = today_or(today)
    check_record(organisation, "evaluate", actor)
    if reasons := ineligibility(organisation, today):
        raise ValidationError("不符合参加评估的条件：" + "；".join(reasons))
    sheet = indicators(today)
    _check_scores(scores, sheet)
    total = sum(scores[code] for code in sheet)
    evaluation = Evaluation.objects.create(
        organisation=organisation,
        area_id=organisation.area_id,
        scores={code: scores[code] for code in sheet},
        total=total,
        grade=grade_for(total, pairs(config_raw(FLOORS_KEY, on=today).value)),
        scored_on=today,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=evaluation,
        after=snapshot(evaluation),
        summary=f"评估评分：{organisation.name} {total}分 {evaluation.grade or '未达等级'}",
    )
    return evaluation


@transaction.atomic
def evaluation_act(
    *,
    actor: User,
    evaluation: Evaluation,
    action: str,
    note: str = "",
    today: dt.date | None = None,
) -> Evaluation:
    """公示 (sets the end of publicity), 确定等级 (sets the validity), 撤回重评."""
    today = today_or(today)
    transition(evaluation, action, actor, note=note, today=today)
    if action == "publish":
        days = config_int(PUBLICITY_DAYS_KEY, on=today)
        evaluation.publicity_ends_on = today + dt.timedelta(days=days)
    elif action == "confirm":
        years = config_int(VALID_YEARS_KEY, on=today)
        evaluation.confirmed_on = today
        evaluation.valid_until = add_months(today, 12 * years) - dt.timedelta(days=1)
    elif action == "withdraw":
        evaluation.objections.update(resolved=True)
    evaluation.save(update_fields=["publicity_ends_on", "confirmed_on", "valid_until"])
    return evaluation


@transaction.atomic
def objection_record(
    *,
    actor: User,
    evaluation: Evaluation,
    raised_by: str,
    content: str,
    today: dt.date | None = None,
) -> Objection:
    check_record(evaluation, "object", actor)
    errors = {}
    if not raised_by.strip():
        errors["raised_by"] = "请填写异议人"
    if not content.strip():
        errors["content"] = "请填写异议内容"
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        evaluation=evaluation,
        raised_on=today_or(today),
        raised_by=raised_by.strip(),
        content=content.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=objection,
        area_code=evaluation.area_id,
        summary=f"登记评估异议：{evaluation.organisation.name}",
    )
    return objection


@transaction.atomic
def objections_dismiss(*, actor: User, evaluation: Evaluation, note: str) -> int:
    """异议不成立: every open objection handled, with the reason in the audit trail."""
    check_record(evaluation, "dismiss", actor)
    if not note.strip():
        raise ValidationError({"note": "请填写异议不成立的理由"})
    count = evaluation.objections.filter(resolved=False).update(resolved=True)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=evaluation,
        summary=f"评估异议不成立（{count}件）：{note.strip()[:200]}",
    )
    return count
