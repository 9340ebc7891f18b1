"""The beneficiary roll import (issue 10 item 8): every refusal reason with its row,
column and Chinese reason; a person outside the importer's area reported exactly as an
unknown one; all or nothing, also when the database refuses half-way; and the imported
beneficiaries paid by the next payroll at the amounts the file gave (by hand)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import Workbook

from minzheng.assistance.models import Application, Enrolment, EnrolmentChange
from minzheng.core import idnumber
from minzheng.core.models import AuditEntry, ConfigValue, Household, Person
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.models import PayeeAccount, PayrollLine
from minzheng.payments.roll import importer
from minzheng.payments.roll.checks import UNKNOWN_PERSON
from minzheng.payments.roll.importer import RollRefused, roll_import
from tests.factories import AREAS, make_household
from tests.payments.conftest import DEC, D, computed_cycle

pytestmark = pytest.mark.django_db
TODAY = D(2026, 12, 10)
HEADER = "公民身份号码,姓名,救助项目,月发放金额（元）,起始月份,开户银行,账号,户名"


@pytest.fixture
def roll_settings(pay_settings):
    ConfigValue.objects.create(
        key="dibao.review.stable_months", value="12", effective_from=D(2020, 1, 1), basis="测试"
    )


@pytest.fixture
def families(roll_settings):
    return make_household(size=3), make_household(size=1)


def _row(person: Person, programme="低保", amount="560.00", month="2026-01", **kw) -> str:
    values = {
        "id_number": person.id_number,
        "name": person.name,
        "programme": programme,
        "amount": amount,
        "month": month,
        "bank": "中国农业银行徐州分行",
        "account": f"62284800{person.pk:010d}",
        "holder": person.name,
        **kw,
    }
    return ",".join(values.values())


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


def _refused(users, *rows: str) -> list[tuple[int, str, str]]:
    with pytest.raises(RollRefused) as refused:
        roll_import(actor=users["county"], content=_csv(*rows), filename="名册.csv", today=TODAY)
    return [(e.row, e.field, e.message) for e in refused.value.errors]


def _nothing_written() -> None:
    assert not Enrolment.objects.exists()
    assert not Application.objects.exists()
    assert not PayeeAccount.objects.exists()


def test_a_valid_roll_enrols_and_records_accounts(users, families):
    a, b = families
    outcome = roll_import(
        actor=users["county"],
        content=_csv(_row(a.head), _row(b.head, programme="特困人员救助供养", amount='"1,200.5"')),
        filename="名册.csv",
        today=TODAY,
    )
    assert (outcome.enrolments, outcome.accounts) == (2, 2)
    dibao = Enrolment.objects.get(household=a)
    assert (dibao.programme, dibao.monthly_amount, dibao.starts_on) == (
        "dibao",
        Decimal("560.00"),
        D(2026, 1, 1),
    )
    assert dibao.covered_members == 3  # the household's current members
    assert dibao.next_review_on == D(2027, 1, 1)  # 12 months from the start, after today
    assert dibao.application.track == "roll" and dibao.application.status == "approved"
    special = Enrolment.objects.get(household=b)
    assert (special.programme, special.monthly_amount) == ("extreme_poverty", Decimal("1200.50"))
    assert EnrolmentChange.objects.filter(kind="start", amount_after=Decimal("560.00")).exists()
    account = PayeeAccount.objects.get(person=a.head)
    assert account.account_number == f"62284800{a.head.pk:010d}"
    assert account.holder_name == a.head.name
    assert (
        AuditEntry.objects.filter(object_type="assistance.enrolment", action="create").count() == 2
    )
    assert AuditEntry.objects.filter(object_type="payments.payeeaccount").count() == 2
    assert AuditEntry.objects.filter(action="import", object_type="assistance.enrolment").exists()


def test_the_imported_roll_is_paid_by_the_next_payroll(users, families):
    a, _ = families
    roll_import(
        actor=users["county"],
        content=_csv(_row(a.head, amount="630")),
        filename="r.csv",
        today=TODAY,
    )
    cycle = computed_cycle(users["county"], DEC)
    line = PayrollLine.objects.get(cycle=cycle)
    # 630.00 for December; no arrears (no payroll ran before), the account on the roll.
    assert (line.base, line.arrears, line.total, line.status) == (
        Decimal("630.00"),
        Decimal("0.00"),
        Decimal("630.00"),
        "pending",
    )


def test_an_excel_roll_reads_like_a_csv(users, families):
    a, _ = families
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(_row(a.head).split(","))
    data = io.BytesIO()
    book.save(data)
    outcome = roll_import(
        actor=users["county"], content=data.getvalue(), filename="名册.xlsx", today=TODAY
    )
    assert outcome.enrolments == 1


def test_an_id_number_typed_as_a_number_in_excel_is_refused(users, families):
    a, _ = families
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    cells: list[object] = _row(a.head).split(",")
    cells[6] = float(cells[6])  # type: ignore[arg-type]
    sheet.append(cells)
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(RollRefused) as refused:
        roll_import(actor=users["county"], content=data.getvalue(), filename="r.xlsx", today=TODAY)
    assert [(e.row, e.field) for e in refused.value.errors] == [(2, "账号")]


def test_an_unknown_person(users, families):
    stranger = Person(
        pk=999_999, id_number=idnumber.make("110101", D(1990, 3, 7), 777), name="无名氏"
    )
    assert _refused(users, _row(stranger)) == [(2, "公民身份号码", UNKNOWN_PERSON)]
    _nothing_written()


def test_a_person_outside_the_area_is_reported_as_unknown_and_not_named(users, families):
    other = make_household(AREAS["community_b1"], size=1)
    problems = _refused(users, _row(other.head))
    assert problems == [(2, "公民身份号码", UNKNOWN_PERSON)]
    assert other.head.name not in str(problems)


def test_a_name_that_is_not_the_registrys(users, families):
    a, _ = families
    assert _refused(users, _row(a.head, name="张冒名", holder="张冒名")) == [
        (2, "姓名", "姓名与登记库中该身份证号码的姓名不一致")
    ]


def test_an_unknown_programme(users, families):
    a, _ = families
    [(row, field, message)] = _refused(users, _row(a.head, programme="五保"))
    assert (row, field) == (2, "救助项目")
    assert message.startswith("没有“五保”这个救助项目（可填：最低生活保障")


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("五百", "“五百”不是金额，请填写数字，例如 560.00"),
        ("0", "金额须大于零"),
        ("-20", "金额须大于零"),
        ("560.005", "金额最多两位小数（元、角、分）"),
        ("", "必填"),
    ],
)
def test_a_bad_amount(users, families, amount, reason):
    a, _ = families
    assert _refused(users, _row(a.head, amount=amount)) == [(2, "月发放金额（元）", reason)]


@pytest.mark.parametrize(
    ("month", "reason"),
    [
        ("2026-13", "“2026-13”不是月份，请按“年-月”填写，例如 2024-03"),
        ("去年", "“去年”不是月份，请按“年-月”填写，例如 2024-03"),
        ("2027-01", "起始月份不能晚于本月"),
    ],
)
def test_a_bad_month(users, families, month, reason):
    a, _ = families
    assert _refused(users, _row(a.head, month=month)) == [(2, "起始月份", reason)]


@pytest.mark.parametrize("month", ["2024/3", "2024年3月", "202403", "2024-03-01"])
def test_months_in_the_ways_people_write_them(users, families, month):
    a, _ = families
    roll_import(
        actor=users["county"],
        content=_csv(_row(a.head, month=month)),
        filename="r.csv",
        today=TODAY,
    )
    assert Enrolment.objects.get().starts_on == D(2024, 3, 1)


def test_a_duplicate_row(users, families):
    a, _ = families
    assert _refused(users, _row(a.head), _row(a.head, amount="600")) == [
        (3, "公民身份号码", "与第2行重复")
    ]
    _nothing_written()


def test_a_card_in_another_persons_name(users, families):
    a, b = families
    assert _refused(users, _row(a.head, holder=b.head.name)) == [
        (2, "户名", "户名与本人姓名不一致，不得代持他人账户（D13.2）")
    ]


def test_a_household_programme_names_the_head(users, families):
    a, _ = families
    member = Person.objects.filter(memberships__household=a).exclude(pk=a.head_id).first()
    assert _refused(users, _row(member)) == [
        (2, "公民身份号码", "该项目按户发放，请填写户主（收款人为户主，D13.2）")
    ]


def test_a_household_already_enrolled(users, families):
    a, _ = families
    roll_import(actor=users["county"], content=_csv(_row(a.head)), filename="r.csv", today=TODAY)
    assert _refused(users, _row(a.head)) == [(2, "救助项目", "已在享受此项救助，不能重复纳入")]


def test_a_missing_column_refuses_the_file(users, families):
    content = "公民身份号码,姓名\n".encode()
    with pytest.raises(RollRefused) as refused:
        roll_import(actor=users["county"], content=content, filename="r.csv", today=TODAY)
    assert [(e.row, e.field) for e in refused.value.errors][:2] == [
        (1, "救助项目"),
        (1, "月发放金额（元）"),
    ]


def test_every_bad_row_is_reported_and_the_good_ones_are_not_written(users, families):
    a, b = families
    problems = _refused(
        users,
        _row(a.head),  # good
        _row(b.head, amount="x"),
        "",  # a blank line keeps its number
        _row(b.head, month="0000-00", holder="某某"),
    )
    assert [(row, field) for row, field, _ in problems] == [
        (3, "月发放金额（元）"),
        (5, "起始月份"),  # the first problem of a row; the row is re-checked after correction
    ]
    _nothing_written()


def test_a_database_refusal_half_way_leaves_nothing(users, families, monkeypatch):
    a, b = families
    calls = []
    real = importer.payee_account_save

    def failing(**kw):
        calls.append(kw["person"])
        if len(calls) == 2:
            raise RuntimeError("磁盘已满（模拟）")
        return real(**kw)

    monkeypatch.setattr(importer, "payee_account_save", failing)
    with pytest.raises(RuntimeError):
        roll_import(
            actor=users["county"],
            content=_csv(_row(a.head), _row(b.head)),
            filename="r.csv",
            today=TODAY,
        )
    _nothing_written()
    assert not AuditEntry.objects.filter(object_type="assistance.enrolment").exists()


def test_only_the_payroll_role_imports_a_roll(users, families):
    a, _ = families
    with pytest.raises(ActionNotPermitted):
        roll_import(
            actor=users["township"], content=_csv(_row(a.head)), filename="r.csv", today=TODAY
        )
    assert Household.objects.count() == 2
    _nothing_written()


def test_a_gbk_csv_from_excel_is_read(users, families):
    a, _ = families
    content = ("\n".join([HEADER, _row(a.head)]) + "\n").encode("gb18030")
    assert (
        roll_import(
            actor=users["county"], content=content, filename="r.csv", today=TODAY
        ).enrolments
        == 1
    )


def test_today_is_the_import_day_by_default(users, families, monkeypatch):
    a, _ = families
    monkeypatch.setattr(importer.timezone, "localdate", lambda: dt.date(2026, 12, 31))
    roll_import(
        actor=users["county"], content=_csv(_row(a.head, month="2026-12")), filename="r.csv"
    )
    assert Enrolment.objects.get().starts_on == D(2026, 12, 1)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_every_problem_and_imports_nothing(users, families):
    a, b = families
    data = _csv(_row(a.head, amount="0"), _row(b.head, holder="某某"))
    page = _client(users["county"]).post(
        "/payments/roll/", {"file": SimpleUploadedFile("名册.csv", data)}
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "校验未通过，未导入任何数据" in text and "发现2处错误" in text
    assert "第2行" in text and "金额须大于零" in text
    assert "第3行" in text and "户名与本人姓名不一致，不得代持他人账户（D13.2）" in text
    _nothing_written()


def test_the_page_refuses_a_file_that_is_no_roll(users, families):
    page = _client(users["county"]).post(
        "/payments/roll/", {"file": SimpleUploadedFile("名册.pdf", b"%PDF")}
    )
    assert page.status_code == 422
    assert "只能上传Excel表格（.xlsx）或逗号分隔的文本文件（.csv）" in page.content.decode()


def test_the_page_imports_and_says_so(users, families):
    a, _ = families
    client = _client(users["county"])
    done = client.post(
        "/payments/roll/", {"file": SimpleUploadedFile("名册.csv", _csv(_row(a.head)))}
    )
    assert done.status_code == 302
    assert (
        "名册已导入：纳入保障1户（人），收款账户1个"
        in client.get(done["Location"]).content.decode()
    )


def test_the_command_prints_every_problem_and_exits_1(users, families, tmp_path, capsys):
    a, _ = families
    path = tmp_path / "名册.csv"
    path.write_bytes(_csv(_row(a.head, month="2026-13")))
    with pytest.raises(CommandError, match="名册未导入：1处错误"):
        call_command("payments_roll_import", str(path), "--user", users["county"].username)
    assert "第2行 起始月份：“2026-13”不是月份" in capsys.readouterr().err
    path.write_bytes(_csv(_row(a.head)))
    call_command("payments_roll_import", str(path), "--user", users["county"].username)
    assert "名册已导入：纳入保障1户（人）" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="import", channel="cli").exists()
