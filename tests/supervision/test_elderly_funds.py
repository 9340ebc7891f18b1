"""Findings of the elderly-care funds rules (issue 14 item 6; S014–S016, D14.2, D14.4,
D14.5, D7.2) through the ingest, the elderly platform page and the finding page. A
facility's finding has no person: it stands in the facility's community, keyed by its
subject (`elderly.facility:<id>`). Expected values by hand from the rows written here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from minzheng.analytics.schema import SUPERVISION_FINDINGS_V1
from minzheng.core.workflow.engine import transition
from minzheng.supervision.models import Finding
from minzheng.supervision.services import (
    FindingsFileError,
    finding_rectify,
    findings_ingest,
    read_findings,
)
from tests.factories import AREAS, make_household, make_user
from tests.supervision.findings import row, write

pytestmark = pytest.mark.django_db
SEP1 = dt.date(2026, 9, 1)
FACILITY = "elderly.facility:7"


def _facility_row(rule: str = "S014", **fields: Any) -> dict[str, Any]:
    """城东养老服务站 (facility 7, in community_a3) paid its operating subsidy for
    2026-07 and 2026-08 after its closure on 2026-07-10."""
    programme = fields.pop("programme", "elderly_operating_subsidy")
    values = row(
        "",
        AREAS["community_a3"],
        rule=rule,
        platform="elderly",
        programme=programme,
        first="2026-07",
        last="2026-08",
        months=2,
        amount="4000.00",
        evidence={"facility_id": 7, "opened_on": "2023-01-10", "closed_on": "2026-07-10"},
    )
    key = f"{rule}|{FACILITY}|{programme}|2026-07"
    values.update(
        id_number=None,
        finding_key=hashlib.sha256(key.encode()).hexdigest(),
        subject=FACILITY,
        subject_name="城东养老服务站",
    )
    values.update(fields)
    return values


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def loaded(sup_settings, tmp_path, capsys):
    """Through the command: S014 and S015 about facility 7, S016 about a person."""
    worker = make_user("sup_cw_a3", "caseworker", AREAS["community_a3"])
    elder = make_household(AREAS["community_a1"]).head
    twice = row(
        elder.id_number,
        AREAS["community_a1"],
        rule="S016",
        platform="elderly",
        programme="elderly_meal_subsidy",
        first="2026-08",
        last="2026-08",
        months=1,
        amount="3.00",
        evidence={"meal_times_twice": 1, "canteen_ids": "3 / 5", "first_day": "2026-08-05"},
    )
    crowded = _facility_row(
        "S015",
        programme="elderly_meal_subsidy",
        amount_at_risk=Decimal("10.00"),
        evidence=json.dumps({"capacity": 20, "most_meals": 24}),
    )
    write(tmp_path / "run" / "findings.parquet", [_facility_row(), crowded, twice])
    call_command("supervision_ingest", str(tmp_path / "run"))
    out = capsys.readouterr().out
    return {"out": out, "worker": worker, "elder": elder}


def test_a_facility_finding_is_kept_in_its_community_without_a_person(loaded):
    # three new, none counted as an unknown person (a facility is no person)
    assert "新增3条" in loaded["out"] and "登记库无此人0条" in loaded["out"]
    closed = Finding.objects.get(rule_id="S014")
    assert (closed.person, closed.household, closed.id_number_masked) == (None, None, "")
    assert (closed.subject, closed.subject_name) == (FACILITY, "城东养老服务站")
    assert (closed.area_id, closed.platform) == (AREAS["community_a3"], "elderly")
    assert closed.assigned_to == loaded["worker"] and closed.status == "open"
    assert closed.subject_label == "养老服务设施“城东养老服务站”"
    assert closed.programme_label == "养老服务设施运营补贴"
    meals = Finding.objects.get(rule_id="S016")
    assert (meals.person, meals.subject) == (loaded["elder"], "")
    assert meals.area_id == AREAS["community_a1"]


def test_the_same_facility_finding_again_opens_nothing(loaded, tmp_path):
    path = write(tmp_path / "again.parquet", [_facility_row()])
    result = findings_ingest(findings=read_findings(path), today=SEP1)
    assert (result.created, result.known) == (0, 1)


def test_the_elderly_platform_counts_the_facility_findings(loaded, users):
    page = _as(users["auditor"]).get("/supervision/platforms/elderly/").content.decode()
    assert '<p class="figure" id="open-findings">3</p>' in page
    assert "4013.00" in page  # 4,000.00 + 10.00 + 3.00
    assistance = _as(users["auditor"]).get("/supervision/platforms/assistance/").content.decode()
    assert '<p class="figure" id="open-findings">0</p>' in assistance


def test_the_finding_page_names_the_facility_in_chinese(loaded, users):
    f = Finding.objects.get(rule_id="S014")
    page = _as(users["county"]).get(f"/supervision/findings/{f.pk}/").content.decode()
    assert "养老服务设施“城东养老服务站”（不涉及个人）" in page
    assert "养老服务设施停业或未开业期间获拨资金" in page  # the rule's title_zh
    assert "资金项目</dt><dd>养老服务设施运营补贴" in page
    assert "停业关闭日期：2026-07-10" in page and "开业日期：2023-01-10" in page
    assert "elderly.facility" not in page and "登记库无此人" not in page
    crowded = Finding.objects.get(rule_id="S015")
    page = _as(users["county"]).get(f"/supervision/findings/{crowded.pk}/").content.decode()
    assert "助餐点申报补贴餐次超过接待能力" in page and "老年助餐补贴" in page
    assert "接待能力（每餐次座位数）：20" in page
    listing = _as(users["county"]).get("/supervision/findings/").content.decode()
    assert "养老服务设施“城东养老服务站”" in listing and "未知（" not in listing


def test_the_api_gives_the_facility_and_no_person(loaded, users):
    f = Finding.objects.get(rule_id="S014")
    body = _as(users["county"]).get(f"/api/v1/supervision/findings/{f.pk}").json()
    assert (body["subject"], body["subject_name"]) == (FACILITY, "城东养老服务站")
    assert (body["person_id"], body["id_number_masked"]) == (None, "")
    assert (body["platform"], body["area_code"]) == ("elderly", AREAS["community_a3"])


def test_a_facility_finding_is_not_stopped_or_recovered_as_a_person(loaded, users):
    f = Finding.objects.get(rule_id="S014")
    transition(f, "confirm", users["county"], note="核实属实", today=SEP1)
    for kind, field in (("stop", "kind"), ("recover", "amount")):
        with pytest.raises(ValidationError) as refused:
            finding_rectify(
                actor=users["county"], finding=f, kind=kind, note="处理", today=SEP1,
                amount=Decimal("100.00"),
            )  # fmt: skip
        assert field in refused.value.message_dict
        assert "城东养老服务站" in refused.value.message_dict[field][0]
    step = finding_rectify(
        actor=users["county"], finding=f, kind="correct", note="已责令退回补贴", today=SEP1
    )
    assert step.kind == "correct"


def test_a_row_with_neither_a_number_nor_a_subject_names_the_row(sup_settings, tmp_path):
    path = write(tmp_path / "f.parquet", [_facility_row(subject=None)])
    with pytest.raises(FindingsFileError, match="第1行 finding_key / id_number（或 subject）"):
        findings_ingest(findings=read_findings(path), today=SEP1)
    assert not Finding.objects.exists()


def test_a_run_published_before_the_subject_columns_is_still_read(sup_settings, tmp_path):
    head = make_household(AREAS["community_a1"]).head
    old = row(head.id_number, AREAS["community_a1"])
    path = tmp_path / "old.parquet"
    pq.write_table(pa.Table.from_pylist([old], schema=SUPERVISION_FINDINGS_V1), path)
    result = findings_ingest(findings=read_findings(path), today=SEP1)
    assert result.created == 1
    assert Finding.objects.get().subject == ""
