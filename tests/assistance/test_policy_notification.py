"""One-time notification (D1.5): exactly the documents still needed, never those obtainable
by data sharing; with the credit pledge the rest may follow (D6.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from minzheng.assistance.policy.facts import (
    Credit,
    Disability,
    Expenditure,
    Household,
    Income,
    Parent,
    Property,
    Supporter,
    TemporaryNeed,
    Vehicle,
)
from minzheng.assistance.policy.notification import Notification, one_time_notification
from minzheng.assistance.policy.vocabulary import (
    ApplicationChannel,
    DisabilityType,
    Document,
    EmergencyKind,
    ExpenditureKind,
    IncomeKind,
    ParentStatus,
    Programme,
    Relation,
    TemporaryType,
)
from tests.assistance.test_policy_factories import born, household, member, params

D = Document


def _notice(
    home: Household, programme: Programme = Programme.DIBAO, **options: Any
) -> Notification:
    return one_time_notification(home, programme, params(), **options)


def _required(notice: Notification) -> set[tuple[Document, str | None]]:
    return {(need.document, need.member_id) for need in notice.required}


def _shared(notice: Notification) -> set[Document]:
    return {need.document for need in notice.shared}


def _working_family() -> Household:
    return household(
        member("m1", name="张三", incomes=(Income(IncomeKind.WAGES, Decimal("1500")),)),
        member(
            "m2",
            Relation.SPOUSE,
            name="李四",
            incomes=(Income(IncomeKind.BUSINESS_NET, Decimal("300")),),
            disability=Disability(DisabilityType.PHYSICAL, 2),
        ),
        property=Property(dwellings=1, vehicles=(Vehicle(work_use=True),)),
        expenditures=(
            Expenditure(ExpenditureKind.MEDICAL, Decimal("2400")),
            Expenditure(ExpenditureKind.EDUCATION, Decimal("3000")),
        ),
    )


def test_dibao_lists_every_missing_document_for_this_household() -> None:
    notice = _notice(_working_family())
    assert _required(notice) == {
        (D.APPLICATION_FORM, None),
        (D.MEANS_TEST_AUTHORIZATION, None),
        (D.WORK_VEHICLE_PROOF, None),
        (D.WAGE_PROOF, "m1"),
        (D.BUSINESS_INCOME, "m2"),
    }


def test_documents_obtainable_by_data_sharing_are_never_demanded() -> None:
    notice = _notice(_working_family())
    shared = _shared(notice)
    assert {D.ID_CARD, D.HUKOU, D.DISABILITY_CERT, D.REAL_ESTATE, D.MEDICAL_SETTLEMENT} <= shared
    assert not shared & {need.document for need in notice.required}
    assert all(need.obtainable_by_data_sharing for need in notice.shared)
    assert "无需提交：" in notice.text and "居民身份证" in notice.text


def test_what_data_sharing_covers_is_a_setting() -> None:
    settings = params({"notification.shared_documents": "hukou"})
    notice = one_time_notification(_working_family(), Programme.DIBAO, settings)
    assert (D.ID_CARD, "m1") in _required(notice)
    assert (D.DISABILITY_CERT, "m2") in _required(notice)


def test_expense_proofs_follow_what_the_programme_reads() -> None:
    # dibao deducts medical (shared by medical insurance) but not education costs (D1.12)
    assert (D.EDUCATION_RECEIPTS, None) not in _required(_notice(_working_family()))
    rigid = _notice(_working_family(), Programme.RIGID_HARDSHIP)
    assert (D.EDUCATION_RECEIPTS, None) in _required(rigid)


def test_documents_already_handed_in_are_not_asked_again() -> None:
    notice = _notice(
        _working_family(),
        submitted=[(D.APPLICATION_FORM, None), (D.WAGE_PROOF, "m1")],
    )
    assert (D.APPLICATION_FORM, None) not in _required(notice)
    assert (D.WAGE_PROOF, "m1") not in _required(notice)
    assert (D.BUSINESS_INCOME, "m2") in _required(notice)


def test_a_delegated_application_needs_a_power_of_attorney() -> None:
    notice = _notice(_working_family(), channel=ApplicationChannel.DELEGATED)
    assert (D.POWER_OF_ATTORNEY, None) in _required(notice)


def test_on_the_fast_track_everything_but_the_pledge_may_follow() -> None:
    notice = _notice(_working_family(), fast_track=True)
    pledge = [need for need in notice.required if need.document is D.CREDIT_PLEDGE]
    assert len(pledge) == 1 and not pledge[0].may_follow_later
    others = [need for need in notice.required if need.document is not D.CREDIT_PLEDGE]
    assert others and all(need.may_follow_later for need in others)
    assert "D6.2" in notice.text


def test_a_signed_pledge_is_not_asked_for_again() -> None:
    home = _working_family()
    signed = Household(
        home.decision_date,
        home.area_class,
        home.members,
        home.property,
        home.expenditures,
        credit=Credit(pledge_signed=True),
    )
    notice = _notice(signed, fast_track=True)
    assert D.CREDIT_PLEDGE not in {need.document for need in notice.required}


def test_orphan_application_asks_for_proof_of_each_parent_situation() -> None:
    child = member(
        "c1",
        Relation.GRANDCHILD,
        10,
        parents=(
            Parent(ParentStatus.DECEASED),
            Parent(ParentStatus.LOST_CONTACT, since=dt.date(2025, 1, 1)),
        ),
    )
    notice = _notice(household(member("g1", age=66), child), Programme.UNSUPPORTED_CHILD)
    assert (D.POLICE_RECEIPT, "c1") in _required(notice)
    assert D.DEATH_CERT in _shared(notice)
    assert (D.MEANS_TEST_AUTHORIZATION, None) not in _required(notice)


def test_extreme_poverty_asks_for_proof_that_supporters_cannot_perform() -> None:
    supporter = Supporter(
        Relation.CHILD, birth_date=born(40), imprisoned=True, property_within_low_income_rules=True
    )
    notice = _notice(household(member(age=75, supporters=(supporter,))), Programme.EXTREME_POVERTY)
    assert (D.CUSTODY_PROOF, "m1") in _required(notice)


def test_emergency_temporary_assistance_needs_the_incident_proof_without_a_means_test() -> None:
    need = TemporaryNeed(TemporaryType.EMERGENCY, Decimal("5000"), EmergencyKind.FIRE)
    notice = _notice(household(member(), temporary=need), Programme.TEMPORARY)
    assert _required(notice) == {
        (D.APPLICATION_FORM, None),
        (D.EMERGENCY_PROOF, None),
        (D.COST_RECEIPTS, None),
    }


def test_the_text_numbers_the_documents_and_names_the_members() -> None:
    notice = _notice(_working_family())
    assert notice.text.startswith("一次性告知（D1.5）：申请最低生活保障还需提交以下材料：1. ")
    assert "工资收入证明（张三）" in notice.text


def test_a_complete_application_is_told_so() -> None:
    home = household(member())
    submitted = [(need.document, need.member_id) for need in _notice(home).required]
    assert "所需材料已齐全" in _notice(home, submitted=submitted).text
