"""Party-branch standardisation (D10.3): branches of organisations, the party-member
count, the yearly assessment on the five configured aspects (score and evidence each;
the total gives the result from the configured floors), and the organisations that
should have a branch and have none — the trigger of the abnormal list's "no party
organisation" (D10.7), which the registrar applies (listing) and which rectification
(a branch set up) lifts (workflows.rectified)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.config import config_int, config_raw
from minzheng.core.models import AuditAction, User
from minzheng.core.settings_registry import setting
from minzheng.core.text import text_problem
from minzheng.core.workflow.engine import check_record
from minzheng.organisations.models import (
    BranchAssessment,
    BranchKind,
    CreditListing,
    Organisation,
    PartyBranch,
)
from minzheng.organisations.models.registry import OrganisationQuerySet
from minzheng.organisations.services.common import today_or
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.evaluation import grade_for, pairs

MIN_MEMBERS_KEY = "organisations.party.min_members_for_branch"
ASPECTS_KEY = "organisations.party.aspects"
FLOORS_KEY = "organisations.party.result_floor"
BELOW = "不达标"


def aspects(on: dt.date) -> dict[str, int]:
    return pairs(config_raw(ASPECTS_KEY, on=on).value)


def active_branches(on: dt.date) -> QuerySet[PartyBranch]:
    return PartyBranch.objects.filter(established_on__lte=on).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )


def without_branch(orgs: OrganisationQuerySet, on: dt.date) -> QuerySet[Organisation]:
    """Operating organisations with at least the configured party members and no
    branch in force on `on` (应建未建)."""
    minimum = config_int(MIN_MEMBERS_KEY, on=on)
    has_branch = active_branches(on).filter(organisation=OuterRef("pk"))
    return (
        orgs.operating()
        .filter(party_members__gte=minimum)
        .exclude(Exists(has_branch))
        .order_by("name", "id")
    )


@transaction.atomic
def supervision_facts_set(
    *, actor: User, organisation: Organisation, party_members: int, trade_association: bool
) -> Organisation:
    """The party-member count (D10.3) and whether it is a trade association or chamber
    of commerce (D10.5, whose fees are then supervised)."""
    check_record(organisation, "party", actor)
    if party_members < 0:
        raise ValidationError({"party_members": "党员人数不能为负数"})
    before = {
        "party_members": organisation.party_members,
        "trade_association": organisation.trade_association,
    }
    organisation.party_members = party_members
    organisation.trade_association = trade_association
    organisation.save(update_fields=["party_members", "trade_association"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=organisation,
        before=before,
        after={"party_members": party_members, "trade_association": trade_association},
        summary=f"登记党建和行业协会商会信息：{organisation.name}",
    )
    return organisation


@transaction.atomic
def branch_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    established_on: dt.date,
    secretary: str,
    members: int,
    today: dt.date | None = None,
) -> PartyBranch:
    check_record(organisation, "party", actor)
    errors: dict[str, str] = {}
    for key, value, label, limit in (
        ("name", name, "党组织名称", 100),
        ("secretary", secretary, "书记", 50),
    ):
        if not value.strip():
            errors[key] = f"请填写{label}"
        elif problem := text_problem(value.strip(), max_length=limit):
            errors[key] = f"{label}{problem}"
    if kind not in BranchKind.values:
        errors["kind"] = "请选择组建方式"
    if established_on > today_or(today):
        errors["established_on"] = "成立日期不能晚于今天"
    minimum = config_int(MIN_MEMBERS_KEY, on=established_on)
    if kind == BranchKind.OWN and members < minimum:
        errors["members"] = f"单独组建党支部须有正式党员{minimum}人以上，人数不足的可联合组建"
    if errors:
        raise ValidationError(errors)
    branch = PartyBranch.objects.create(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        established_on=established_on,
        secretary=secretary.strip(),
        members=members,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=branch,
        area_code=organisation.area_id,
        after={**snapshot(branch), "secretary": branch.secretary_masked},
        summary=f"登记党组织：{organisation.name} {branch.name}",
    )
    return branch


@transaction.atomic
def branch_assess(
    *,
    actor: User,
    branch: PartyBranch,
    year: int,
    scores: dict[str, int],
    evidence: dict[str, str],
    today: dt.date | None = None,
) -> BranchAssessment:
    """Score each of the five aspects with its evidence (D10.3); the result from the floors."""
    today = today_or(today)
    check_record(branch.organisation, "party", actor)
    sheet = aspects(today)
    errors: dict[str, str] = {}
    if not 2000 <= year <= today.year:
        errors["year"] = "年度应为已开始的年份"
    if branch.established_on.year > year:
        errors["year"] = f"该党组织{branch.established_on:%Y年}成立，不能评定此前年度"
    for code, top in sheet.items():
        value = scores.get(code)
        if value is None or not 0 <= value <= top:
            errors[f"score_{code}"] = f"得分应在0至{top}分之间"
        text = (evidence.get(code) or "").strip()
        if not text:
            errors[f"evidence_{code}"] = "请填写佐证材料"
        elif problem := text_problem(text, max_length=500, multiline=True):
            errors[f"evidence_{code}"] = f"佐证材料{problem}"
    if errors:
        raise ValidationError(errors)
    total = sum(scores[code] for code in sheet)
    floors = pairs(config_raw(FLOORS_KEY, on=today).value)
    result_code = grade_for(total, floors)
    result = setting(FLOORS_KEY).label_of(result_code) if result_code else BELOW
    try:
        with transaction.atomic():
            assessment = BranchAssessment.objects.create(
                branch=branch,
                year=year,
                scores={code: scores[code] for code in sheet},
                evidence={code: evidence[code].strip() for code in sheet},
                total=total,
                result=result,
                assessed_on=today,
                assessed_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"year": f"该党组织{year}年度已评定"}) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assessment,
        area_code=branch.organisation.area_id,
        after=snapshot(assessment),
        summary=f"党组织规范化建设评定：{branch.name} {year}年度 {total}分 {result}",
    )
    return assessment


@transaction.atomic
def list_without_branch(
    *, actor: User, organisation: Organisation, today: dt.date | None = None
) -> CreditListing:
    """Put an organisation that should have a branch and has none on the abnormal list
    (D10.7 "no party organisation"), refused when the trigger does not hold."""
    today = today_or(today)
    check_record(organisation, "penalise", actor)
    if not without_branch(Organisation.objects.filter(pk=organisation.pk), today).exists():
        minimum = config_int(MIN_MEMBERS_KEY, on=today)
        raise ValidationError(f"该社会组织不属于党员{minimum}人以上且未建立党组织的情形")
    if organisation.listings.filter(reason="no_party", status="listed").exists():
        raise ValidationError("该社会组织已因未按规定设立党组织列入活动异常名录")
    return listing_create(
        organisation=organisation,
        reason="no_party",
        on=today,
        actor=actor,
        detail=f"党员{organisation.party_members}人，未建立党组织",
    )
