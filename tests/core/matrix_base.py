"""The area-scope matrix's shared pieces: places, the objects made in each, endpoints."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client
from openpyxl import load_workbook

from minzheng.assistance.models import Application
from minzheng.assistance.standards import seed_example_standards
from minzheng.core.audit import audit_record
from minzheng.core.models import Area, AuditAction, DutyGrant, Person, User
from minzheng.core.roles import Capability, Role
from minzheng.core.settings_write import seed_examples
from minzheng.licensing.models import LicenceApplication
from minzheng.supervision.models import Finding
from minzheng.warning.models import Lead
from minzheng.warning.settings_specs import seed_example_settings
from tests.benefits.matrix import BenefitsPlace, benefits_place
from tests.elderly.matrix import ElderlyPlace, elderly_place
from tests.factories import AREAS, PersonFactory, make_household, make_user
from tests.legaledu.matrix import LegalEducationPlace, legaledu_place
from tests.licensing.matrix import licensing_place
from tests.marriage.matrix import MarriagePlace, marriage_place
from tests.organisations.matrix import OrgPlace, organisations_place
from tests.payments.matrix import PaymentsPlace, payments_place
from tests.screening.matrix import ScreeningPlace, screening_place
from tests.supervision.matrix import supervision_place

# Places that tell neighbours apart: for each role an object at its own level and one
# level up, so that a scope prefix one level too short or too long fails many cases.
PLACES = {
    "own": AREAS["community_a1"],  # every role's own area (the caseworker's community)
    "sibling_community": AREAS["community_a2"],  # same township, other community
    "sibling_township": AREAS["community_a3"],  # same county (鼓楼区), other township
    "neighbour_county": AREAS["community_b1"],  # 云龙区: same city, other county
    "foreign": "320102001001",  # 南京市: outside every 徐州 user
}
ROLE_AREAS = {
    Role.CASEWORKER: AREAS["community_a1"],
    Role.TOWNSHIP_REVIEWER: AREAS["township_a"],
    Role.COUNTY_APPROVER: AREAS["county_a"],
    Role.CITY_ADMIN: AREAS["city"],
    Role.AUDITOR: AREAS["city"],
    Role.LEADER: AREAS["city"],
}


@dataclass
class Target:
    area_code: str
    person: Person
    household_id: int
    membership_id: int
    loose: Person  # a person in no household, for joins and new households
    marker: str  # a unique audit summary in the target's area
    application: Application  # an assistance case of the household
    lead: Lead | None = None  # a warning lead about the head (set by _target)
    screening: ScreeningPlace | None = None  # a campaign listing the household (set by _target)
    payments: PaymentsPlace | None = None  # a cycle of the place's county, a line here
    duty_grant_id: int | None = None  # a caseworker here holding a duty (core.duties)
    marriage: MarriagePlace | None = None  # a registry here with cases and a booking
    licensing: LicenceApplication | None = None  # received by the place's county bureau
    legaledu: LegalEducationPlace | None = None  # an activity and a study plan here
    organisations: OrgPlace | None = None  # an organisation domiciled here (D10)
    benefits: BenefitsPlace | None = None  # a disability case, old-age objects (D4.5, D7.3)
    elderly: ElderlyPlace | None = None  # facilities, meals and a settlement here (D7)
    supervision: Finding | None = None  # a supervision finding about the head (D14.12)


def _foreign_tree() -> None:
    for code, name, level, parent in [
        ("320100", "南京市", "city", "320000"),
        ("320102", "玄武区", "county", "320100"),
        ("320102001", "梅园新村街道", "township", "320102"),
        ("320102001001", "测试社区", "community", "320102001"),
    ]:
        Area.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )


def _target(place: str) -> Target:
    seed_example_standards()
    seed_example_settings()
    seed_examples(apps=["hotline", "benefits"])
    code = PLACES[place]
    household = make_household(code, size=2)
    child = household.memberships.exclude(person=household.head).get()
    loose = PersonFactory(area_id=code, name=f"散户{place}")
    marker = f"标记-{place}"
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="core.person",
        object_id=str(household.head_id),
        area_code=code,
        summary=marker,
    )
    assert household.head is not None
    clerk = User.objects.get_or_create(username="clerk", defaults={"role": "caseworker"})[0]
    application = Application.objects.create(
        number=f"SA-{place}",
        programme="dibao",
        household=household,
        applicant=household.head,
        channel="in_person",
        applied_on=dt.date(2026, 3, 2),
        area_id=code,
        created_by=clerk,
    )
    target = Target(code, household.head, household.pk, child.pk, loose, marker, application)
    target.lead = Lead.objects.create(
        status="open",
        area_id=code,
        rule_id="W001",
        rule_title="测试",
        severity="high",
        period="2026-08",
        run_id="r",
        id_number=household.head.id_number,
        person=household.head,
        household=household,
        evidence=f"线索-{place}",
    )
    target.screening = screening_place(code, household)
    target.payments = payments_place(code)
    holder = make_user(f"holder-{place}", "caseworker", code, duties=("sample_clerk",))
    target.duty_grant_id = DutyGrant.objects.get(user=holder).pk
    target.marriage = marriage_place(code)
    target.licensing = licensing_place(code)
    target.legaledu = legaledu_place(code)
    target.organisations = organisations_place(code, target.screening.key_household.household)
    target.benefits = benefits_place(code, place)
    target.elderly = elderly_place(code)
    target.supervision = supervision_place(household.head, household.pk)
    return target


@dataclass(frozen=True)
class Endpoint:
    route: str  # URL name (web) or "METHOD path" (API), for the coverage check
    kind: str  # list / detail / write / page
    capability: Capability | None
    call: Callable[[Client, Target], object]
    visible: Callable[[object, Target], bool] | None = None  # list: is the target shown?
    changed: Callable[[Target], bool] | None = None  # write: did it take effect?
    roles: frozenset[str] | None = None  # a workflow action: only these roles may
    # "place": the object lies in the place's community; "campaign": a screening campaign
    # organised by the place's township, which those above it see too (docs/screening.md);
    # "county": a county's object (a payroll cycle), seen by those who reach the county.
    scope: str = "place"


def _json_has(key: str) -> Callable[[object, Target], bool]:
    return lambda r, t: any(i.get(key) == t.person.pk for i in r.json()["items"])  # type: ignore[attr-defined]


def _xlsx_has(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    return any(row[0] == t.person.name for row in sheet.iter_rows(values_only=True))


J = "application/json"
