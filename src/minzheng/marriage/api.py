"""Marriage endpoints of the JSON API (/api/v1/marriage/). The eligibility check is
public and stores nothing (the caller supplies every fact); the cases are a registrar's,
capability first (403), then scope through the selectors (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import model_validator

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId, RecordDate
from minzheng.core.audit import audit_record
from minzheng.core.idnumber import InvalidIdNumber
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditAction, User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.marriage import selectors
from minzheng.marriage.models import Divorce, MarriageRegistration
from minzheng.marriage.periods import PHASE_LABELS
from minzheng.marriage.rules import Kinship, Party, check_marriage, party_from_id_number
from minzheng.marriage.selectors import REGISTRAR
from minzheng.marriage.services.common import policy_on
from minzheng.marriage.statistics import monthly_statistics
from minzheng.marriage.workflows import DIVORCE, REGISTRATION

router = Router(tags=["marriage"])


class MarriagePartyIn(Schema):
    """Either a valid ID number (sex and birth date are read from it, D0.1), or the
    birth date and sex."""

    id_number: str | None = Field(None, max_length=18)
    birth_date: RecordDate | None = None
    sex: Literal["M", "F"] | None = None
    married: bool = False  # a marriage in force (D9.1)
    hukou_division: str = Field("", max_length=6, pattern=r"^(\d{6})?$")

    @model_validator(mode="after")
    def facts_given(self) -> MarriagePartyIn:
        if self.id_number is None and (self.birth_date is None or self.sex is None):
            raise ValueError("须填写公民身份号码，或同时填写出生日期和性别")
        return self


class MarriageEligibilityIn(Schema):
    party_a: MarriagePartyIn
    party_b: MarriagePartyIn
    registration_date: RecordDate
    kinship: Literal["none", "direct", "collateral", "unknown"] = Field(
        "unknown", json_schema_extra={"maxLength": 10}
    )
    registry_division: str = Field("", max_length=6, pattern=r"^(\d{6})?$")


class MarriageReasonOut(Schema):
    rule: str  # the rulebook's number (D9.1, D9.2)
    field: str
    message: str
    law: str


class MarriagePartyOut(Schema):
    sex: str
    birth_date: dt.date


class MarriageEligibilityOut(Schema):
    allowed: bool
    reasons: list[MarriageReasonOut]
    party_a: MarriagePartyOut
    party_b: MarriagePartyOut
    legal_age_men: int
    legal_age_women: int
    nationwide_since: dt.date


def _party(field: str, given: MarriagePartyIn) -> Party:
    if given.id_number is None:
        assert given.birth_date is not None and given.sex is not None
        return Party(given.sex, given.birth_date, given.married, given.hukou_division)
    try:
        party = party_from_id_number(
            given.id_number, today=timezone.localdate(), married=given.married
        )
    except InvalidIdNumber as exc:
        raise ValidationError({f"{field}.id_number": str(exc)}) from None
    return (
        party
        if not given.hukou_division
        else Party(party.sex, party.birth_date, party.married, given.hukou_division)
    )


@router.post(
    "/eligibility",
    auth=None,
    response=MarriageEligibilityOut,
    summary="结婚登记条件审查（公开；不保存数据）",
    description="按双方出生日期和性别（或公民身份号码）、登记日期、是否已有配偶和亲属关系，"
    "答复是否符合结婚登记条件（D9.1–D9.2），每条不符合的理由注明规则编号和所涉字段。"
    "法定婚龄和全国通办起始日取登记日期有效的全市设置。请求有误时答复 422，errors 按字段说明。",
)
def eligibility(request: HttpRequest, body: MarriageEligibilityIn) -> MarriageEligibilityOut:
    a, b = _party("party_a", body.party_a), _party("party_b", body.party_b)
    policy = policy_on(body.registration_date)
    outcome = check_marriage(
        a,
        b,
        on=body.registration_date,
        policy=policy,
        kinship=Kinship(body.kinship),
        registry_division=body.registry_division,
    )
    return MarriageEligibilityOut(
        allowed=outcome.allowed,
        reasons=[
            MarriageReasonOut(rule=r.rule, field=r.field, message=r.message, law=r.law)
            for r in outcome.reasons
        ],
        party_a=MarriagePartyOut(sex=a.sex, birth_date=a.birth_date),
        party_b=MarriagePartyOut(sex=b.sex, birth_date=b.birth_date),
        legal_age_men=policy.legal_age_men,
        legal_age_women=policy.legal_age_women,
        nationwide_since=policy.nationwide_since,
    )


class MarriageCaseOut(Schema):
    id: int
    status: str
    status_label: str
    registry: str
    area_code: str
    party_a_name: str
    party_a_id_number: str  # masked
    party_b_name: str
    party_b_id_number: str  # masked
    received_on: dt.date
    certificates: list[str]


class MarriageRegistrationOut(MarriageCaseOut):
    registered_on: dt.date | None
    refusal_reasons: str

    @staticmethod
    def of(c: MarriageRegistration) -> MarriageRegistrationOut:
        return MarriageRegistrationOut(
            **_common(c, REGISTRATION.label(c.status)),
            registered_on=c.registered_on,
            refusal_reasons=c.check_reasons,
        )


class MarriageDivorceOut(MarriageCaseOut):
    marriage_certificate_number: str
    cooling_off_ends_on: dt.date  # D9.4: calendar days, moved past a rest day
    window_ends_on: dt.date
    phase: str
    phase_label: str
    withdrawn_by: str
    closed_on: dt.date | None

    @staticmethod
    def of(c: Divorce, today: dt.date) -> MarriageDivorceOut:
        phase = c.phase(today) if c.status == "applied" else ""
        return MarriageDivorceOut(
            **_common(c, DIVORCE.label(c.status)),
            marriage_certificate_number=c.marriage_certificate_number,
            cooling_off_ends_on=c.cooling_off_ends_on,
            window_ends_on=c.window_ends_on,
            phase=phase,
            phase_label=PHASE_LABELS.get(phase, ""),
            withdrawn_by=c.withdrawn_by,
            closed_on=c.closed_on,
        )


def _common(c: MarriageRegistration | Divorce, label: str) -> dict[str, Any]:
    return {
        "id": c.pk,
        "status": c.status,
        "status_label": label,
        "registry": c.registry.name,
        "area_code": c.area_id,
        "party_a_name": c.party_a_name,
        "party_a_id_number": mask_id_number(c.party_a_id_number),
        "party_b_name": c.party_b_name,
        "party_b_id_number": mask_id_number(c.party_b_id_number),
        "received_on": c.received_on,
        "certificates": [cert.number for cert in c.certificates.all()],
    }


class MarriageDivorcePage(Schema):
    count: int
    page: int
    items: list[MarriageDivorceOut]


def _registrar(request: HttpRequest) -> User:
    return require(request, REGISTRAR)


@router.get("/registrations/{pk}", response=MarriageRegistrationOut, summary="结婚登记")
def registration(request: HttpRequest, pk: PathId) -> MarriageRegistrationOut:
    user = _registrar(request)
    case = selectors.registration_for(user, pk)
    audit_record(actor=user, action=AuditAction.READ, obj=case, summary=f"查看{case}")
    return MarriageRegistrationOut.of(case)


@router.get(
    "/divorces", response=MarriageDivorcePage, summary="协议离婚申请（含冷静期届满日和申领截止日）"
)
def divorces(request: HttpRequest, page: Query[PageQuery]) -> MarriageDivorcePage:
    user = _registrar(request)
    rows = selectors.divorces_visible(user).prefetch_related("certificates")
    count, items = audited_page_slice(
        rows, page, actor=user, object_type="marriage.divorce", criteria={}
    )
    today = timezone.localdate()
    return MarriageDivorcePage(
        count=count, page=page.page, items=[MarriageDivorceOut.of(c, today) for c in items]
    )


@router.get(
    "/divorces/{pk}",
    response=MarriageDivorceOut,
    summary="协议离婚申请（含冷静期届满日和申领截止日）",
)
def divorce(request: HttpRequest, pk: PathId) -> MarriageDivorceOut:
    user = _registrar(request)
    case = selectors.divorce_for(user, pk)
    audit_record(actor=user, action=AuditAction.READ, obj=case, summary=f"查看{case}")
    return MarriageDivorceOut.of(case, timezone.localdate())


class MarriageStatisticsRow(Schema):
    month: str
    registry: str
    marriages: int
    divorces: int


@router.get(
    "/statistics", response=list[MarriageStatisticsRow], summary="结婚、离婚登记按月按登记处统计"
)
def statistics(
    request: HttpRequest, since: RecordDate | None = None, until: RecordDate | None = None
) -> list[MarriageStatisticsRow]:
    user = require(request, Capability.VIEW_DASHBOARD)
    today = timezone.localdate()
    rows = monthly_statistics(user, since=since or dt.date(today.year, 1, 1), until=until or today)
    return [MarriageStatisticsRow(**r.__dict__) for r in rows]
