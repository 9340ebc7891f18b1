"""Request and response shapes of the core endpoints."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from minzheng.core.api.bounds import MAX_ID, RecordDate, not_null
from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import Household, HouseholdMembership, Person
from minzheng.core.text import api_text


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    area_code: str
    area_name: str
    capabilities: list[str]


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    urban_rural: str
    is_synthetic: bool


class PersonOut(Schema):
    id: int
    name: str
    id_number_masked: str
    gender: str
    birth_date: dt.date
    area_code: str
    area_name: str
    life_status: str

    @staticmethod
    def from_person(p: Person) -> PersonOut:
        return PersonOut(
            id=p.pk,
            name=p.name,
            id_number_masked=mask_id_number(p.id_number),
            gender=p.gender,
            birth_date=p.birth_date,
            area_code=p.area_id,
            area_name=p.area.name,
            life_status=p.life_status,
        )


class PersonDetailOut(PersonOut):
    """Masked like every other answer (issue 7, item 3): the full ID number, phone
    and disability certificate number only through the audited disclosure endpoint."""

    phone_masked: str
    hukou_area_code: str | None
    hukou_address: str
    residence_address: str
    disability_type: str
    disability_grade: int | None
    disability_certificate_masked: str
    death_date: dt.date | None
    household_id: int | None
    # the kept record when this one was merged into it (identity); the list leaves
    # such records out, and their page leads to the kept one
    merged_into: int | None

    @staticmethod
    def from_person(p: Person) -> PersonDetailOut:
        membership = p.current_membership()
        base = PersonOut.from_person(p).dict()
        return PersonDetailOut(
            **base,
            phone_masked=mask_phone(p.phone),
            hukou_area_code=p.hukou_area_id,
            hukou_address=p.hukou_address,
            residence_address=p.residence_address,
            disability_type=p.disability_type,
            disability_grade=p.disability_grade,
            disability_certificate_masked=mask_id_number(p.disability_certificate),
            death_date=p.death_date,
            household_id=membership.household_id if membership else None,
            merged_into=p.merged_into_id,
        )


PersonName = api_text(Person, "name")
Phone = api_text(Person, "phone")
HukouAddress = api_text(Person, "hukou_address")
ResidenceAddress = api_text(Person, "residence_address")
DisabilityCertificate = api_text(Person, "disability_certificate")


class PersonIn(Schema):
    id_number: str = Field(max_length=40)  # checked and normalised by core.idnumber
    name: PersonName  # type: ignore[valid-type]
    area_code: str = Field(max_length=12)
    phone: Phone = ""  # type: ignore[valid-type]
    hukou_address: HukouAddress = ""  # type: ignore[valid-type]
    residence_address: ResidenceAddress = ""  # type: ignore[valid-type]
    disability_type: str = Field("", max_length=16)
    disability_grade: int | None = Field(None, ge=1, le=4)
    disability_certificate: DisabilityCertificate = ""  # type: ignore[valid-type]


class DisclosureIn(Schema):
    reason: str = Field(
        min_length=2, max_length=200, description="查看完整信息的事由（记入审计日志）"
    )


class DisclosureOut(Schema):
    """Full identifiers of one person, returned only by the audited disclosure."""

    id: int
    id_number: str
    phone: str
    disability_certificate: str


class PersonPatch(Schema):
    """Only the fields sent are changed. `null` is refused for every field except
    disability_grade (which is null when there is no disability)."""

    name: PersonName | None = None  # type: ignore[valid-type]
    phone: Phone | None = None  # type: ignore[valid-type]
    hukou_address: HukouAddress | None = None  # type: ignore[valid-type]
    residence_address: ResidenceAddress | None = None  # type: ignore[valid-type]
    disability_type: str | None = Field(None, max_length=16)
    disability_grade: int | None = Field(None, ge=1, le=4)
    disability_certificate: DisabilityCertificate | None = None  # type: ignore[valid-type]

    refuse_null = not_null(
        "name",
        "phone",
        "hukou_address",
        "residence_address",
        "disability_type",
        "disability_certificate",
    )


class DeathIn(Schema):
    death_date: RecordDate


class MembershipOut(Schema):
    id: int
    person_id: int
    name: str
    id_number_masked: str
    relation: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str

    @staticmethod
    def from_membership(m: HouseholdMembership) -> MembershipOut:
        return MembershipOut(
            id=m.pk,
            person_id=m.person_id,
            name=m.person.name,
            id_number_masked=mask_id_number(m.person.id_number),
            relation=m.relation,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            reason=m.reason,
        )


class HouseholdOut(Schema):
    id: int
    number: str
    area_code: str
    area_name: str
    address: str
    head_name: str | None

    @staticmethod
    def from_household(h: Household) -> HouseholdOut:
        return HouseholdOut(
            id=h.pk,
            number=h.number,
            area_code=h.area_id,
            area_name=h.area.name,
            address=h.address,
            head_name=h.head.name if h.head else None,
        )


class HouseholdDetailOut(HouseholdOut):
    members: list[MembershipOut]


class HouseholdIn(Schema):
    # Generated when absent (core.household_numbers).
    number: api_text(Household, "number") | None = None  # type: ignore[valid-type]
    area_code: str = Field(max_length=12)
    address: api_text(Household, "address")  # type: ignore[valid-type]
    head_person_id: int = Field(ge=1, le=MAX_ID)
    since: RecordDate


class MemberIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID)
    relation: str = Field(max_length=16)
    since: RecordDate
    reason: api_text(HouseholdMembership, "reason") = ""  # type: ignore[valid-type]


class LeaveIn(Schema):
    until: RecordDate
    reason: api_text(HouseholdMembership, "reason")  # type: ignore[valid-type]


class AuditOut(Schema):
    seq: int | None = Field(None, description="审计链序号；待封存（尚未封入审计链）时为空")
    at: dt.datetime
    actor_username: str
    ip: str
    channel: str
    action: str
    object_type: str
    object_id: str
    area_code: str
    summary: str


class DeadlineOut(Schema):
    start: dt.date
    working_days: int
    deadline: dt.date
