"""The roll import matches a row whose ID number finds nobody exactly (issue 16, D0.1;
D5.3 nobody helped twice): a confident match is enrolled and shown in the report; a
grey-zone match refuses the row naming the candidate, masked, and nothing is written.
The probabilities quoted come from model version 1's trained weights; the expected
outcomes (confident / grey zone) follow from the example thresholds 0.99 and 0.5."""

from __future__ import annotations

import pytest

from minzheng.assistance.models import Enrolment
from minzheng.core.models import AuditEntry, Person
from minzheng.core.settings_write import seed_examples
from minzheng.payments.models import PayeeAccount
from minzheng.payments.roll.checks import UNKNOWN_PERSON
from minzheng.payments.roll.importer import roll_import
from tests.factories import AREAS, make_household
from tests.payments.test_roll_import import (  # noqa: F401  (roll_settings: a fixture)
    TODAY,
    _csv,
    _refused,
    _row,
    roll_settings,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roll_settings")]

REGISTERED = "440524188001010014"  # 王建国 in the registry
# the 18th character mistyped: the check fails, the 17 digits are his
CHECK_MISTYPED = "440524188001010015"


def _head(area: str = AREAS["community_a1"]) -> Person:
    household = make_household(area, size=1)
    head = household.head
    head.id_number, head.name = REGISTERED, "王建国"
    head.save()
    return head


@pytest.fixture
def wang():
    seed_examples(apps=["identity"])  # thresholds 0.99 (automatic) and 0.5 (review)
    return _head()


def _typed(person: Person, number: str, name: str) -> str:
    return _row(person, id_number=number, name=name, holder=name)


def test_a_confident_match_is_enrolled_and_reported(users, wang):
    outcome = roll_import(
        actor=users["county"],
        content=_csv(_typed(wang, CHECK_MISTYPED, "王建国")),
        filename="名册.csv",
        today=TODAY,
    )
    assert outcome.enrolments == 1
    assert Enrolment.objects.get().household.head == wang
    assert PayeeAccount.objects.get().person == wang
    [row] = outcome.matched
    assert (row.row, row.typed_id_number, row.name, row.id_number) == (
        2,
        "4405**********0015",
        "王*国",
        "4405**********0014",
    )
    assert row.probability >= 0.99
    assert "第2行：身份证号码4405**********0015在登记库中无完全一致的记录" in outcome.summary_zh()
    assert "经身份识别确认为王*国（4405**********0014" in outcome.summary_zh()
    entry = AuditEntry.objects.get(action="import", object_type="assistance.enrolment")
    assert entry.summary.endswith("经身份识别匹配1行")
    assert REGISTERED not in entry.summary


def test_a_grey_zone_match_refuses_the_row_naming_the_candidate_masked(users, wang):
    # 汪 for 王 (a homophone) and a mistyped check character: likely, not certain
    [(row, field, message)] = _refused(users, _typed(wang, CHECK_MISTYPED, "汪建国"))
    assert (row, field) == (2, "公民身份号码")
    assert message.startswith(
        "登记库中没有该身份证号码；疑似登记库中的王*国（4405**********0014，"
    )
    assert message.endswith("无法确认是否同一人，请核实后填写登记库中的身份证号码")
    assert "王建国" not in message and REGISTERED not in message
    assert not Enrolment.objects.exists() and not PayeeAccount.objects.exists()


def test_the_matched_person_twice_in_one_roll_is_refused(users, wang):
    """D5.3: the exact row and the mistyped row are one person, not two."""
    problems = _refused(users, _row(wang), _typed(wang, CHECK_MISTYPED, "王建国"))
    assert problems == [(3, "公民身份号码", "与第2行重复")]


def test_a_candidate_outside_the_area_is_not_mentioned(users):
    seed_examples(apps=["identity"])
    elsewhere = _head(AREAS["community_b1"])
    problems = _refused(users, _typed(elsewhere, CHECK_MISTYPED, "王建国"))
    assert [(r, f) for r, f, _ in problems] == [(2, "公民身份号码")]
    assert "王*国" not in str(problems) and "0014" not in str(problems)
    assert "校验码" in problems[0][2]  # the ID number's own error, as before matching


def test_without_thresholds_nothing_is_matched(users):
    wang = _head()  # identity's settings not configured: the row is refused as before
    assert _refused(users, _typed(wang, CHECK_MISTYPED, "王建国")) == [
        (2, "公民身份号码", "身份证号码校验码错误：第18位应为4，实际为5")
    ]
    # and a valid number nobody has stays unknown
    assert _refused(users, _typed(wang, "440524188001010022", "王建国")) == [
        (2, "公民身份号码", UNKNOWN_PERSON)
    ]
