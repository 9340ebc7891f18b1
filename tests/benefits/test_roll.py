"""The benefits' recipient roll in Excel (issue 19 item 5): import all or nothing with
every problem named by row and column in Chinese; export of the roll in force, masked.

Expected answers by hand: a living-subsidy row at 30 % pays 30 % of the urban example
standard 780 = 234.00 and keeps that share for the standard's later changes (D4.3);
the old-age allowance needs 80 completed by the end of the month before the start
month (D7.3); an expired certificate cannot be paid (D4.2)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from minzheng.assistance.models import Enrolment
from minzheng.benefits.roll import BenefitRollRefused, benefit_roll_export, benefit_roll_import
from minzheng.core.models import AuditEntry, Person
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.models import PayeeAccount
from tests.benefits.test_old_age import elder

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 20)
HEADER = [
    "公民身份号码",
    "姓名",
    "补贴项目",
    "月发放金额（元）",
    "起始月份",
    "开户银行",
    "账号",
    "户名",
    "残疾类别",
    "残疾等级",
    "残疾人证有效期至",
    "占低保标准比例",
]


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(person: Person, programme: str, amount: str = "234.00", **extra: str) -> list[object]:
    values = {
        "type": "肢体残疾",
        "grade": "二级",
        "expires": "2029-01-09",
        "ratio": "30%",
        **extra,
    }
    return [
        person.id_number,
        person.name,
        programme,
        amount,
        "2026-01",
        "中国农业银行徐州分行",
        f"62284800{person.pk:010d}",
        person.name,
        values["type"],
        values["grade"],
        values["expires"],
        values["ratio"],
    ]


def run(users, content: bytes, who: str = "county"):
    return benefit_roll_import(
        actor=users[who], content=content, filename="名册.xlsx", today=TODAY
    )


def test_a_valid_roll_is_enrolled_with_its_share_grade_and_account(
    benefit_settings, users
) -> None:
    disabled = elder(D(1980, 5, 5))
    old = elder(D(1940, 1, 15))
    outcome = run(
        users,
        xlsx(
            [row(disabled, "困难残疾人生活补贴"), row(old, "高龄津贴", "50.00", type="", grade="")]
        ),
    )
    assert (outcome.enrolments, outcome.accounts) == (2, 2)
    living = Enrolment.objects.get(application__applicant=disabled)
    assert (living.programme, living.starts_on) == ("disability_living_subsidy", D(2026, 1, 1))
    assert living.monthly_amount == Decimal("234.00")
    grant = living.benefit_grant
    assert (grant.ratio, grant.disability_type, grant.disability_grade) == ("0.3", "physical", 2)
    assert living.next_review_on == D(2029, 1, 9)  # reviewed when the certificate expires
    assert PayeeAccount.objects.filter(person=disabled).exists()
    assert Enrolment.objects.get(application__applicant=old).programme == "old_age_allowance"


def test_any_problem_imports_nothing_and_names_row_and_column(benefit_settings, users) -> None:
    good = elder(D(1980, 5, 5))
    young = elder(D(1946, 6, 1))  # 79 at the end of December 2025
    expired = elder(D(1975, 1, 1))
    content = xlsx(
        [
            row(good, "困难残疾人生活补贴"),
            row(young, "高龄津贴", "50.00"),
            row(expired, "重度残疾人护理补贴", "130.00", expires="2026-03-19"),
            row(good, "护理补贴", "130.00", grade="五级"),
            row(good, "困难残疾人生活补贴", ratio="150%"),
            [
                good.id_number,
                "别人",
                "高龄津贴",
                "50",
                "2026-01",
                "银行",
                "6228480000000001",
                "别人",
            ],
            row(good, "残疾人补助", "10"),
        ]
    )
    with pytest.raises(BenefitRollRefused) as refused:
        run(users, content)
    found = {(e.row, e.field) for e in refused.value.errors}
    assert found == {
        (3, "起始月份"),
        (4, "残疾人证有效期至"),
        (5, "残疾等级"),
        (6, "占低保标准比例"),
        (7, "姓名"),
        (8, "补贴项目"),
    }
    assert "未满80周岁" in next(e.message for e in refused.value.errors if e.row == 3)
    assert Enrolment.objects.count() == 0


def test_a_duplicate_row_and_someone_elses_person_are_refused(benefit_settings, users) -> None:
    mine = elder(D(1980, 5, 5))
    theirs = elder(D(1980, 5, 5), area="320303001001")
    content = xlsx(
        [row(mine, "困难残疾人生活补贴"), row(mine, "困难残疾人生活补贴"), row(theirs, "护理补贴")]
    )
    with pytest.raises(BenefitRollRefused) as refused:
        run(users, content)
    messages = {(e.row, e.field): e.message for e in refused.value.errors}
    assert messages[(3, "公民身份号码")] == "与第2行重复"
    assert messages[(4, "公民身份号码")] == "登记库中没有此人，或此人不在您的管辖区域内"


def test_only_whoever_runs_the_payroll_imports(benefit_settings, users) -> None:
    with pytest.raises(ActionNotPermitted):
        run(users, xlsx([]), who="caseworker")


def test_the_export_is_the_roll_in_force_masked_and_audited(benefit_settings, users) -> None:
    disabled = elder(D(1980, 5, 5))
    run(users, xlsx([row(disabled, "困难残疾人生活补贴")]))
    content = benefit_roll_export(actor=users["township"], today=TODAY)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "身份证号（脱敏）", "补贴项目")
    [line] = rows[1:]
    assert line[0] == disabled.name and line[1] != disabled.id_number
    assert line[2] == "困难残疾人生活补贴" and line[5] == 234
    assert AuditEntry.objects.filter(action="export", object_type="assistance.enrolment").exists()


def test_the_import_page_lists_the_errors_in_chinese(benefit_settings, users) -> None:
    client = Client()
    client.force_login(users["county"])
    assert client.get("/benefits/recipients/import/").status_code == 200
    person = elder(D(1980, 5, 5))
    upload = io.BytesIO(xlsx([row(person, "重度残疾人护理补贴", "130.00", grade="")]))
    upload.name = "名册.xlsx"
    answer = client.post("/benefits/recipients/import/", {"file": upload})
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "未导入任何数据" in text and "第2行" in text and "残疾等级" in text
