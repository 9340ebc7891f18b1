"""What the area-scope matrix (tests/core/test_scope_matrix.py) needs of organisations
in a place: an organisation whose domicile is the place, with a 2025 annual report
waiting for review and a listing on the abnormal list that may be removed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from minzheng.core.duties import duty_grant
from minzheng.core.models import Household, User
from minzheng.core.settings_write import seed_examples
from minzheng.organisations.models import (
    Adoption,
    AnnualReport,
    CreditListing,
    Evaluation,
    FeeItem,
    Organisation,
    PartyBranch,
    RegistrationApplication,
)
from minzheng.organisations.services.adoption import adoption_create
from minzheng.organisations.services.applications import RegistrationIntake, registration_apply
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.evaluation import evaluation_act, evaluation_score
from minzheng.organisations.services.fees import FeeData, fee_item_create
from minzheng.organisations.services.party import branch_create, supervision_facts_set
from minzheng.organisations.services.reports import Filing, annual_report_file
from tests.licensing.conftest import write_limits
from tests.organisations.factories import MONEY, credit_code, make_org, org_data


@dataclass
class OrgPlace:
    organisation: Organisation
    report: AnnualReport  # the 2025 report, waiting for review
    listing: CreditListing
    scored: Evaluation  # an evaluation scored, not yet published
    in_publicity: Evaluation  # one in its publicity period
    adoption: Adoption  # the place's key household, adopted by the organisation
    second: Organisation  # another organisation of the place, to adopt it too
    fee: FeeItem  # a service fee of `organisation` (a trade association), to review
    branch: PartyBranch  # the party branch of `second`; `organisation` has 3 members, none
    registration: RegistrationApplication  # an establishment received by the county bureau


def _registrar() -> User:
    """A provincial administrator, who reaches every place of the matrix."""
    user, made = User.objects.get_or_create(
        username="organisations_registrar", defaults={"role": "city_admin", "area_id": "320000"}
    )
    if made:
        duty_grant(actor=None, user=user, code="organisation_registrar")
    return user


def organisations_place(area_code: str, key_household: Household) -> OrgPlace:
    seed_examples(apps=["organisations"])
    registrar = _registrar()
    org = make_org(registrar, dt.date(2023, 3, 1), area=area_code, name=f"矩阵协会{area_code}")
    reports = {}
    for year in range(2024, timezone.localdate().year):  # every report due, whatever today
        filed = dt.date(year + 1, 3, 20)
        filing = Filing(year, filed, None, MONEY, MONEY, MONEY, 2, "矩阵活动")
        reports[year] = annual_report_file(
            actor=registrar, organisation=org, filing=filing, today=filed
        )
    listing = listing_create(
        organisation=org, reason="unreachable", on=dt.date(2026, 4, 1), actor=registrar
    )
    scores = {"basic": 90, "governance": 350, "performance": 300, "reputation": 120}
    scored = evaluation_score(actor=registrar, organisation=org, scores=scores)
    in_publicity = evaluation_score(actor=registrar, organisation=org, scores=scores)
    evaluation_act(actor=registrar, evaluation=in_publicity, action="publish")
    adoption = adoption_create(
        actor=registrar,
        organisation=org,
        household=key_household,
        plan="每月探访",
        adopted_on=timezone.localdate(),
    )
    second = make_org(registrar, dt.date(2023, 3, 1), area=area_code, name=f"矩阵乙会{area_code}")
    today = timezone.localdate()
    supervision_facts_set(
        actor=registrar, organisation=org, party_members=3, trade_association=True
    )
    fee = fee_item_create(
        actor=registrar,
        organisation=org,
        data=FeeData(
            "service",
            "矩阵培训费",
            MONEY,
            "元/人次",
            dt.date(2026, 1, 1),
            pricing_basis="理事会审议",
        ),
    )
    branch = branch_create(
        actor=registrar,
        organisation=second,
        name=f"矩阵乙会党支部{area_code}",
        kind="own",
        established_on=dt.date(2025, 1, 1),
        secretary="李书记",
        members=3,
    )
    write_limits()
    registration = registration_apply(
        actor=registrar,
        intake=RegistrationIntake(
            kind="establishment",
            authority=area_code[:6],
            contact_phone="0516-83001234",
            materials=("application",),
            received_on=today,
            proposed=org_data(
                area=area_code,
                name=f"矩阵拟设协会{area_code}",
                credit_code=credit_code(serial=int(area_code) % 9_999_999),
            ),
        ),
    )
    return OrgPlace(
        org,
        reports[2025],
        listing,
        scored,
        in_publicity,
        adoption,
        second,
        fee,
        branch,
        registration,
    )
