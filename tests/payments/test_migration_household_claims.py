"""Migration payments 0006 (D13.1, D13.3): existing claims get their line's household
and the household flag of their programme; an installation where a household month was
already paid twice is stopped with the months to recover, not upgraded over them.
The double payment is made by dropping the new constraint inside the test's
transaction (both engines roll the DDL back with it)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from minzheng.payments.models import CoveredMonth
from tests.payments.conftest import D, account_for, claim_again_for_other_member, enrol, paid_cycle

pytestmark = pytest.mark.django_db
OCT = D(2026, 10, 1)
MIGRATION = importlib.import_module("minzheng.payments.migrations.0006_household_month_claims")


def _paid(users):
    e = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], e.household)
    paid_cycle(users, OCT)
    return e


def test_the_backfill_gives_each_claim_its_lines_household(users, pay_settings):
    e = _paid(users)
    CoveredMonth.objects.update(household_id=e.household_id + 1000, household_claim=False)
    with connection.cursor() as cursor:
        cursor.execute(MIGRATION.BACKFILL)
    assert list(CoveredMonth.objects.values_list("household_id", "household_claim")) == [
        (e.household_id, True)
    ]


def test_an_installation_with_a_household_month_paid_twice_is_not_upgraded(users, pay_settings):
    e = _paid(users)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX a_household_month_is_paid_once")
    # October paid again to the second head: the bug this migration ends
    claim_again_for_other_member(CoveredMonth.objects.get())
    editor = SimpleNamespace(connection=connection)
    with pytest.raises(RuntimeError) as refused:
        MIGRATION._refuse_double_payments(None, editor)
    assert f"家庭{e.household_id} dibao 2026-10（2次）" in str(refused.value)
    assert "追回" in str(refused.value)


def test_an_installation_without_one_is_upgraded(users, pay_settings):
    _paid(users)
    MIGRATION._refuse_double_payments(None, SimpleNamespace(connection=connection))
