"""Excel exports of the assistance lists: the case list's filters, area scope (D0.3),
masked ID numbers, amounts as numbers to the fen, and an `export` audit entry."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from minzheng.assistance.export import APPLICATION_HEADER, ENROLMENT_HEADER, money
from minzheng.assistance.models import Application, Enrolment, EnrolmentStatus
from minzheng.assistance.services import applications as apps
from minzheng.assistance.services import decisions
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import AuditEntry, Household, User
from tests.assistance.test_documents import _approved
from tests.factories import AREAS, make_household

pytestmark = pytest.mark.django_db
D = dt.date


def _submit(household: Household, actor: User, programme: str = "dibao") -> Application:
    return apps.application_submit(
        actor=actor,
        household=household,
        applicant=household.head,
        programme=programme,
        channel="online",
        applied_on=D(2026, 3, 2),
    )


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cases(users, standards) -> dict[str, Application]:
    """A dibao case accepted and refused, a temporary one submitted, one in 云龙区."""
    dibao = _submit(make_household(), users["township"])
    apps.application_accept(actor=users["township"], application=dibao, today=D(2026, 3, 3))
    decisions.application_refuse(
        actor=users["county"], application=dibao, reasons="收入超标", today=D(2026, 3, 9)
    )
    temporary = _submit(make_household(AREAS["community_a2"]), users["township"], "temporary")
    other = make_household(AREAS["community_b1"])
    elsewhere = _submit(
        other,
        User.objects.create(
            username="b_tr", role="township_reviewer", area_id=AREAS["township_b"]
        ),
    )
    return {"dibao": dibao, "temporary": temporary, "elsewhere": elsewhere}


def test_the_case_export_has_chinese_headers_and_only_cases_in_the_users_area(users, cases):
    rows = _rows(_client(users["county"]).get("/assistance/applications/export.xlsx"))
    assert rows[0] == APPLICATION_HEADER
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {cases["dibao"].number, cases["temporary"].number}
    assert cases["elsewhere"].number not in numbers  # 云龙区 (D0.3)
    mine = _rows(_client(users["caseworker"]).get("/assistance/applications/export.xlsx"))
    assert {row[0] for row in mine[1:]} == {cases["dibao"].number}  # community_a1 only


def test_the_case_export_takes_the_list_pages_filters(users, cases):
    client = _client(users["township"])
    by_programme = _rows(client.get("/assistance/applications/export.xlsx?programme=temporary"))
    assert [row[0] for row in by_programme[1:]] == [cases["temporary"].number]
    by_status = _rows(client.get("/assistance/applications/export.xlsx?status=refused"))
    assert [row[0] for row in by_status[1:]] == [cases["dibao"].number]
    assert by_status[1][3] == "不予批准（待告知）"
    entry = AuditEntry.objects.filter(action="export", object_type="assistance.application").last()
    assert entry is not None and entry.actor_username == "li_township"
    # the criteria in words, never codes (issue 17 item 8)
    assert entry.summary == "导出1条；条件：状态=不予批准（待告知）"
    assert entry.area_code == AREAS["township_a"]


def test_the_case_export_masks_id_numbers_and_writes_amounts_as_numbers(users, family):
    app = _approved(family, users)
    rows = _rows(_client(users["county"]).get("/assistance/applications/export.xlsx"))
    row = dict(zip(APPLICATION_HEADER, rows[1], strict=True))
    assert row["案件编号"] == app.number
    assert row["身份证号（脱敏）"] == mask_id_number(app.applicant.id_number)
    flat = [str(v) for r in rows for v in r if v is not None]
    assert app.applicant.id_number not in flat
    assert row["拟保障金额（元/月）"] == 560 and isinstance(row["核定金额（元）"], float | int)
    assert row["申请日期"].date() == D(2026, 3, 2)  # a real date cell
    assert row["状态"] == "已批准"


def test_the_enrolment_export_lists_current_enrolments_with_masked_heads(users, family):
    app = _approved(family, users)
    ended = _approved(make_household(), users)
    Enrolment.objects.filter(application=ended).update(status=EnrolmentStatus.ENDED)
    rows = _rows(_client(users["township"]).get("/assistance/enrolments/export.xlsx"))
    assert rows[0] == ENROLMENT_HEADER
    assert len(rows) == 2  # the ended enrolment is not current
    row = dict(zip(ENROLMENT_HEADER, rows[1], strict=True))
    head = family.head
    assert row["家庭编号"] == family.number and row["案件编号"] == app.number
    assert row["户主（脱敏）"] == mask_name(head.name)
    assert row["户主身份证号（脱敏）"] == mask_id_number(head.id_number)
    assert row["月保障金额（元）"] == 560 and row["起始月份"] == "2026-04"
    # The head is able to work: the calculator says every six months (D1.16), class B.
    assert row["保障人数"] == 2 and row["复核类别"] == "每半年复核"
    assert (
        AuditEntry.objects.filter(action="export", object_type="assistance.enrolment").count() == 1
    )


def test_another_countys_user_exports_none_of_these_enrolments(users, family):
    _approved(family, users)
    rows = _rows(_client(users["county_b"]).get("/assistance/enrolments/export.xlsx"))
    assert rows == [ENROLMENT_HEADER]


def test_exports_need_the_export_capability(users):
    leader = _client(users["leader"])
    assert leader.get("/assistance/applications/export.xlsx").status_code == 403
    assert leader.get("/assistance/enrolments/export.xlsx").status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_amounts_are_decimals_to_the_fen():
    assert money(Decimal("560")) == Decimal("560.00") and money(None) is None
    assert str(money(Decimal("333.335"))) == "333.34"
