"""Excel import and export of households (issue 3 item 6): every row is validated
first, nothing is written unless all rows are good, and every bad row is reported
with its field, on the page, in the error workbook and on the command line."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from minzheng.cli import main as minzheng
from minzheng.core.models import AuditEntry, Household, HouseholdMembership, Person
from minzheng.core.spreadsheets.columns import COLUMNS
from minzheng.core.spreadsheets.importer import households_import
from minzheng.core.spreadsheets.parsing import parse_row
from minzheng.core.spreadsheets.reader import SourceRow, read_rows
from minzheng.core.spreadsheets.template import template_workbook
from tests.factories import AREAS, PersonFactory, make_household, new_id_number

pytestmark = pytest.mark.django_db

A1, B1 = AREAS["community_a1"], AREAS["community_b1"]


@pytest.fixture(autouse=True)
def _private_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def member(number: str, name: str, relation: str = "户主", **cells: object) -> dict:
    row = {"household_number": number, "name": name, "relation": relation}
    row["id_number"] = cells.pop("id_number", None) or new_id_number(dt.date(1985, 1, 1))
    if relation == "户主":
        row |= {"area_code": A1, "address": "和平路1号"}
    return row | cells


def upload(client: Client, rows: list[dict], name: str = "家庭.xlsx"):
    content = template_workbook(rows=rows)
    return client.post("/households/import/", {"file": SimpleUploadedFile(name, content)})


def counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Household.objects.count(),
        HouseholdMembership.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def wang(users):
    client = Client()
    client.force_login(users["caseworker"])
    return client


def test_the_import_page_offers_the_template_and_the_upload(wang):
    html = wang.get("/households/import/").content.decode()
    assert 'href="/households/import/template.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    assert 'href="/households/import/"' in html  # in the navigation bar


TODAY = dt.date(2026, 6, 1)


def _cells(**values: object) -> SourceRow:
    base = {"household_number": "H", "name": "甲", "relation": "户主"}
    base["id_number"] = "320302198005170018"
    return SourceRow(2, (), base | values)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"id_number": "３２０３０２１９８００５１７００１８"},
            ("id_number", "320302198005170018"),
        ),
        ({"id_number": 320302198005170018}, ("id_number", "320302198005170018")),
        ({"disability_type": "肢体", "disability_grade": 2.0}, ("disability_grade", 2)),
        ({"disability_type": "visual", "disability_grade": "一级"}, ("disability_type", "visual")),
        ({"since": dt.datetime(2021, 3, 4, 0, 0)}, ("since", dt.date(2021, 3, 4))),
        ({"since": "2021年3月4日"}, ("since", dt.date(2021, 3, 4))),
        ({"since": 20210304}, ("since", dt.date(2021, 3, 4))),
        ({"relation": "女婿"}, ("relation", "child_in_law")),
        ({"area_code": 320302001001.0}, ("area_code", "320302001001")),
        ({"since": None}, ("since", TODAY)),
    ],
)
def test_cells_are_read_as_people_type_them(cells, expected):
    row, errors = parse_row(_cells(**cells), TODAY)
    assert errors == []
    assert getattr(row, expected[0]) == expected[1]


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ({"id_number": 3.20302198005170e17}, "公民身份号码", "须以文本格式填写"),
        ({"id_number": "32030219800230001X"}, "公民身份号码", "出生日期19800230不存在"),
        ({"disability_grade": "5级", "disability_type": "视力"}, "残疾等级", "1级至4级"),
        ({"disability_certificate": "C1"}, "残疾人证号", "未填写残疾类别"),
        ({"since": "2099-01-01"}, "加入日期", "不能晚于今天"),
        ({"since": "1979-01-01"}, "加入日期", "早于出生日期1980-05-17"),
        ({"name": "名" * 51}, "姓名", "不能超过50个字"),
        ({"area_code": "3203"}, "村（社区）代码", "应为12位数字"),
    ],
)
def test_each_unreadable_cell_is_named_with_its_reason(cells, field, message):
    _, errors = parse_row(_cells(**cells), TODAY)
    assert [(e.field, message in e.message) for e in errors] == [(field, True)]


def test_a_damaged_workbook_is_refused_as_unreadable():
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<unclosed")
    assert [e.message for e in read_rows(broken.getvalue()).errors] == [
        "无法读取文件，请上传Excel（.xlsx）格式的导入模板"
    ]


def test_the_template_has_chinese_headers_a_guide_and_drop_down_lists(wang):
    response = wang.get("/households/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["家庭成员", "区划代码", "填写说明"]
    sheet = book["家庭成员"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert [c.value for c in sheet[1]][:6] == [
        "家庭编号",
        "村（社区）代码",
        "住址",
        "姓名",
        "公民身份号码",
        "与户主关系",
    ]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("户主" in f and "配偶" in f for f in lists)
    assert any("肢体残疾" in f for f in lists)
    codes = [r[0] for r in book["区划代码"].iter_rows(min_row=2, values_only=True)]
    assert codes == [A1]  # the caseworker's own community only
    assert "每户有且只有一行" in str(book["填写说明"]["A3"].value)


def test_the_downloaded_template_filled_in_and_uploaded_round_trips(wang):
    book = load_workbook(io.BytesIO(wang.get("/households/import/template.xlsx").content))
    sheet = book["家庭成员"]
    head_id, child_id = new_id_number(), new_id_number(dt.date(2012, 6, 1), male=False)
    sheet.append(["R1", A1, "解放路8号", "周一", head_id, "户主", "13912345678"])
    sheet.append(["R1", None, None, "周小", child_id.lower(), "子女", None, "听力", "二级"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = wang.post(
        "/households/import/", {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert "导入成功" in response.content.decode()
    household = Household.objects.get(number="R1")
    assert household.head is not None and household.head.name == "周一"
    child = Person.objects.get(name="周小")
    assert (child.disability_type, child.disability_grade) == ("hearing", 2)
    assert child.gender == "F" and child.residence_address == "解放路8号"
    assert child.current_membership().relation == "child"


def _bad_rows(registered: Person, taken_number: str) -> list[dict]:
    twin = new_id_number()
    return [
        member("H1", "好户主"),  # 2: fine by itself
        member("H1", "配偶甲", "配偶", id_number="110105194912310021"),  # 3
        member("H1", "表亲", "表哥"),  # 4
        member("H2", "残疾人", disability_type="肢体残疾"),  # 5
        member("H2", "新成员", "子女", since="2024-13-01"),  # 6
        member("H3", "外区户主", area_code=B1),  # 7
        member("H4", "户主甲"),  # 8
        member("H4", "户主乙"),  # 9
        member("H5", "无户主", "子女"),  # 10
        member("H6", "双胞胎", id_number=twin),  # 11
        member("H6", "双胞胎", "兄弟姐妹", id_number=twin),  # 12
        member("H7", registered.name, id_number=registered.id_number),  # 13
        member("H8", "号码错", phone="12ab"),  # 14
        member("H9", ""),  # 15
        member(taken_number, "重号户"),  # 16
    ]


EXPECTED = {
    (3, "公民身份号码"),
    (4, "与户主关系"),
    (5, "残疾等级"),
    (6, "加入日期"),
    (7, "村（社区）代码"),
    (8, "与户主关系"),
    (9, "与户主关系"),
    (10, "与户主关系"),
    (11, "公民身份号码"),
    (12, "公民身份号码"),
    (13, "公民身份号码"),
    (14, "联系电话"),
    (15, "姓名"),
    (16, "家庭编号"),
}


def test_bad_rows_are_all_reported_with_row_and_field_and_nothing_is_written(wang, users):
    taken = make_household(size=2)
    registered = taken.head
    assert registered is not None
    before = counts()
    response = upload(wang, _bad_rows(registered, taken.number))
    assert response.status_code == 422
    assert counts() == before
    errors = response.context["result"].errors
    assert {(e.row, e.field) for e in errors} == EXPECTED
    html = response.content.decode()
    assert "校验未通过，未导入任何数据" in html
    assert "身份证号码校验码错误：第18位应为X，实际为1" in html  # D0.1, idnumber's own words
    assert "不在您的管辖区域内" in html and "有2个户主" in html and "没有户主" in html
    assert f"目前是家庭{taken.number}的成员" in html and "在表中重复出现（第11、12行）" in html
    assert "残疾类别与残疾等级须同时填写" in html and "日期“2024-13-01”不存在" in html
    link = re.search(r'href="(/households/import/errors/[\w-]+\.xlsx)"', html)
    assert link is not None
    _assert_error_workbook(wang.get(link.group(1)).content)


def _assert_error_workbook(content: bytes) -> None:
    sheet = load_workbook(io.BytesIO(content))["家庭成员"]
    header = [c.value for c in sheet[1]]
    field_col, note_col = header.index("错误字段") + 1, header.index("错误说明") + 1
    assert sheet.cell(row=2, column=field_col).value is None  # a good row stays unmarked
    assert sheet.cell(row=3, column=field_col).value == "公民身份号码"
    assert "校验码错误" in sheet.cell(row=3, column=note_col).value
    assert sheet.cell(row=3, column=5).value == "110105194912310021"  # the original cell
    assert sheet.cell(row=3, column=1).fill.fgColor.rgb.endswith("FDE7E9")  # highlighted
    marked = {r for r in range(2, 17) if sheet.cell(row=r, column=field_col).value}
    assert marked == {row for row, _ in EXPECTED}


def test_a_good_file_is_committed_whole_with_an_audit_entry_for_each_record(wang, users):
    loose = PersonFactory(area_id=AREAS["community_a1"], name="已登记")
    rows = [
        member("G1", "户主一"),
        member("G1", "配偶一", "配偶", since="2020/5/1"),
        member("G1", "已登记", "其他", id_number=loose.id_number),
        member("G2", "户主二", area_code=AREAS["community_a1"]),
        member("G2", "孙子二", "孙子女", disability_type="智力残疾", disability_grade="3级"),
    ]
    before = counts()
    response = upload(wang, rows)
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert "导入完成：新建家庭2户，成员5人" in response.content.decode()  # the message area
    assert Person.objects.count() == before[0] + 4  # the registered person is reused
    assert Household.objects.count() == before[1] + 2
    assert HouseholdMembership.objects.count() == before[2] + 5
    spouse = HouseholdMembership.objects.get(person__name="配偶一")
    assert (spouse.relation, spouse.valid_from) == ("spouse", dt.date(2020, 5, 1))
    assert loose.current_membership().household.number == "G1"
    new = AuditEntry.objects.filter(seq__gt=before[3], actor_username="wang_caseworker")
    g1 = new.get(action="create", object_type="core.household", object_id=str(spouse.household_id))
    members = g1.after["members"]
    assert [m["relation"] for m in members] == ["head", "spouse", "other"]
    people = new.filter(action="create", object_type="core.person")
    assert people.count() == 4  # one entry per newly registered person, with the full record
    assert (
        people.get(object_id=str(spouse.person_id)).after["id_number"] == spouse.person.id_number
    )
    assert not people.filter(object_id=str(loose.pk)).exists()  # reused, not created
    assert new.filter(action="create", object_type="core.household").count() == 2
    summary = new.get(action="import")
    assert "新建家庭2户" in summary.summary and "新登记4人" in summary.summary
    assert summary.channel == "web"


def test_a_community_outside_the_users_area_is_refused(users):
    before = counts()
    result = households_import(
        actor=users["caseworker"],
        content=template_workbook(rows=[member("X1", "外区", area_code=B1)]),
    )
    assert [(e.row, e.field) for e in result.errors] == [(2, "村（社区）代码")]
    assert result.errors[0].message == f"区划代码{B1}不在您的管辖区域内"
    assert counts() == before
    county = households_import(
        actor=users["county_b"],
        content=template_workbook(rows=[member("X1", "外区", area_code=B1)]),
    )
    assert county.ok and Household.objects.filter(number="X1", area_id=B1).exists()


def test_roles_without_edit_capability_cannot_import(users):
    client = Client()
    client.force_login(users["auditor"])
    assert upload(client, [member("Z1", "审计")]).status_code == 403
    assert not Household.objects.filter(number="Z1").exists()


def test_an_error_workbook_is_readable_only_by_its_uploader(wang, users):
    html = upload(wang, [member("E1", "", "户主")]).content.decode()
    url = re.search(r'href="(/households/import/errors/[\w-]+\.xlsx)"', html)
    assert url is not None
    other = Client()
    other.force_login(users["township"])
    assert other.get(url.group(1)).status_code == 404
    assert wang.get(url.group(1)).status_code == 200
    assert wang.get("/households/import/errors/not-a-token.xlsx").status_code == 404


def test_the_corrected_error_workbook_can_be_uploaded_again(wang):
    response = upload(wang, [member("C1", "改正"), member("C1", "成员", "亲戚")])
    html = response.content.decode()
    url = re.search(r'href="(/households/import/errors/[\w-]+\.xlsx)"', html)
    assert url is not None
    book = load_workbook(io.BytesIO(wang.get(url.group(1)).content))
    book["家庭成员"].cell(row=3, column=6).value = "其他"
    buffer = io.BytesIO()
    book.save(buffer)
    again = wang.post(
        "/households/import/", {"file": SimpleUploadedFile("c.xlsx", buffer.getvalue())}
    )
    assert again.status_code == 200, again.content.decode()[-1500:]
    assert Household.objects.get(number="C1").memberships.count() == 2


def test_a_file_that_is_not_a_workbook_gets_a_clear_error(wang):
    response = wang.post(
        "/households/import/", {"file": SimpleUploadedFile("a.xlsx", b"not a zip")}
    )
    assert response.status_code == 422
    assert "无法读取文件" in response.content.decode()
    wrong_kind = wang.post("/households/import/", {"file": SimpleUploadedFile("a.csv", b"x")})
    assert "请上传.xlsx格式" in wrong_kind.content.decode()


def test_the_command_prints_every_error_and_exits_non_zero(users, tmp_path, capsys, monkeypatch):
    # run_from_argv closes the connections when done, which would end the test's transaction
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(template_workbook(rows=[member("K1", "甲", id_number="110105194912310021")]))
    with pytest.raises(SystemExit) as exit_:
        minzheng(["minzheng", "import_households", str(bad), "--user", "wang_caseworker"])
    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert "第2行 公民身份号码：身份证号码校验码错误" in err and "未写入任何数据" in err
    good = tmp_path / "good.xlsx"
    good.write_bytes(template_workbook(rows=[member("K2", "乙")]))
    minzheng(["minzheng", "import_households", str(good), "--user", "wang_caseworker"])
    assert "新建家庭1户" in capsys.readouterr().out
    assert AuditEntry.objects.get(action="import").channel == "cli"


def test_the_household_export_lists_members_with_masked_ids_and_is_audited(wang):
    mine, theirs = make_household(size=2), make_household(AREAS["community_b1"], size=1)
    response = wang.get("/households/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("家庭编号", "村（社区）代码", "村（社区）")
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {mine.number} and theirs.number not in numbers
    assert len(rows) == 3 and rows[1][6] == "户主"
    assert (
        mine.head is not None
        and rows[1][7] == mine.head.id_number[:4] + "*" * 10 + mine.head.id_number[-4:]
    )
    entry = AuditEntry.objects.get(action="export", object_type="core.household")
    assert entry.summary == "导出1条；条件：全部"
