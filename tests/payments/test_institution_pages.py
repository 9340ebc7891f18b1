"""The institutions pages (集中供养, D13.1, D2.9): the county approver records an
institution and its account, edits it, places a person and ends the stay, each through
the audited service; every form's mistake is shown next to its field (422, nothing
written) and each success with its message. Others read (accounts masked) or are
refused; a person outside the county is not told apart from an unknown one (D0.3)."""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry
from minzheng.payments.models import Institution, Placement
from minzheng.payments.services.institutions import institution_save, placement_start
from tests.factories import AREAS, PersonFactory
from tests.form_pages import field_error, shown_after
from tests.payments.conftest import NOV, as_user

pytestmark = pytest.mark.django_db
HOME = "徐州市鼓楼区社会福利中心"
CODE = "12320302MB1234567X"
NEW = {
    "county": AREAS["county_a"],
    "name": "徐州市鼓楼区敬老院",
    "credit_code": "52320302MJ0000001Y",
    "bank": "中国农业银行徐州分行",
    "account_number": "6228480000000000123",
    "holder_name": "徐州市鼓楼区敬老院",
}


@pytest.fixture
def centre(users, areas) -> Institution:
    return institution_save(
        actor=users["county"],
        county=areas["county_a"],
        name=HOME,
        credit_code=CODE,
        bank="中国工商银行徐州鼓楼支行",
        account_number="1106020309000123456",
        holder_name=HOME,
    )


def test_the_county_lists_its_institutions_masked_and_the_township_sees_none(users, centre):
    page = as_user(users["county"]).get("/payments/institutions/").content.decode()
    assert f'id="institution-{centre.pk}"' in page and HOME in page
    assert "1106***********3456" in page and "1106020309000123456" not in page
    assert "登记供养机构" in page  # the form, for the role that records
    other = as_user(users["county_b"]).get("/payments/institutions/").content.decode()
    assert HOME not in other
    township = as_user(users["township"]).get("/payments/institutions/").content.decode()
    assert HOME not in township and "登记供养机构" not in township
    assert (
        as_user(users["county_b"]).get(f"/payments/institutions/{centre.pk}/").status_code == 404
    )


def test_a_new_institution_refused_field_by_field_then_recorded(users, areas):
    client = as_user(users["county"])
    for field, value, message in [
        ("credit_code", "12320302MB12345", "应为18位数字或大写字母"),
        ("credit_code", "12320302MB1234567I", "应为18位数字或大写字母"),  # no I (GB 32100)
        ("name", "敬老院\x07", "控制字符"),
        ("account_number", "6228-4800", "须为8至32位数字"),
        ("holder_name", "", "必填"),
        ("county", AREAS["county_b"], "选择"),  # a county outside the approver's reach
    ]:
        refused = client.post("/payments/institutions/new/", {**NEW, field: value})
        assert refused.status_code == 422, field
        assert message in field_error(refused, field), (field, field_error(refused, field))
    assert not Institution.objects.exists()
    done = client.post("/payments/institutions/new/", NEW)
    assert shown_after(client, done) == "已登记供养机构：徐州市鼓楼区敬老院"
    inst = Institution.objects.get()
    assert (inst.credit_code, inst.area_id, inst.account_number) == (
        "52320302MJ0000001Y",
        AREAS["county_a"],
        "6228480000000000123",
    )
    assert AuditEntry.objects.filter(
        action="create", object_type="payments.institution", object_id=str(inst.pk)
    ).exists()
    again = client.post("/payments/institutions/new/", NEW)
    assert again.status_code == 422
    assert field_error(again, "credit_code") == "该统一社会信用代码的机构已登记"


def test_only_the_county_approver_records_institutions(users, centre):
    for role in ("township", "caseworker", "city"):
        client = as_user(users[role])
        assert client.post("/payments/institutions/new/", NEW).status_code == 403, role
        edit = {**NEW, "bank": "别的银行"}
        url = f"/payments/institutions/{centre.pk}/edit/"
        assert client.post(url, edit).status_code == 403, role
    assert Institution.objects.count() == 1 and Institution.objects.get().bank != "别的银行"


def test_editing_the_account_is_checked_and_audited(users, centre):
    client = as_user(users["county"])
    url = f"/payments/institutions/{centre.pk}/edit/"
    change = {"name": HOME, "bank": "中国银行徐州分行", "holder_name": HOME}
    refused = client.post(url, {**change, "account_number": "12345"})
    assert refused.status_code == 422
    assert field_error(refused, "account_number") == "须为8至32位数字"
    assert Institution.objects.get().bank == "中国工商银行徐州鼓楼支行"
    done = client.post(url, {**change, "account_number": "4563510800012345678"})
    assert shown_after(client, done) == f"已保存供养机构：{HOME}"
    inst = Institution.objects.get()
    assert (inst.bank, inst.account_number, inst.credit_code) == (
        "中国银行徐州分行",
        "4563510800012345678",
        CODE,
    )
    entry = AuditEntry.objects.filter(action="update", object_type="payments.institution").get()
    assert "4563" in entry.summary and "4563510800012345678" not in entry.summary


def test_a_placement_refused_field_by_field_then_recorded_and_ended(users, centre):
    client = as_user(users["county"])
    person = PersonFactory(area_id=AREAS["community_a1"])
    elsewhere = PersonFactory(area_id=AREAS["community_b1"])  # 云龙区: not this county's
    url = f"/payments/institutions/{centre.pk}/placements/new/"
    unknown = "320302199001011234"
    for data, field, message in [
        ({"id_number": unknown, "month": "2026-11"}, "id_number", "登记库中没有此人"),
        ({"id_number": elsewhere.id_number, "month": "2026-11"}, "id_number", "登记库中没有此人"),
        ({"id_number": person.id_number, "month": "2026-13"}, "month", "请按“年-月”填写月份"),
        ({"id_number": "", "month": "2026-11"}, "id_number", "必填"),
    ]:
        refused = client.post(url, data)
        assert refused.status_code == 422, data
        assert message in field_error(refused, field), (data, field_error(refused, field))
    # Unknown and out of the area read alike (D0.3).
    said = [
        field_error(client.post(url, {"id_number": who, "month": "2026-11"}), "id_number")
        for who in (unknown, elsewhere.id_number)
    ]
    assert said[0] == said[1]
    assert not Placement.objects.exists()
    done = client.post(url, {"id_number": person.id_number, "month": "2026-11"})
    assert shown_after(client, done) == f"已登记集中供养：{person.name}入住{HOME}"
    placement = Placement.objects.get()
    assert (placement.person_id, placement.starts_on, placement.ends_on) == (person.pk, NOV, None)
    page = client.get(f"/payments/institutions/{centre.pk}/").content.decode()
    assert f'id="placement-{placement.pk}"' in page and "2026年11月" in page

    # A second stay overlapping the first is refused next to the month.
    twice = client.post(url, {"id_number": person.id_number, "month": "2026-12"})
    assert twice.status_code == 422
    assert "已在其他机构集中供养" in field_error(twice, "month")

    leave = f"/payments/placements/{placement.pk}/leave/"
    early = client.post(leave, {"month": "2026-10"})
    assert early.status_code == 422
    assert field_error(early, "month") == "应晚于入住月份"
    assert Placement.objects.get().ends_on is None
    done = client.post(leave, {"month": "2027-01"})
    assert shown_after(client, done) == f"已登记离开：{person.name}"
    assert Placement.objects.get().ends_on.isoformat() == "2027-01-01"
    assert AuditEntry.objects.filter(object_type="payments.placement").count() == 2
    ended = client.post(leave, {"month": "2027-02"})
    assert ended.status_code == 422 and field_error(ended, "month") == "该对象已登记离开"


def test_another_county_cannot_reach_a_stay(users, centre):
    person = PersonFactory(area_id=AREAS["community_a1"])
    placement = placement_start(
        actor=users["county"], person=person, institution=centre, starts_on=NOV
    )
    client = as_user(users["county_b"])
    assert (
        client.post(
            f"/payments/placements/{placement.pk}/leave/", {"month": "2027-01"}
        ).status_code
        == 404
    )
    url = f"/payments/institutions/{centre.pk}/placements/new/"
    assert client.post(url, {"id_number": person.id_number, "month": "2026-12"}).status_code == 404
    assert Placement.objects.get().ends_on is None
