"""The division tree (D0.2): shipped reference data and the official-list import."""

import pytest
from django.core.management import CommandError, call_command

from minzheng.core.models import Area, AuditEntry
from minzheng.core.places import load_xuzhou_reference

pytestmark = pytest.mark.django_db


def test_the_reference_data_has_xuzhou_counties_and_186_townships():
    load_xuzhou_reference()
    assert Area.objects.filter(level="county", parent_id="320300").count() == 11
    assert Area.objects.filter(level="township").count() == 186
    huanglou = Area.objects.get(code="320302001")
    assert (huanglou.name, huanglou.urban_rural, huanglou.prefix) == (
        "黄楼街道",
        "urban",
        "320302001",
    )
    assert huanglou.full_name == "徐州市鼓楼区黄楼街道"


def test_subtree_is_a_prefix_match():
    load_xuzhou_reference()
    gulou = Area.objects.get(code="320302")
    assert Area.objects.within(gulou).filter(level="township").count() == 8
    assert gulou.contains("320302001001") and not gulou.contains("320303001001")
    assert Area.objects.get(code="320300").prefix == "3203"


def test_an_official_list_is_imported_after_every_row_is_checked(tmp_path):
    good = tmp_path / "list.csv"
    good.write_text(
        "code,name,urban_rural_code\n320302001001,和平社区,111\n320302001201,王庄村,220\n",
        encoding="utf-8",
    )
    call_command("import_divisions", str(good))
    assert Area.objects.get(code="320302001201").urban_rural == "rural"
    assert AuditEntry.objects.filter(action="import", object_type="core.area").count() == 1


def test_a_bad_list_reports_every_row_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,urban_rural_code\n320302001001,和平社区,111\n"
        "32030200100,短码,111\n320399001001,无上级,111\n320302001002,,999\n",
        encoding="gb18030",
    )
    with pytest.raises(CommandError, match="4处错误"):
        call_command("import_divisions", str(bad))
    err = capsys.readouterr().err
    assert "第3行 code：区划代码“32030200100”应为9位（乡镇）或12位（村/社区）数字" in err
    assert "第4行 code：上级区划320399001不存在" in err
    assert "第5行 name：名称不能为空" in err and "第5行 urban_rural_code" in err
    assert not Area.objects.filter(level="community").exists()


def test_log_ins_are_audited(client, users):
    # Through the log-in page: the throttling backend needs the request (issue 7.7).
    ok = client.post("/login/", {"username": "wang_caseworker", "password": "test-password-123"})
    assert ok.status_code == 302
    bad = client.post("/login/", {"username": "wang_caseworker", "password": "wrong"})
    assert bad.status_code == 200 and "用户名或密码不正确" in bad.content.decode()
    summaries = list(AuditEntry.objects.filter(action="login").values_list("summary", flat=True))
    assert summaries == ["登录成功", "登录失败：wang_caseworker"]


def test_the_areas_above_a_community_are_read_in_one_query(django_assert_num_queries):
    """Issue 9: a detail page names a person's area (and household area) by its whole
    chain; one query reads the chain, not one per level (D0.2: codes nest)."""
    load_xuzhou_reference()
    Area.objects.create(
        code="320302001001", name="和平社区", level="community", parent_id="320302001"
    )
    community = Area.objects.get(code="320302001001")
    with django_assert_num_queries(1):
        chain = community.ancestors()
        assert community.full_name == "徐州市鼓楼区黄楼街道和平社区"  # the same chain, kept
    assert [a.code for a in chain] == ["320000", "320300", "320302", "320302001"]
    with django_assert_num_queries(0):
        assert community.parent.parent.parent.code == "320300"  # parents cached on the walk


def test_a_parent_whose_code_does_not_nest_is_still_followed():
    """Hand-entered data may hang an area under a parent whose code is not its prefix:
    the chain is the parents' chain (the foreign key), whatever the codes say."""
    load_xuzhou_reference()
    odd = Area.objects.create(
        code="320302001099", name="异码社区", level="community", parent_id="320303001"
    )
    assert [a.code for a in Area.objects.get(code=odd.code).ancestors()] == [
        "320000",
        "320300",
        "320303",
        "320303001",
    ]
    assert Area.objects.get(code="320300").ancestors()[0].code == "320000"
    assert Area.objects.get(code="320000").ancestors() == []
