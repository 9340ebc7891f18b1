"""Demo data of the payments domain: accounts for the demo's enrolled beneficiaries,
this month's dibao payroll of 鼓楼区 paid (one line failed, then re-issued to the
corrected account and paid) and next month's computed. Self-contained and idempotent:
it does nothing once a cycle exists or when the demo has nobody enrolled."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.entitlements import in_force_query
from minzheng.core.accounts import user_create
from minzheng.core.models import Area, User
from minzheng.core.workflow.engine import transition
from minzheng.payments.bankfiles import layout, money
from minzheng.payments.models import LineStatus, PayrollCycle, PayrollLine
from minzheng.payments.payees import payee_of
from minzheng.payments.returns import return_file_apply
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.payroll import (
    correction_open,
    payroll_compute,
    payroll_cycle_open,
    payroll_send,
)
from minzheng.payments.settings_specs import seed_example_settings

# Pays the families the assistance seeder enrolled.
DEMO_AFTER = ("assistance",)
COUNTY = "320302"  # 鼓楼区, the demo county
SECOND_APPROVER = "county2"  # approves what "county" submits (four eyes)


def _approver(county: User) -> User:
    """A second county approver with the demo password of "county" (its hash copied:
    no domain imports the demo app)."""
    user = User.objects.filter(username=SECOND_APPROVER).first()
    if user is None:
        user = user_create(
            actor=None,
            username=SECOND_APPROVER,
            password=secrets.token_urlsafe(24),
            role="county_approver",
            area_code=COUNTY,
            display_name="鼓楼区审批员（复核）",
        )
        user.password = county.password
        user.save(update_fields=["password"])
    return user


def _accounts(county: User, month: dt.date) -> int:
    payees = [payee_of(e) for e in in_force_query(COUNTY, month).select_related("household__head")]
    for n, person in enumerate(p for p in payees if p is not None):
        payee_account_save(
            actor=county,
            person=person,
            bank="中国农业银行徐州鼓楼支行",
            account_number=f"6228480{person.pk:012d}",
            # The second card is in another's name (代持): held until corrected.
            holder_name=person.name if n != 1 else f"{person.name[0]}某",
            social_security_card=True,
            verified_on=month,
        )
    return len(payees)


def _answer(cycle: PayrollCycle, *, failing: int | None) -> bytes:
    """The bank's return file: every line paid but the `failing` one."""
    lay = layout("pipe_batch")
    lines = list(PayrollLine.objects.filter(cycle=cycle, status=LineStatus.SENT).order_by("id"))
    head = {
        "date": f"{timezone.localdate():%Y%m%d}",
        "unit": "农行鼓楼支行",
        "count": str(len(lines)),
        "total": money(sum((ln.total for ln in lines), Decimal("0.00"))),
    }
    rows = [lay.delimiter.join(head[f] for f in lay.header)]
    for ln in lines:
        code = "1" if ln.pk == failing else "0"
        reason = "户名与账号不符（演示）" if code == "1" else ""
        item = {
            "reference": ln.reference,
            "name": ln.payee_name,
            "amount": money(ln.total),
            "account": ln.account_number,
            "result": code,
            "reason": reason,
        }
        rows.append(lay.delimiter.join(item[f] for f in lay.return_detail))
    return "\r\n".join(rows).encode("utf-8")


def _pay(county: User, second: User, cycle: PayrollCycle, *, failing: int | None) -> None:
    transition(cycle, "submit", county)
    transition(cycle, "approve", second)
    payroll_send(actor=county, cycle=cycle)
    return_file_apply(
        actor=county,
        cycle=cycle,
        data=_answer(cycle, failing=failing),
        layout_code="pipe_batch",
        encoding="UTF-8",
    )


@transaction.atomic
def seed_demo(**_: object) -> str:
    seed_example_settings()
    county = User.objects.filter(username="county").first()
    month = timezone.localdate().replace(day=1)
    if county is None or PayrollCycle.objects.exists():
        return ""
    if not _accounts(county, month):
        return ""
    second, area = _approver(county), Area.objects.get(code=COUNTY)
    cycle = payroll_cycle_open(actor=county, programme="dibao", county=area, month=month)
    payroll_compute(actor=county, cycle=cycle)
    first = PayrollLine.objects.filter(cycle=cycle, status=LineStatus.PENDING).first()
    _pay(county, second, cycle, failing=first.pk if first else None)
    for line in PayrollLine.objects.filter(cycle=cycle, status__in=["held", "failed"]):
        payee_account_save(
            actor=county,
            person=line.beneficiary,
            bank="中国建设银行徐州分行",
            account_number=f"6217001{line.beneficiary_id:012d}",
            holder_name=line.beneficiary.name,
            social_security_card=True,
            verified_on=month,
        )
    correction = correction_open(actor=county, source=cycle)
    payroll_compute(actor=county, cycle=correction)
    _pay(county, second, correction, failing=None)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    following = payroll_cycle_open(actor=county, programme="dibao", county=area, month=next_month)
    payroll_compute(actor=county, cycle=following)
    return (
        f"演示资金发放：{month:%Y年%m月}低保{cycle.line_count}笔已发放并对账"
        f"（失败及代持暂停的{correction.line_count}笔已补发），"
        f"{next_month:%Y年%m月}已计算待报批；复核审批员 {SECOND_APPROVER}"
    )
