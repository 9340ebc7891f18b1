"""Institutional 特困 support (集中供养, D13.1, D2.9): while a person lives in an
institution their extreme-poverty support is paid to the institution's account, in the
institution's name; before and after the stay, and for household programmes, to the
person's own account as before (D13.2)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from minzheng.core.models import AuditEntry
from minzheng.payments.bankfiles import bank_file
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import PayrollLine
from minzheng.payments.services.institutions import (
    institution_save,
    placement_end,
    placement_start,
)
from tests.factories import AREAS
from tests.payments.conftest import (
    DEC,
    NOV,
    D,
    account_for,
    approve_and_send,
    computed_cycle,
    enrol,
)

pytestmark = pytest.mark.django_db
HOME = "徐州市鼓楼区社会福利中心"
CODE = "12320302MB1234567X"


@pytest.fixture
def placed(users, pay_settings, areas):
    """A 特困 person (1200.00 a month) living in the welfare centre from November and
    another (1100.00) at home; both have their own cards."""
    inside = enrol(users["county"], "extreme_poverty", "1200.00", D(2025, 1, 1), size=1)
    home = enrol(users["county"], "extreme_poverty", "1100.00", D(2025, 1, 1), size=1)
    for e in (inside, home):
        account_for(users["county"], e.household)
    centre = institution_save(
        actor=users["county"],
        county=areas["county_a"],
        name=HOME,
        credit_code=CODE,
        bank="中国工商银行徐州鼓楼支行",
        account_number="1106020309000123456",
        holder_name=HOME,
    )
    placement = placement_start(
        actor=users["county"], person=inside.household.head, institution=centre, starts_on=NOV
    )
    return inside, home, centre, placement


def _by_person(cycle):
    return {ln.beneficiary_id: ln for ln in PayrollLine.objects.filter(cycle=cycle)}


def test_centralised_support_is_paid_to_the_institution_account(users, placed):
    inside, home, centre, _ = placed
    lines = _by_person(computed_cycle(users["county"], DEC, "extreme_poverty"))
    line = lines[inside.household.head_id]
    assert (line.payee_name, line.payee_id_number, line.institution_id) == (HOME, CODE, centre.pk)
    assert (line.bank, line.account_number, line.holder_name) == (
        "中国工商银行徐州鼓楼支行",
        "1106020309000123456",
        HOME,
    )
    assert (line.total, line.status, line.basis["payee"]) == (
        Decimal("1200.00"),
        "pending",
        "D13.1",
    )
    own = lines[home.household.head_id]  # at home: the person's own card
    assert (own.payee_name, own.institution_id, own.account_number) == (
        home.household.head.name,
        None,
        f"62284800{home.household.head_id:010d}",
    )


def test_the_bank_file_names_the_institution_with_its_credit_code(users, placed):
    inside, _, _, _ = placed
    cycle = approve_and_send(users, computed_cycle(users["county"], DEC, "extreme_poverty"))
    line = _by_person(cycle)[inside.household.head_id]
    text = bank_file(cycle, layout_code="pipe_batch", encoding="UTF-8", on=D(2026, 12, 5))
    assert f"{line.reference}|{HOME}|1200.00|1106020309000123456|08|{CODE}\r\n" in text.decode()


def test_the_excel_layout_streams_the_institution_name_and_account(users, placed):
    """The Excel layout reads the same streamed rows as the text layouts: the
    institution's line in its name and account, the person at home on their card."""
    _, home, _, _ = placed
    cycle = approve_and_send(users, computed_cycle(users["county"], DEC, "extreme_poverty"))
    data = bank_file(cycle, layout_code="xlsx_card", encoding="UTF-8", on=D(2026, 12, 5))
    rows = [list(r) for r in load_workbook(io.BytesIO(data), read_only=True).active.values]
    own = f"62284800{home.household.head_id:010d}"
    assert sorted(rows[1:]) == sorted(
        [
            [HOME, "1106020309000123456", "1200.00", "2026年12月特困人员救助供养"],
            [home.household.head.name, own, "1100.00", "2026年12月特困人员救助供养"],
        ]
    )


def test_after_leaving_the_person_is_paid_to_their_own_card_again(users, placed):
    inside, _, _, placement = placed
    placement_end(actor=users["county"], placement=placement, ends_on=D(2026, 12, 15))
    line = _by_person(computed_cycle(users["county"], DEC, "extreme_poverty"))[
        inside.household.head_id
    ]
    assert (line.payee_name, line.institution_id) == (inside.household.head.name, None)


def test_an_institution_account_in_another_name_is_held(users, placed, areas):
    inside, _, _, _ = placed
    institution_save(
        actor=users["county"],
        county=areas["county_a"],
        name=HOME,
        credit_code=CODE,
        bank="中国工商银行徐州鼓楼支行",
        account_number="1106020309000999999",
        holder_name="张某某",  # the director's own card: never (D13.2)
    )
    line = _by_person(computed_cycle(users["county"], DEC, "extreme_poverty"))[
        inside.household.head_id
    ]
    assert line.status == "held" and "不得代持" in line.held_reason


def test_a_household_programme_still_pays_the_head_own_card(users, placed):
    centre = placed[2]
    dibao = enrol(users["county"], "dibao", "500.00", D(2025, 1, 1))
    account_for(users["county"], dibao.household)
    head = dibao.household.head
    placement_start(actor=users["county"], person=head, institution=centre, starts_on=NOV)
    line = _by_person(computed_cycle(users["county"], DEC, "dibao"))[head.pk]
    assert (line.institution_id, line.payee_name) == (None, head.name)


def test_institutions_are_recorded_by_the_county_approver_of_their_county_and_audited(
    users, placed, areas
):
    _, home, centre, _ = placed
    kwargs = dict(
        county=areas["county_a"],
        name=HOME,
        credit_code=CODE,
        bank="中国工商银行",
        account_number="1106020309000123456",
        holder_name=HOME,
    )
    with pytest.raises(PaymentError, match="无权登记供养机构"):
        institution_save(actor=users["township"], **kwargs)
    with pytest.raises(PaymentError, match="不在您的管辖区域内"):
        institution_save(actor=users["county_b"], **kwargs)
    with pytest.raises(PaymentError, match="统一社会信用代码：应为18位"):
        institution_save(actor=users["county"], **{**kwargs, "credit_code": "123"})
    with pytest.raises(PaymentError, match="已在其他机构集中供养"):
        placement_start(
            actor=users["county"],
            person=placed[0].household.head,
            institution=centre,
            starts_on=DEC,
        )
    summaries = set(AuditEntry.objects.values_list("summary", flat=True))
    assert f"供养机构：{HOME} 中国工商银行徐州鼓楼支行 1106***********3456" in summaries
    assert f"集中供养：{placed[0].household.head.name}入住{HOME}，2026年11月起" in summaries
    assert AREAS["county_a"] == centre.area_id and home is not None
