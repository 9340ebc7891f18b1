"""What the area-scope matrix (tests/core/test_scope_matrix.py) needs of organisations
in a place: an organisation whose domicile is the place, with a 2025 annual report
waiting for review and a listing on the abnormal list that may be removed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.core.models import User
from minzheng.core.settings_write import seed_examples
from minzheng.organisations.models import AnnualReport, CreditListing, Organisation
from minzheng.organisations.services.credit import listing_create
from minzheng.organisations.services.reports import Filing, annual_report_file
from tests.organisations.factories import MONEY, make_org


@dataclass
class OrgPlace:
    organisation: Organisation
    report: AnnualReport
    listing: CreditListing


def _registrar() -> User:
    """A provincial administrator, who reaches every place of the matrix."""
    user, _ = User.objects.get_or_create(
        username="organisations_registrar", defaults={"role": "city_admin", "area_id": "320000"}
    )
    return user


def organisations_place(area_code: str) -> OrgPlace:
    seed_examples(apps=["organisations"])
    registrar = _registrar()
    org = make_org(registrar, dt.date(2024, 3, 1), area=area_code, name=f"矩阵协会{area_code}")
    filing = Filing(2025, dt.date(2026, 3, 20), None, MONEY, MONEY, MONEY, 2, "矩阵活动")
    report = annual_report_file(
        actor=registrar, organisation=org, filing=filing, today=dt.date(2026, 3, 20)
    )
    listing = listing_create(
        organisation=org, reason="unreachable", on=dt.date(2026, 4, 1), actor=registrar
    )
    return OrgPlace(org, report, listing)
