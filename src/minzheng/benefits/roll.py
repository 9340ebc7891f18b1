"""The current recipient roll of the benefits (issue 19 item 5): Excel import, all or
nothing, and a masked Excel export of the roll in force.

Import: the same conventions as payments' beneficiary roll (`payments.roll`): headers
by Chinese title or code in any order, every row checked before anything is written,
every problem reported with its row, column and reason in Chinese, a person outside the
importer's area reported exactly as an unknown one (D0.3), and whoever runs the
county's payroll imports (D13.3). Each row becomes a benefit enrolment with its
`Grant` (`services.enrolment.benefit_enrol`), so the living subsidy follows the dibao
standard (its share is a column), reviews know the grade and the certificate's expiry,
and the payroll pays it; the payee account is recorded as payments' roll does."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from minzheng.assistance.entitlements import amount_in
from minzheng.assistance.models import Enrolment, EnrolmentStatus
from minzheng.assistance.models.applications import Track
from minzheng.assistance.policy.dates import add_months
from minzheng.assistance.policy.vocabulary import Programme
from minzheng.assistance.policy_adapter import parameters_in_force
from minzheng.benefits.services.enrolment import benefit_enrol
from minzheng.core.audit import audit_export, audit_record
from minzheng.core.codes import DISABILITY_GRADES, DisabilityType
from minzheng.core.config import config_int
from minzheng.core.masking import mask_id_number
from minzheng.core.models import AuditAction, User
from minzheng.core.spreadsheets.parsing import text_of
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.spreadsheets.writer import table_xlsx
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.roll.checks import (
    Account,
    Problem,
    _account,
    _person,
    parse_amount,
    parse_month,
    read_registry,
)
from minzheng.payments.roll.reader import RollRow
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.workflows import PAYROLL

LIVING = Programme.DISABILITY_LIVING_SUBSIDY.value
CARE = Programme.DISABILITY_CARE_SUBSIDY.value
OLD_AGE = Programme.OLD_AGE_ALLOWANCE.value
CARE_SERVICE = Programme.ELDERLY_CARE_SERVICE_SUBSIDY.value
BENEFIT_PROGRAMMES = {
    p.value: p.label
    for p in (
        Programme.DISABILITY_LIVING_SUBSIDY,
        Programme.DISABILITY_CARE_SUBSIDY,
        Programme.OLD_AGE_ALLOWANCE,
        Programme.ELDERLY_CARE_SERVICE_SUBSIDY,
    )
}
PROGRAMMES = {
    **{code: code for code in BENEFIT_PROGRAMMES},
    **{str(label): code for code, label in BENEFIT_PROGRAMMES.items()},
    "生活补贴": LIVING,
    "护理补贴": CARE,
}
# key -> header; REQUIRED always, the disability columns for the two subsidies.
COLUMNS = {
    "id_number": "公民身份号码",
    "name": "姓名",
    "programme": "补贴项目",
    "amount": "月发放金额（元）",
    "start_month": "起始月份",
    "bank": "开户银行",
    "account_number": "账号",
    "holder_name": "户名",
    "disability_type": "残疾类别",
    "disability_grade": "残疾等级",
    "certificate_expires_on": "残疾人证有效期至",
    "ratio": "占低保标准比例",
}
REQUIRED = ("id_number", "name", "programme", "amount", "start_month")
ACCOUNT = ("bank", "account_number", "holder_name")
MAX_ROWS = 50_000  # a bound on one upload, not a policy
UNREADABLE = "无法读取文件，请上传Excel表格（.xlsx）或逗号分隔的文本文件（.csv）"
TYPES = {**{str(label): code for code, label in DisabilityType.choices}}
TYPES.update({code: code for code in DisabilityType.values})
GRADES = {str(label): grade for grade, label in DISABILITY_GRADES.items()}
GRADES.update({str(grade): grade for grade in DISABILITY_GRADES})
GRADES.update({f"{'一二三四'[grade - 1]}级": grade for grade in DISABILITY_GRADES})


class BenefitRollRefused(Exception):
    """Nothing was imported; `errors` lists every problem (row, column, reason)."""

    def __init__(self, errors: list[RowError]) -> None:
        shown = "；".join(map(str, errors[:20])) + ("……" if len(errors) > 20 else "")
        super().__init__(f"名册未导入：{len(errors)}处问题，请更正后重新上传：{shown}")
        self.errors = errors


@dataclass
class RollFile:
    rows: list[RollRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(value: Any) -> str:
    text = str(value or "").strip().replace("*", "").replace(" ", "").lstrip("\ufeff")
    return text.replace("(", "（").replace(")", "）")


def _read(lines: Any, result: RollFile) -> None:
    keys = {**{h: k for k, h in COLUMNS.items()}, **{k: k for k in COLUMNS}}
    headers = [_header(v) for v in next(lines, ())]
    positions = {keys[h]: i for i, h in enumerate(headers) if h in keys}
    for key in (*REQUIRED, *ACCOUNT):
        if key not in positions:
            result.errors.append(RowError(1, COLUMNS[key], f"缺少“{COLUMNS[key]}”列"))
    if result.errors:
        return
    for number, cells in enumerate(lines, start=2):
        values = {k: text_of(cells[i]) if i < len(cells) else "" for k, i in positions.items()}
        if not any(values.values()):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(RowError(0, "", f"数据超过{MAX_ROWS}行，请分批导入"))
            return
        numeric = frozenset(
            k for k, i in positions.items() if i < len(cells) and isinstance(cells[i], float)
        )
        result.rows.append(RollRow(number, values, numeric))


def read_benefit_roll(content: bytes, filename: str) -> RollFile:
    result = RollFile()
    try:
        if filename.lower().endswith((".csv", ".txt")):
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("gb18030")
            _read(iter(csv.reader(io.StringIO(text))), result)
        else:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                _read(book.worksheets[0].iter_rows(values_only=True), result)
            finally:
                book.close()
    except Exception:  # a damaged or foreign file fails in csv, openpyxl or XML many ways
        return RollFile(errors=[RowError(0, "", UNREADABLE)])
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", "文件中没有数据行"))
    return result


@dataclass(frozen=True)
class Entry:
    row: int
    person: Any
    household: Any
    programme: str
    amount: Decimal
    starts_on: dt.date
    account: Account
    disability_type: str = ""
    disability_grade: int | None = None
    expires_on: dt.date | None = None
    ratio: str = ""


def _text(row: RollRow, key: str, required: bool) -> str:
    text = row.values.get(key, "").strip()
    if required and not text:
        raise Problem(key, "必填")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise Problem(key, "含有不可见的控制字符")
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(unicodedata.normalize("NFKC", text)[:10])
    except ValueError:
        raise Problem(
            "certificate_expires_on", f"“{text}”不是日期，请按“年-月-日”填写，例如 2029-01-09"
        ) from None


def _ratio(text: str) -> str:
    """30%, 30 or 0.3 → "0.3" (the Grant's share); within (0, 1]."""
    clean = unicodedata.normalize("NFKC", text).replace(" ", "")
    percent = clean.endswith("%")
    try:
        value = Decimal(clean.rstrip("%"))
    except InvalidOperation:
        raise Problem("ratio", f"“{text}”不是比例，请填写如 30% 或 0.3") from None
    if percent or value > 1:
        value = value / 100
    if not value.is_finite() or not (0 < value <= 1):
        raise Problem("ratio", "比例须大于0且不超过100%")
    return format(value.normalize(), "f")


def _disability(row: RollRow, values: dict[str, str], today: dt.date) -> dict[str, Any]:
    kind = TYPES.get(_text(row, "disability_type", True))
    if kind is None:
        choices = "、".join(str(label) for label in DisabilityType.labels)
        raise Problem("disability_type", f"残疾类别不正确（可填：{choices}）")
    grade = GRADES.get(_text(row, "disability_grade", True))
    if grade is None:
        raise Problem("disability_grade", "残疾等级须为1级至4级（可填“二级”“2级”或2）")
    expires_text = _text(row, "certificate_expires_on", False)
    expires = _date(expires_text) if expires_text else None
    if expires is not None and expires < today:
        raise Problem("certificate_expires_on", "残疾人证已过有效期，不能纳入发放")
    ratio = ""
    if values["programme"] == LIVING:
        ratio = _ratio(_text(row, "ratio", True))
    return {
        "disability_type": kind,
        "disability_grade": grade,
        "expires_on": expires,
        "ratio": ratio,
    }


def _entry(row: RollRow, actor: User, registry: Any, today: dt.date) -> Entry:
    values = {k: _text(row, k, True) for k in (*REQUIRED, *ACCOUNT)}
    for key in ("id_number", "account_number"):
        if key in row.numeric:
            raise Problem(key, "须以文本格式填写（数字格式会丢失位数），请将该列设为文本")
    person, _ = _person(values["id_number"], values["name"], actor, registry, row.number)
    programme = PROGRAMMES.get(values["programme"])
    if programme is None:
        choices = "、".join(BENEFIT_PROGRAMMES.values())
        raise Problem("programme", f"没有“{values['programme']}”这个补贴项目（可填：{choices}）")
    values["programme"] = programme
    amount = parse_amount(values["amount"])
    starts = parse_month(values["start_month"], today)
    membership = registry.memberships.get(person.pk)
    if membership is None:
        raise Problem("id_number", "此人不在任何现有家庭中，请先登记家庭")
    household = membership.household
    if (-person.pk, programme) in registry.enrolled:
        raise Problem("programme", "已在享受此项补贴，不能重复纳入")
    extra: dict[str, Any] = {}
    if programme in (LIVING, CARE):
        extra = _disability(row, values, today)
    if programme == OLD_AGE:
        first = parameters_in_force(household.area, starts).params.old_age.age_first
        before = starts - dt.timedelta(days=1)
        if person.age_on(before) < first:  # D7.3: from the month after the birthday
            raise Problem("start_month", f"起始月份前一月末未满{first}周岁，不能发放高龄津贴")
    account = _account(values, person)
    return Entry(row.number, person, household, programme, amount, starts, account, **extra)


def _duplicates(entries: list[Entry]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[tuple[int, str], int] = {}
    accounts: dict[int, tuple[int, Account]] = {}
    for e in entries:
        key = (e.person.pk, e.programme)
        if key in seen:
            errors.append(RowError(e.row, COLUMNS["id_number"], f"与第{seen[key]}行重复"))
            continue
        seen[key] = e.row
        first = accounts.setdefault(e.person.pk, (e.row, e.account))
        if first[1] != e.account:
            message = f"同一人的收款账户与第{first[0]}行不一致"
            errors.append(RowError(e.row, COLUMNS["account_number"], message))
    return errors


def may_import(actor: User) -> bool:
    """Whoever runs the county's payroll loads its roll (D13.3), as payments' roll."""
    return actor.role in PAYROLL.find("compute").roles


@dataclass(frozen=True)
class Imported:
    enrolments: int
    accounts: int
    programmes: dict[str, int]

    def summary_zh(self) -> str:
        parts = "，".join(
            f"{BENEFIT_PROGRAMMES[p]}{n}人" for p, n in sorted(self.programmes.items())
        )
        return f"名册已导入：纳入发放{self.enrolments}人（{parts}），收款账户{self.accounts}个"


def benefit_roll_import(
    *, actor: User, content: bytes, filename: str, today: dt.date | None = None
) -> Imported:
    """All or nothing: every row checked, then every row written in one transaction."""
    if not may_import(actor):
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权导入补贴名册")
    today = today or timezone.localdate()
    parsed = read_benefit_roll(content, filename)
    if parsed.errors:
        raise BenefitRollRefused(parsed.errors)
    with transaction.atomic():
        registry = read_registry(parsed.rows)
        entries: list[Entry] = []
        errors: list[RowError] = []
        for row in parsed.rows:
            try:
                entries.append(_entry(row, actor, registry, today))
            except Problem as problem:
                errors.append(RowError(row.number, COLUMNS[problem.key], problem.message))
        errors += _duplicates(entries)
        if errors:
            errors.sort(key=lambda e: e.row)
            raise BenefitRollRefused(errors)
        name = filename.rsplit(".", 1)[0] or filename
        counts: dict[str, int] = {}
        for e in entries:
            months = config_int(
                "benefits.disability.review_months", on=today, area=e.household.area
            )
            benefit_enrol(
                actor=actor,
                household=e.household,
                person=e.person,
                programme=e.programme,
                amount=e.amount,
                starts_on=e.starts_on,
                next_review_on=e.expires_on or add_months(today, months),
                reasons=[f"存量名册导入（{name[:60]}第{e.row}行），{e.starts_on:%Y年%m月}起发放"],
                ratio=e.ratio,
                basis={
                    "disability_type": e.disability_type,
                    "disability_grade": e.disability_grade,
                },
            )
            counts[e.programme] = counts.get(e.programme, 0) + 1
        done: set[int] = set()
        for e in entries:
            if e.person.pk not in done:
                done.add(e.person.pk)
                payee_account_save(
                    actor=actor,
                    person=e.person,
                    bank=e.account.bank,
                    account_number=e.account.account_number,
                    holder_name=e.account.holder_name,
                    verified_on=today,
                )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="assistance.enrolment",
            area_code=actor.area_id or "",
            summary=f"导入补贴名册“{filename[:60]}”：纳入发放{len(entries)}人，收款账户{len(done)}个",
        )
    return Imported(len(entries), len(done), counts)


EXPORT_HEADER = (
    "姓名",
    "身份证号（脱敏）",
    "补贴项目",
    "村（社区）",
    "起始月份",
    "本月发放金额（元）",
    "状态",
    "残疾类别",
    "残疾等级",
    "占低保标准比例",
)
EXPORT_LIMIT = 100_000


def _export_rows(rows: Any, month: dt.date) -> Any:
    for e in rows.iterator(chunk_size=2000):
        grant = getattr(e, "benefit_grant", None)
        person = e.application.applicant
        grade = grant.disability_grade if grant else None
        yield [
            person.name,
            mask_id_number(person.id_number),
            e.programme_label,
            e.household.area.name,
            e.starts_on.strftime("%Y-%m"),
            amount_in(e, month),
            "暂停发放" if e.ends_on else "在发",
            DisabilityType(grant.disability_type).label if grant and grant.disability_type else "",
            DISABILITY_GRADES.get(grade, "") if grade else "",
            grant.ratio if grant else "",
        ]


def benefit_roll_export(*, actor: User, today: dt.date) -> bytes:
    """The roll in force this month of the user's area: masked ID numbers, audited."""
    month = today.replace(day=1)
    rows = (
        Enrolment.objects.visible_to(actor)
        .filter(application__track=Track.BENEFIT, starts_on__lte=month)
        .exclude(status=EnrolmentStatus.ENDED)
        .select_related("application__applicant", "household__area", "benefit_grant")
        .order_by("programme", "id")[:EXPORT_LIMIT]
    )
    content, count = table_xlsx("补贴发放名册", EXPORT_HEADER, _export_rows(rows, month))
    audit_export(
        actor=actor,
        object_type="assistance.enrolment",
        area_code=actor.area_id or "",
        count=count,
        criteria=f"补贴发放名册 {month:%Y-%m}",
    )
    return content
