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
    Organisation,
)
from minzheng.organisations.services.adoption import adoption_create
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.evaluation import evaluation_act, evaluation_score
from minzheng.organisations.services.reports import Filing, annual_report_file
from tests.organisations.factories import MONEY, make_org


@dataclass
class OrgPlace:
    organisation: Organisation
    report: AnnualReport  # the 2025 report, waiting for review
    listing: CreditListing
    scored: Evaluation  # an evaluation scored, not yet published
    in_publicity: Evaluation  # one in its publicity period
    adoption: Adoption  # the place's key household, adopted by the organisation
    second: Organisation  # another organisation of the place, to adopt it too


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
    return OrgPlace(org, reports[2025], listing, scored, in_publicity, adoption, second)
