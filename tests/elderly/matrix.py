"""What the scope matrix needs of elderly services in a place: a station, a canteen with
a meal record and a refusal, a draft settlement of the canteen, an elderly person (85)
whose home has a point, and the place's community figure in a coverage measurement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from minzheng.core.models import Person
from minzheng.elderly.models import (
    CoverageFigure,
    CoverageRun,
    Facility,
    FacilitySubsidy,
    HomePoint,
    MealRecord,
    MealRefusal,
    Operator,
    Settlement,
)
from minzheng.elderly.services.funds import operator_payee
from minzheng.payments.models import InstitutionalPayable
from minzheng.payments.payables import payable_open
from tests.elderly.factories import (
    POINT,
    clerk,
    make_canteen,
    make_facility,
    make_settlement,
    seed_settings,
)
from tests.factories import PersonFactory, make_household, new_id_number


@dataclass
class ElderlyPlace:
    facility: Facility
    canteen: Facility
    settlement: Settlement
    elder: Person  # born 1941: 85 in 2026, subsidised as aged (D7.2)
    subsidy: FacilitySubsidy  # the station's construction subsidy, a draft
    payable: InstitutionalPayable  # the canteen's settlement opened for payment (pending)


def _run() -> CoverageRun:
    return CoverageRun.objects.first() or CoverageRun.objects.create(
        area_prefix="3203",
        measured_on=dt.date(2026, 11, 1),
        walk_distance_m=1000,
        detour_factor=Decimal("1.30"),
        homes=0,
        facilities=0,
        created_by=clerk(),
    )


def elderly_place(area_code: str) -> ElderlyPlace:
    seed_settings()
    facility = make_facility(area_code, name=f"矩阵站点{area_code}")
    canteen = make_canteen(area_code, name=f"矩阵助餐点{area_code}")
    household = make_household(area_code, size=1)
    elder = PersonFactory(area_id=area_code, id_number=new_id_number(dt.date(1941, 3, 1)))
    household.memberships.create(person=elder, relation="parent", valid_from=dt.date(2020, 1, 1))
    lon, lat = POINT.get(area_code[:6], POINT["320302"])
    HomePoint.objects.create(household=household, longitude=Decimal(lon), latitude=Decimal(lat))
    MealRecord.objects.create(
        person=elder,
        canteen=canteen,
        served_on=dt.date(2026, 3, 2),
        meal="lunch",
        price=Decimal("12.00"),
        category="aged",
        subsidy=Decimal("3.00"),
        source="page",
        recorded_by=clerk(),
    )
    MealRefusal.objects.create(
        canteen=canteen,
        served_on=dt.date(2026, 3, 2),
        meal="lunch",
        id_number_masked="3203**********0011",
        reason="unknown_person",
        source="page",
        recorded_by=clerk(),
    )
    CoverageFigure.objects.create(
        run=_run(),
        level="community",
        area_code=area_code,
        kind="any",
        group="aged60",
        elderly=10,
        covered=7,
    )
    # The place's own operator (its account is kept by those who reach all its facilities)
    operator = Operator.objects.create(
        name=f"矩阵运营方{area_code}",
        operator_type="organisation",
        bank="矩阵开户行",
        account_number="6228480099998888",
        holder_name=f"矩阵运营方{area_code}",
    )
    Facility.objects.filter(pk__in=[facility.pk, canteen.pk]).update(operator=operator)
    facility.operator = canteen.operator = operator
    subsidy = FacilitySubsidy.objects.create(
        facility=facility,
        kind="construction",
        month=dt.date(2026, 1, 1),
        area_id=area_code,
        amount=Decimal("300000.00"),
        basis="矩阵",
        prepared_by=clerk(),
    )
    settlement = make_settlement(canteen)
    payable = payable_open(
        actor=clerk(),
        programme="elderly_meal_subsidy",
        county_code=area_code[:6],
        month=settlement.month,
        amount=Decimal("3.00"),
        source_kind="elderly.settlement",
        source_id=settlement.pk,
        source_label=f"{canteen.name} 2026年02月助餐补贴结算",
        subject_kind="elderly.facility",
        subject_id=canteen.pk,
        payee=operator_payee(operator),
    )
    return ElderlyPlace(facility, canteen, settlement, elder, subsidy, payable)
