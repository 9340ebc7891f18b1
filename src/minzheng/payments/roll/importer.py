"""`roll_import`: a city's current beneficiary roll into enrolments in force and payee
accounts, all or nothing. Every row is checked first (`roll.checks`); if any is wrong
nothing is written and every problem is reported with its row, column and reason.
The checks and the writes run in one transaction, so nobody enrols the same household
between them; a database refusal rolls the whole file back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.services.roll import roll_enrol
from minzheng.core.audit import audit_record
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import AuditAction, User
from minzheng.core.spreadsheets.reader import RowError
from minzheng.core.workflow import ActionNotPermitted
from minzheng.payments.errors import PaymentError
from minzheng.payments.roll.checks import Checked, check_roll
from minzheng.payments.roll.reader import read_roll
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.workflows import PAYROLL


class RollRefused(PaymentError):
    """The file was not imported; `errors` lists every problem (row, column, reason)."""

    def __init__(self, errors: list[RowError]) -> None:
        shown = "；".join(map(str, errors[:20])) + ("……" if len(errors) > 20 else "")
        super().__init__(f"名册未导入：{len(errors)}处问题，请更正后重新上传：{shown}")
        self.errors = errors


@dataclass(frozen=True)
class MatchedRow:
    """A row whose ID number found nobody exactly, enrolled as the person identity
    resolution matched it to with confidence (issue 16)."""

    row: int
    typed_id_number: str  # masked
    name: str  # masked, the registry's
    id_number: str  # masked, the registry's
    probability: float

    def __str__(self) -> str:
        return (
            f"第{self.row}行：身份证号码{self.typed_id_number}在登记库中无完全一致的记录，"
            f"经身份识别确认为{self.name}（{self.id_number}，匹配概率{self.probability:.1%}）"
        )


@dataclass(frozen=True)
class RollOutcome:
    enrolments: int
    accounts: int
    programmes: dict[str, int]  # programme -> rows
    matched: tuple[MatchedRow, ...] = ()

    def summary_zh(self) -> str:
        text = f"名册已导入：纳入保障{self.enrolments}户（人），收款账户{self.accounts}个"
        if self.matched:
            text += f"；其中{len(self.matched)}行经身份识别匹配：" + "；".join(
                map(str, self.matched)
            )
        return text


def _may_import(actor: User) -> None:
    """Whoever runs the county's payroll loads its roll (D13.3)."""
    if actor.role not in PAYROLL.find("compute").roles:
        raise ActionNotPermitted(f"您的角色（{actor.get_role_display()}）无权导入保障名册")


def _accounts(actor: User, checked: list[Checked], today: dt.date) -> int:
    done: set[int] = set()
    for c in checked:
        person = c.enrolment.person
        if person.pk in done:
            continue  # one person on two programmes: one account (checked identical)
        done.add(person.pk)
        payee_account_save(
            actor=actor,
            person=person,
            bank=c.account.bank,
            account_number=c.account.account_number,
            holder_name=c.account.holder_name,
            verified_on=today,
        )
    return len(done)


def roll_import(
    *, actor: User, content: bytes, filename: str, today: dt.date | None = None
) -> RollOutcome:
    _may_import(actor)
    today = today or timezone.localdate()
    parsed = read_roll(content, filename)
    if parsed.errors:
        raise RollRefused(parsed.errors)
    with transaction.atomic():
        checked, errors = check_roll(parsed.rows, actor, today)
        if errors:
            raise RollRefused(errors)
        entries = [c.enrolment for c in checked]
        roll_enrol(actor=actor, entries=entries, source=filename, today=today)
        accounts = _accounts(actor, checked, today)
        counts: dict[str, int] = {}
        for e in entries:
            counts[e.programme] = counts.get(e.programme, 0) + 1
        matched = tuple(
            MatchedRow(
                c.enrolment.row,
                mask_id_number(c.typed_id_number),
                mask_name(c.enrolment.person.name),
                mask_id_number(c.enrolment.person.id_number),
                c.matched.probability,
            )
            for c in checked
            if c.matched is not None
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="assistance.enrolment",
            area_code=actor.area_id or "",
            summary=f"导入保障名册“{filename[:60]}”：纳入保障{len(entries)}户（人），"
            f"收款账户{accounts}个" + (f"，经身份识别匹配{len(matched)}行" if matched else ""),
        )
    return RollOutcome(len(entries), accounts, counts, matched)
