"""Every check of a roll row, on every row, before anything is written: one round of
corrections fixes the file. The registry is read in a fixed number of queries whatever
the file's size.

A person outside the importer's area is reported exactly as a person the registry
does not know (D0.3: an error never reveals a record outside the user's area)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count

from minzheng.assistance.models import Enrolment, EnrolmentStatus, Programme
from minzheng.assistance.services.roll import RollEnrolment
from minzheng.core import idnumber
from minzheng.core.extensions import RecordMatch, match_records
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import HouseholdMembership, LifeStatus, Person, User
from minzheng.core.spreadsheets.reader import RowError
from minzheng.payments.payees import HOUSEHOLD_PROGRAMMES
from minzheng.payments.roll.reader import COLUMNS, RollRow

UNKNOWN_PERSON = "登记库中没有此人，或此人不在您的管辖区域内"
# The short names rolls use besides the full labels and the codes.
SHORT_NAMES = {
    "低保": Programme.DIBAO,
    "特困": Programme.EXTREME_POVERTY,
    "特困供养": Programme.EXTREME_POVERTY,
    "孤儿": Programme.ORPHAN,
    "事实无人抚养儿童": Programme.UNSUPPORTED_CHILD,
}
PROGRAMMES = {
    **{name: str(code) for name, code in SHORT_NAMES.items()},
    **{str(label): code for code, label in Programme.choices},
    **{code: code for code in Programme.values},
}
MONTH = re.compile(r"^(\d{4})(?:[-/年.]?)(\d{1,2})(?:月|[-/.]\d{1,2}(?:T[\d:]+)?)?$")
MAX_AMOUNT = Decimal("9999999999.99")  # what the enrolment's amount column holds


@dataclass(frozen=True)
class Account:
    bank: str
    account_number: str
    holder_name: str


@dataclass(frozen=True)
class Checked:
    """A valid row: what to enrol and the account to record for the person."""

    enrolment: RollEnrolment
    account: Account
    # the ID number found nobody exactly; identity resolution matched the row to
    # this person with confidence (issue 16), shown in the import's report
    matched: RecordMatch | None = None
    typed_id_number: str = ""  # as the row gave it


class Problem(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


@dataclass
class Registry:
    """What the checks need of the registry, read once for the whole file."""

    persons: dict[str, Person]
    memberships: dict[int, HouseholdMembership]  # person id -> current membership
    sizes: dict[int, int]  # household id -> current members
    enrolled: set[tuple[int, str]]  # (whose, programme) in force or in exit
    # row number -> the person identity resolution matched a row to, for rows whose
    # ID number found nobody exactly (a mistyped digit, an old 15-digit number)
    matches: dict[int, RecordMatch]


def whose(programme: str, household_id: int, person_id: int) -> int:
    """Who a programme's enrolment belongs to: the household (dibao, temporary
    assistance, paid to the head) or the person (the personal programmes, D13.1)."""
    return household_id if programme in HOUSEHOLD_PROGRAMMES else -person_id


def _unmatched(rows: list[RollRow], persons: dict[str, Person]) -> dict[int, dict[str, object]]:
    """The rows whose ID number (read as typed) finds nobody: records to match."""
    records: dict[int, dict[str, object]] = {}
    for r in rows:
        typed = _code(r.values.get("id_number", ""))
        try:
            number = idnumber.parse(typed).number
        except idnumber.InvalidIdNumber:
            number = ""
        if typed and number not in persons:
            records[r.number] = {"id_number": typed, "name": r.values.get("name", "").strip()}
    return records


def read_registry(rows: list[RollRow]) -> Registry:
    numbers = {_code(r.values["id_number"]) for r in rows}
    persons = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers)}
    matches = match_records(_unmatched(rows, persons))
    people = {p.pk for p in persons.values()} | {m.person.pk for m in matches.values()}
    current = HouseholdMembership.objects.filter(
        person_id__in=people, valid_to__isnull=True
    ).select_related("household__area")
    memberships = {m.person_id: m for m in current}
    households = {m.household_id for m in memberships.values()}
    sizes = dict(
        HouseholdMembership.objects.filter(household_id__in=households, valid_to__isnull=True)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    enrolled = {
        (whose(programme, household, person), programme)
        for household, person, programme in Enrolment.objects.filter(household_id__in=households)
        .exclude(status=EnrolmentStatus.ENDED)
        .values_list("household_id", "application__applicant_id", "programme")
    }
    return Registry(persons, memberships, sizes, enrolled, matches)


def _code(text: str) -> str:
    return idnumber.normalize(unicodedata.normalize("NFKC", text))


def _required(row: RollRow, key: str) -> str:
    text = row.values.get(key, "").strip()
    if not text:
        raise Problem(key, "必填")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise Problem(key, "含有不可见的控制字符")
    return text


def parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise Problem("amount", f"“{text}”不是金额，请填写数字，例如 560.00") from None
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT:
        raise Problem("amount", "金额须大于零")
    if value != value.quantize(Decimal("0.01")):
        raise Problem("amount", "金额最多两位小数（元、角、分）")
    return value.quantize(Decimal("0.01"))


def parse_month(text: str, today: dt.date) -> dt.date:
    found = MONTH.match(unicodedata.normalize("NFKC", text).replace(" ", ""))
    year, month = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if not (1 <= month <= 12 and year >= 1990):
        raise Problem("start_month", f"“{text}”不是月份，请按“年-月”填写，例如 2024-03")
    start = dt.date(year, month, 1)
    if start > today.replace(day=1):
        raise Problem("start_month", "起始月份不能晚于本月")
    return start


def _matched(row: int, actor: User, registry: Registry, unknown: str) -> RecordMatch:
    """The person identity resolution found for a row whose number found nobody, if
    confident; a grey-zone match refuses the row naming the candidate, masked, so
    that a person checks it (issue 16). A candidate outside the importer's area is
    not mentioned (D0.3)."""
    match = registry.matches.get(row)
    if match is None or not actor.reaches(match.person.area_id):
        raise Problem("id_number", unknown)
    if not match.confident:
        candidate = match.person
        raise Problem(
            "id_number",
            f"登记库中没有该身份证号码；疑似登记库中的{mask_name(candidate.name)}"
            f"（{mask_id_number(candidate.id_number)}，匹配概率{match.probability:.0%}），"
            "无法确认是否同一人，请核实后填写登记库中的身份证号码",
        )
    return match


def _person(
    text: str, name: str, actor: User, registry: Registry, row: int = 0
) -> tuple[Person, RecordMatch | None]:
    try:
        number = idnumber.parse(_code(text)).number
    except idnumber.InvalidIdNumber as exc:
        match = _matched(row, actor, registry, str(exc))
        return _alive(match.person), match
    person = registry.persons.get(number)
    if person is None:
        match = _matched(row, actor, registry, UNKNOWN_PERSON)
        return _alive(match.person), match
    if not actor.reaches(person.area_id):
        raise Problem("id_number", UNKNOWN_PERSON)
    if person.name != name:
        raise Problem("name", "姓名与登记库中该身份证号码的姓名不一致")
    return _alive(person), None


def _alive(person: Person) -> Person:
    if person.life_status == LifeStatus.DECEASED:
        raise Problem("id_number", "登记库中此人已死亡，不能纳入保障")
    return person


def _enrolment(row: RollRow, actor: User, registry: Registry, today: dt.date) -> Checked:
    values = {k: _required(row, k) for k in COLUMNS}
    for key in ("id_number", "account_number"):
        if key in row.numeric:
            raise Problem(key, "须以文本格式填写（数字格式会丢失位数），请将该列设为文本")
    person, matched = _person(values["id_number"], values["name"], actor, registry, row.number)
    programme = PROGRAMMES.get(values["programme"])
    if programme is None:
        choices = "、".join(str(label) for label in Programme.labels)
        raise Problem("programme", f"没有“{values['programme']}”这个救助项目（可填：{choices}）")
    amount = parse_amount(values["amount"])
    starts = parse_month(values["start_month"], today)
    membership = registry.memberships.get(person.pk)
    if membership is None:
        raise Problem("id_number", "此人不在任何现有家庭中，请先登记家庭")
    household = membership.household
    if programme in HOUSEHOLD_PROGRAMMES and household.head_id != person.pk:
        raise Problem("id_number", "该项目按户发放，请填写户主（收款人为户主，D13.2）")
    if (whose(programme, household.pk, person.pk), programme) in registry.enrolled:
        raise Problem("programme", "已在享受此项救助，不能重复纳入")
    account = _account(values, person, also=values["name"] if matched else None)
    return Checked(
        RollEnrolment(
            person=person,
            household=household,
            programme=programme,
            monthly_amount=amount,
            starts_on=starts,
            covered_members=registry.sizes.get(household.pk, 1),
            row=row.number,
        ),
        account,
        matched,
        values["id_number"],
    )


def _account(values: dict[str, str], person: Person, also: str | None = None) -> Account:
    number = unicodedata.normalize("NFKC", values["account_number"]).replace(" ", "")
    if not (number.isdigit() and 8 <= len(number) <= 32):
        raise Problem("account_number", "账号须为8至32位数字")
    # the row's own name counts too when the row was matched (it may be written in
    # traditional characters, say): the account is still the person's own (D13.2)
    if values["holder_name"] not in {person.name, also or person.name}:
        raise Problem("holder_name", "户名与本人姓名不一致，不得代持他人账户（D13.2）")
    if len(values["bank"]) > 60:
        raise Problem("bank", "开户银行不能超过60个字")
    return Account(values["bank"], number, values["holder_name"])


def _duplicates(checked: list[tuple[int, Checked]]) -> list[RowError]:
    """The same person twice for a programme (or the same household, for a household
    programme), or one person given two different accounts."""
    errors: list[RowError] = []
    seen: dict[tuple[int, str], int] = {}
    accounts: dict[int, tuple[int, Account]] = {}
    for number, c in checked:
        e = c.enrolment
        key = (whose(e.programme, e.household.pk, e.person.pk), e.programme)
        if key in seen:
            errors.append(RowError(number, COLUMNS["id_number"], f"与第{seen[key]}行重复"))
            continue
        seen[key] = number
        first = accounts.setdefault(e.person.pk, (number, c.account))
        if first[1] != c.account:
            message = f"同一人的收款账户与第{first[0]}行不一致"
            errors.append(RowError(number, COLUMNS["account_number"], message))
    return errors


def check_roll(
    rows: list[RollRow], actor: User, today: dt.date
) -> tuple[list[Checked], list[RowError]]:
    """(valid rows, every problem); the rows count only when there is no problem."""
    registry = read_registry(rows)
    checked: list[tuple[int, Checked]] = []
    errors: list[RowError] = []
    for row in rows:
        try:
            checked.append((row.number, _enrolment(row, actor, registry, today)))
        except Problem as problem:
            errors.append(RowError(row.number, COLUMNS[problem.key], problem.message))
    errors += _duplicates(checked)
    errors.sort(key=lambda e: e.row)
    return [c for _, c in checked], errors
