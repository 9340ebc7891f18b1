"""The regular procedure (D1.1–D1.10) and its records."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.assistance.models import (
    Application,
    Enrolment,
    HomeVisit,
    HomeVisitInvestigator,
    MaterialSource,
    MeansTestReport,
    Objection,
    PublicNotice,
    StaffRelative,
    Track,
)
from minzheng.assistance.models.applications import ASSISTANCE_PROCEDURES, Programme
from minzheng.assistance.policy_adapter import document_items, documents_to_bring
from minzheng.assistance.public import applicant_tell
from minzheng.assistance.services.common import authorize, setting_int, today_or
from minzheng.assistance.services.materials import materials_list, materials_request_list
from minzheng.core import workdays
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import AuditAction, Household, Person, User
from minzheng.core.workflow.engine import transition


def _near_relative_staff(household: Household, on: dt.date) -> User | None:
    """D1.10: a registered near relative of staff among the household's members."""
    members = household.members_on(on).values("person")
    row = StaffRelative.objects.filter(relative__in=members).select_related("staff").first()
    return row.staff if row else None


def _already_covered(household: Household, programme: str) -> str | None:
    """D1.2: one household, one case per programme — enrolled, or an application open."""
    label = Programme(programme).label
    enrolled = Enrolment.objects.current().filter(household=household, programme=programme)
    if row := enrolled.order_by("starts_on").first():
        return (
            f"该家庭已纳入{label}（{row.starts_on:%Y年%m月}起，{row.monthly_amount}元/月），"
            "不能重复申请；情况变化请办理复核"
        )
    open_case = Application.objects.open().filter(household=household, programme=programme)
    if case := open_case.first():
        return f"该家庭已有在办的{label}申请（案件编号 {case.number}），不能重复申请"
    return None


@transaction.atomic
def application_submit(
    *,
    actor: User,
    household: Household,
    applicant: Person,
    programme: str,
    channel: str,
    track: str = Track.REGULAR,
    applied_on: dt.date | None = None,
    delegate_name: str = "",
    pledge_signed: bool = False,
    urgency_reason: str = "",
    facts: dict[str, Any] | None = None,
    missing_documents: list[str] | None = None,
) -> Application:
    """Register an application (D1.2); a fast-track one needs the pledge and the urgent
    situation that justifies it (D6.1). The materials checklist starts from the
    one-time notification (D1.5)."""
    applied_on = today_or(applied_on)
    authorize(actor, household)
    if programme not in {p.value for p in ASSISTANCE_PROCEDURES}:
        raise ValidationError({"programme": "该项目不通过社会救助申请办理"})
    if track not in (Track.REGULAR, Track.FAST):  # the roll and benefit tracks are born decided
        raise ValidationError({"track": "办理方式应为常规审核或信用承诺（先办后核）"})
    if not household.members_on(applied_on).filter(person=applicant).exists():
        raise ValidationError({"applicant": "申请人须是该家庭的共同生活成员"})
    if channel == "delegated" and not delegate_name.strip():
        raise ValidationError({"delegate_name": "委托申请须填写受托人"})
    if track == Track.FAST and not pledge_signed:
        raise ValidationError({"pledge_signed": "先办后核须签署信用承诺书"})
    if track == Track.FAST and not urgency_reason.strip():
        raise ValidationError({"urgency_reason": "先办后核须写明急难情形"})
    if refused := _already_covered(household, programme):
        raise ValidationError({"programme": refused})
    items = (
        document_items(
            documents_to_bring(
                household,
                programme=programme,
                channel=channel,
                fast_track=track == Track.FAST,
                on=applied_on,
                pledge_signed=pledge_signed,
            )
        )
        if missing_documents is None
        else [("", line) for line in missing_documents]
    )
    application = Application(
        number=f"SA{applied_on:%Y%m%d}{secrets.token_hex(3).upper()}",
        track=track,
        programme=programme,
        household=household,
        applicant=applicant,
        channel=channel,
        delegate_name=delegate_name,
        applied_on=applied_on,
        area_id=household.area_id,
        pledge_signed_on=applied_on if pledge_signed else None,
        urgency_reason=urgency_reason.strip() if track == Track.FAST else "",
        facts=facts or {},
        missing_documents=[line for _code, line in items],
        created_by=actor,
        near_relative_of=_near_relative_staff(household, applied_on),
    )
    application.full_clean(exclude=["status"])
    application.save()
    materials_list(
        application=application, titles=items, source=MaterialSource.REQUIRED, on=applied_on
    )
    if track == Track.FAST:  # D6.2: granted within N days of the application
        days = setting_int("fast_track.grant_days", application, applied_on)
        Application.objects.filter(pk=application.pk).update(
            deadline=applied_on + dt.timedelta(days=days)
        )
        application.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        after=snapshot(application),
        summary=f"救助申请 {application.number}",
    )
    return application


@transaction.atomic
def application_accept(
    *, actor: User, application: Application, note: str = "", today: dt.date | None = None
) -> Application:
    """Accept (受理) with the township's note; the whole case must finish within 30
    working days (D1.9)."""
    today = today_or(today)
    transition(application, "accept", actor, note=note, today=today)
    days = setting_int("dibao.deadline.total_working_days", application, today)
    application.accepted_on = today
    application.total_deadline = workdays.add_working_days(today, days)
    application.missing_documents = []
    application.save(update_fields=["accepted_on", "total_deadline", "missing_documents"])
    return application


@transaction.atomic
def application_request_materials(
    *,
    actor: User,
    application: Application,
    added: list[str],
    note: str = "",
    today: dt.date | None = None,
) -> Application:
    """One-time notification (D1.5): everything still missing, in one list — the items
    not yet received, with the added ones appended (the list never shrinks by typing)."""
    today = today_or(today)
    authorize(actor, application)
    missing = materials_request_list(application, added, today)
    if not missing:
        raise ValidationError({"added": "材料已全部收到；如需补正，请列明需补充的材料"})
    text = "需补正：" + "；".join(missing) + (f"。{note}" if note else "")
    transition(application, "request_materials", actor, today=today, note=text)
    application.missing_documents = missing
    application.save(update_fields=["missing_documents"])
    due = application.deadline
    applicant_tell(application, "documents", deadline=f"{due:%Y年%m月%d日}" if due else "规定期限")
    return application


@transaction.atomic
def application_extend(
    *, actor: User, application: Application, reason: str, today: dt.date | None = None
) -> Application:
    """Extend the total limit to 45 working days with a recorded reason (D1.9)."""
    authorize(actor, application, "extend")  # D1.9: the county decides
    if application.accepted_on is None or application.extension_reason:
        raise ValidationError({"reason": "只有已受理且未延长过的案件可以延长"})
    if not reason.strip():
        raise ValidationError({"reason": "延长办理时限须说明理由"})
    days = setting_int("dibao.deadline.extended_working_days", application, today_or(today))
    before = {"total_deadline": str(application.total_deadline)}
    application.total_deadline = workdays.add_working_days(application.accepted_on, days)
    application.extension_reason = reason
    application.save(update_fields=["total_deadline", "extension_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        before=before,
        after={"total_deadline": str(application.total_deadline), "reason": reason},
        summary=f"延长办理时限至{application.total_deadline}",
    )
    return application


@transaction.atomic
def means_test_record(
    *,
    actor: User,
    application: Application,
    reference: str,
    received_on: dt.date,
    monthly_income: Decimal,
    findings: str = "",
) -> MeansTestReport:
    authorize(actor, application, "means_test")
    report = MeansTestReport.objects.create(
        application=application,
        reference=reference,
        received_on=received_on,
        monthly_income=monthly_income,
        findings=findings,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        area_code=application.area_id,
        after=snapshot(report),
        summary=f"{application.number} 录入核对报告",
    )
    return report


@transaction.atomic
def home_visit_record(
    *,
    actor: User,
    application: Application,
    visited_on: dt.date,
    investigators: list[User],
    findings: str,
    by_county: bool = False,
) -> HomeVisit:
    """A home visit signed by its investigators (D1.6); each must reach the case's area."""
    authorize(actor, application, "home_visit")
    if len({u.pk for u in investigators}) < 2:
        raise ValidationError({"investigators": "入户调查须至少2名调查人员"})
    if any(not u.reaches(application.area_id) for u in investigators):
        raise ValidationError({"investigators": "调查人员须是本辖区工作人员"})
    if by_county and not actor.role == "county_approver":
        raise ValidationError({"by_county": "县级入户调查须由县级工作人员录入"})
    visit = HomeVisit.objects.create(
        application=application,
        visited_on=visited_on,
        by_county=by_county,
        findings=findings,
        recorded_by=actor,
    )
    HomeVisitInvestigator.objects.bulk_create(
        [HomeVisitInvestigator(visit=visit, user=u) for u in investigators]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=visit,
        area_code=application.area_id,
        after={**snapshot(visit), "investigators": [u.username for u in investigators]},
        summary=f"{application.number} 入户调查",
    )
    return visit


@transaction.atomic
def notice_post(
    *, actor: User, application: Application, place: str, today: dt.date | None = None
) -> PublicNotice:
    """Post the proposed result for the configured number of days (D1.7)."""
    today = today_or(today)
    days = setting_int("dibao.notice.days", application, today)
    transition(application, "post_notice", actor, today=today)
    notice = PublicNotice.objects.create(
        application=application,
        round=application.notices.count() + 1,
        posted_on=today,
        ends_on=today + dt.timedelta(days=days - 1),
        place=place,
        proposed_result=f"拟{'给予' if application.proposed_amount else '不予'}"
        f"{application.get_programme_display()}"
        + (f"，{application.proposed_amount}元/月" if application.proposed_amount else ""),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notice,
        area_code=application.area_id,
        after=snapshot(notice),
        summary=f"{application.number} 第{notice.round}次公示",
    )
    return notice


@transaction.atomic
def objection_record(
    *, actor: User, application: Application, summary: str, today: dt.date | None = None
) -> Objection:
    authorize(actor, application, "objection")
    notice = application.notices.order_by("-round").first()
    if application.status != "in_notice" or notice is None:
        raise ValidationError({"summary": "只有公示中的案件可以登记异议"})
    objection = Objection.objects.create(
        notice=notice, received_on=today_or(today), summary=summary, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=objection,
        area_code=application.area_id,
        after=snapshot(objection),
        summary=f"{application.number} 公示异议",
    )
    return objection
