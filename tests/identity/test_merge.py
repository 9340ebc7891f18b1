"""Merging two registry records keeps both histories under one person, and undoing the
merge puts every row back (D0.1 one person one record; D5.3 one assistance chain,
nobody helped twice). Every count below is written by hand from what the test built."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.assistance.models import Application, Enrolment
from minzheng.core.models import AuditEntry, Household, HouseholdMembership, Person
from minzheng.core.settings_write import seed_examples
from minzheng.core.workflow import WorkflowError
from minzheng.identity import services
from minzheng.identity.models import MatchPair, PersonMerge
from minzheng.payments.models import PayrollCycle, PayrollLine
from minzheng.warning.models import Lead
from tests.assistance.enrolments import make_enrolment
from tests.factories import AREAS, PersonFactory
from tests.identity.pairs import make_pair

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def _counts(person: Person) -> dict[str, int]:
    return {
        "memberships": HouseholdMembership.objects.filter(person=person).count(),
        "head_of": Household.objects.filter(head=person).count(),
        "applications": Application.objects.filter(applicant=person).count(),
        "payroll_lines": PayrollLine.objects.filter(beneficiary=person).count(),
        "leads": Lead.objects.filter(person=person).count(),
    }


def _lead(person: Person, household: Household, rule: str) -> Lead:
    return Lead.objects.create(
        area_id=household.area_id,
        rule_id=rule,
        rule_title="合并核对",
        severity="high",
        period="2026-02",
        run_id="merge",
        id_number=person.id_number,
        person=person,
        household=household,
        evidence="合并核对",
    )


@pytest.fixture
def two_records(users):
    """Person A: head of a dibao household (application, enrolment, one payroll line,
    one lead). Person B, the same resident registered twice: head of another household
    (its own application and enrolment, two earlier payroll lines, one lead), which B left on
    2025-12-31 (so only A holds a current membership)."""
    county = users["county"]
    first = make_enrolment(county, "dibao", "500.00", dt.date(2025, 1, 1))
    second = make_enrolment(county, "dibao", "600.00", dt.date(2024, 1, 1))
    a, b = first.household.head, second.household.head
    HouseholdMembership.objects.filter(person=b).update(valid_to=dt.date(2025, 12, 31))
    cycle = PayrollCycle.objects.create(
        programme="dibao", area_id=AREAS["county_a"], month=DAY.replace(day=1), created_by=county
    )
    # one line a month per person and programme: A's in March, B's in January and
    # February (B was paid before the duplicate record was found)
    lines = [(a, first, 3), (b, second, 1), (b, second, 2)]
    for n, (person, enrolment, month) in enumerate(lines):
        PayrollLine.objects.create(
            cycle=cycle,
            reference=f"M-{n}",
            beneficiary=person,
            household=enrolment.household,
            enrolment=enrolment,
            programme="dibao",
            month=dt.date(2026, month, 1),
            payee_name=person.name,
            payee_id_number=person.id_number,
        )
    _lead(a, first.household, "W001")
    _lead(b, second.household, "W002")
    pair = make_pair(a, b, probability=0.93, match_weight=3.5, evidence={"id": 9.1, "name": 6.2})
    return pair, a, b, first, second


BEFORE_A = {"memberships": 1, "head_of": 1, "applications": 1, "payroll_lines": 1, "leads": 1}
BEFORE_B = {"memberships": 1, "head_of": 1, "applications": 1, "payroll_lines": 2, "leads": 1}
AFTER_A = {"memberships": 2, "head_of": 2, "applications": 2, "payroll_lines": 3, "leads": 2}
NOTHING = {"memberships": 0, "head_of": 0, "applications": 0, "payroll_lines": 0, "leads": 0}


def test_merge_moves_every_history_and_undo_moves_it_back(users, two_records):
    pair, a, b, _first, _second = two_records
    county = users["county"]
    assert (_counts(a), _counts(b)) == (BEFORE_A, BEFORE_B)
    services.decide(actor=county, pair=pair, same=True, note="同一人，身份证号录错一位")
    record = services.merge(actor=county, pair=MatchPair.objects.get(pk=pair.pk), keep=a)
    assert (_counts(a), _counts(b)) == (AFTER_A, NOTHING)
    # the households and their enrolments are untouched: both chains now run to A
    assert Enrolment.objects.filter(household__memberships__person=a).count() == 2
    assert MatchPair.objects.get(pk=pair.pk).status == "merged"
    # B's rows: 1 membership, 1 household headed, 1 application, 2 payroll lines, 1 lead
    assert sum(map(len, record.moved.values())) == 6
    services.undo_merge(actor=county, pair=MatchPair.objects.get(pk=pair.pk), note="误合并")
    assert (_counts(a), _counts(b)) == (BEFORE_A, BEFORE_B)
    assert MatchPair.objects.get(pk=pair.pk).status == "same"
    assert PersonMerge.objects.get(pk=record.pk).undone_by == county
    summaries = list(AuditEntry.objects.order_by("seq").values_list("summary", flat=True))
    assert any(s.startswith("合并档案") for s in summaries)
    assert any(s.startswith("撤销合并") for s in summaries)


def test_a_merge_that_would_give_one_person_two_current_households_is_refused(users, two_records):
    pair, a, b, *_ = two_records
    HouseholdMembership.objects.filter(person=b).update(valid_to=None)  # B still lives there
    county = users["county"]
    services.decide(actor=county, pair=pair, same=True)
    with pytest.raises(WorkflowError, match="家庭成员"):
        services.merge(actor=county, pair=MatchPair.objects.get(pk=pair.pk), keep=a)
    assert (_counts(a), _counts(b)) == (BEFORE_A, BEFORE_B)  # nothing moved
    assert MatchPair.objects.get(pk=pair.pk).status == "same"  # nor the state
    assert not PersonMerge.objects.exists()


def test_the_nightly_self_match_asks_about_a_pair_once(users):
    """Two registry records of one resident (the second with the ID number's check
    character recomputed after a mistyped digit, and the name in traditional
    characters): the self-match puts them to review once; once decided, never again."""
    seed_examples(apps=["identity"])
    first = PersonFactory(
        id_number="440524188001010014",
        name="王建国",
        phone="13912345678",
        residence_address="徐州市鼓楼区黄楼街道和平社区解放路12号3栋2单元301室",
    )
    second = PersonFactory(
        id_number="440524188001010313",
        name="王建國",
        phone="13912345678",
        residence_address="黄楼街道和平社区解放路12号3-2-301",
    )
    PersonFactory(id_number="11010519491231002X", name="李红梅", phone="13800000000")
    report = services.self_match()
    assert (report.records, report.new_pairs) == (3, 1)
    pair = MatchPair.objects.get()
    assert (pair.person_a_id, pair.person_b_id, pair.status) == (first.pk, second.pk, "pending")
    assert pair.evidence["id"] > 0 and pair.evidence["name"] > 0
    services.decide(actor=users["county"], pair=pair, same=False, note="父子同名")
    again = services.self_match()
    assert (again.new_pairs, again.already_decided) == (0, 1)
    assert MatchPair.objects.get().status == "different"


def test_a_merge_that_would_pay_one_person_twice_in_a_month_is_refused(users, two_records):
    """D5.3 nobody helped twice: both records paid dibao for March — the merge is
    refused (one line per person, programme and month) and the reviewer sees why."""
    pair, a, b, *_ = two_records
    PayrollLine.objects.filter(beneficiary=b, month=dt.date(2026, 2, 1)).update(
        month=dt.date(2026, 3, 1)
    )
    county = users["county"]
    services.decide(actor=county, pair=pair, same=True)
    with pytest.raises(WorkflowError, match="发放"):
        services.merge(actor=county, pair=MatchPair.objects.get(pk=pair.pk), keep=a)
    assert (_counts(a), _counts(b)) == (BEFORE_A, BEFORE_B)
