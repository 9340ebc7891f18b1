"""Demo data of the payments domain, made through the services as the bureau would: the
synthetic city's roll for 鼓楼区 loaded by the roll import (enrolments and accounts);
three months of dibao paid — each computed, submitted by `county`, approved by
`county2`, sent and reconciled from the bank's return file —, one line failed and
re-issued to a corrected account, one recovery order deducted from the payroll, the
county's welfare centre with one resident, and this month computed, awaiting
submission. Idempotent: nothing once a cycle exists."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minzheng.assistance.entitlements import in_force_query
from minzheng.assistance.models import Application, Enrolment
from minzheng.core.accounts import user_create
from minzheng.core.models import Area, Household, LifeStatus, Person, User
from minzheng.core.workflow.engine import transition
from minzheng.payments.bankfiles import layout, money
from minzheng.payments.computation import months_before
from minzheng.payments.models import (
    LineStatus,
    PayeeAccount,
    PayrollCycle,
    PayrollLine,
    RecoveryOrder,
)
from minzheng.payments.payees import payee_of
from minzheng.payments.recoveries import recovery_open
from minzheng.payments.returns import return_file_apply
from minzheng.payments.roll.importer import roll_import
from minzheng.payments.roll.reader import COLUMNS
from minzheng.payments.services.accounts import payee_account_save
from minzheng.payments.services.institutions import institution_save, placement_start
from minzheng.payments.services.payroll import (
    correction_open,
    payroll_compute,
    payroll_cycle_open,
    payroll_send,
)
from minzheng.payments.settings_specs import seed_example_settings

# Pays the families the assistance seeder enrolled; its example standards set the
# review months the roll import reads.
DEMO_AFTER = ("assistance",)
COUNTY = "320302"  # 鼓楼区, the demo county
SECOND_APPROVER = "county2"  # approves what "county" submits (four eyes)
ROLL_SIZE = 60  # households on the demo roll: enough for a page of lines, quick to build
PAID_MONTHS = 3
# Demo amounts by household size (labelled 演示; the payroll pays what the roll says).
AMOUNTS = {1: "620.00", 2: "1040.00", 3: "1380.00"}
BANK = "中国农业银行徐州鼓楼支行"


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


def _roll_households() -> list[Household]:
    """Households of the county with a living head, no case and no enrolment yet."""
    busy = Application.objects.values("household_id")
    return list(
        Household.objects.filter(
            area__code__startswith=COUNTY,
            head__isnull=False,
            head__life_status=LifeStatus.ALIVE,
            head__memberships__valid_to__isnull=True,
            head__memberships__household_id=F("id"),
        )
        .exclude(pk__in=busy)
        .select_related("head")
        .order_by("id")[:ROLL_SIZE]
    )


def roll_csv(households: list[Household], start: dt.date) -> bytes:
    """The county's roll as the bureau would export it from its old system."""
    lines = [",".join(COLUMNS.values())]
    for household in households:
        head = household.head
        assert head is not None
        size = min(household.memberships.filter(valid_to__isnull=True).count(), 3)
        cells = [
            head.id_number,
            head.name,
            "低保",
            AMOUNTS[max(size, 1)],
            f"{start:%Y-%m}",
            BANK,
            f"6228480{head.pk:012d}",
            head.name,
        ]
        lines.append(",".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _accounts_for_the_rest(county: User, month: dt.date) -> None:
    """The families the assistance seeder enrolled get an account like everyone."""
    for enrolment in in_force_query(COUNTY, month).select_related("household__head"):
        person = payee_of(enrolment)
        if person is not None and not PayeeAccount.objects.filter(person=person).exists():
            payee_account_save(
                actor=county,
                person=person,
                bank=BANK,
                account_number=f"6228480{person.pk:012d}",
                holder_name=person.name,
                social_security_card=True,
                verified_on=month,
            )


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
        item = {
            "reference": ln.reference,
            "name": ln.payee_name,
            "amount": money(ln.total),
            "account": ln.account_number,
            "result": code,
            "reason": "账户已冻结（演示）" if code == "1" else "",
        }
        rows.append(lay.delimiter.join(item[f] for f in lay.return_detail))
    return "\r\n".join(rows).encode("utf-8")


def _pay(county: User, second: User, cycle: PayrollCycle, *, failing: int | None = None) -> None:
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


def _month(county: User, area: Area, month: dt.date) -> PayrollCycle:
    cycle = payroll_cycle_open(actor=county, programme="dibao", county=area, month=month)
    return payroll_compute(actor=county, cycle=cycle)


def _reissue(county: User, second: User, source: PayrollCycle) -> PayrollCycle:
    """The failed card replaced by the beneficiary's new one, then paid again."""
    for line in PayrollLine.objects.filter(cycle=source, status=LineStatus.FAILED):
        payee_account_save(
            actor=county,
            person=line.beneficiary,
            bank="中国建设银行徐州分行",
            account_number=f"6217001{line.beneficiary_id:012d}",
            holder_name=line.beneficiary.name,
            social_security_card=True,
            verified_on=source.month,
        )
    correction = correction_open(actor=county, source=source)
    payroll_compute(actor=county, cycle=correction)
    _pay(county, second, correction)
    return correction


def _recovery(county: User, area: Area, first: dt.date) -> RecoveryOrder | None:
    """One month paid too much to one family (income not reported), recovered by
    deductions of 100.00 from its later payments (D13.5)."""
    enrolment = Enrolment.objects.filter(application__track="roll").order_by("id")[1:2].first()
    if enrolment is None or enrolment.household.head is None:
        return None
    return recovery_open(
        actor=county,
        beneficiary=enrolment.household.head,
        programme="dibao",
        area=area,
        amount=enrolment.monthly_amount,
        months=[first],
        reason="家庭成员就业收入未及时申报，多发1个月（演示）",
        rule="D13.5",
        instalment=Decimal("100.00"),
    )


def _institution(county: User, area: Area, households: list[Household], month: dt.date) -> None:
    """The county's welfare centre (集中供养, D13.1), its account, and one resident from
    this month: a person of the city not on the demo roll (so the roll's payroll above
    is unchanged; only a 特困 line would be paid to the centre)."""
    name = "徐州市鼓楼区社会福利中心（演示）"
    centre = institution_save(
        actor=county,
        county=area,
        name=name,
        credit_code="12320302MB0000001X",
        bank="中国工商银行徐州鼓楼支行",
        account_number="1106020309000000017",
        holder_name=name,
    )
    on_roll = {h.head_id for h in households}
    resident = (
        Person.objects.filter(area__code__startswith=COUNTY, life_status=LifeStatus.ALIVE)
        .exclude(pk__in=on_roll)
        .order_by("id")
        .first()
    )
    if resident is not None:
        placement_start(actor=county, person=resident, institution=centre, starts_on=month)


@transaction.atomic
def seed_demo(**_: object) -> str:
    seed_example_settings()
    county = User.objects.filter(username="county").first()
    if county is None or PayrollCycle.objects.exists():
        return ""
    this_month = timezone.localdate().replace(day=1)
    paid = months_before(this_month, PAID_MONTHS)
    first = paid[0]
    households = _roll_households()
    if not households:
        return ""
    outcome = roll_import(
        actor=county, content=roll_csv(households, first), filename="演示名册.csv"
    )
    second, area = _approver(county), Area.objects.get(code=COUNTY)
    failed, order = None, None
    for n, month in enumerate(paid):
        if n == PAID_MONTHS - 1:
            order = _recovery(county, area, first)
        cycle = _month(county, area, month)
        line = PayrollLine.objects.filter(cycle=cycle, status=LineStatus.PENDING).first()
        fails = line.pk if n == 1 and line else None
        _pay(county, second, cycle, failing=fails)
        if fails:
            failed = _reissue(county, second, cycle)
    _accounts_for_the_rest(county, this_month)
    _institution(county, area, households, this_month)
    current = _month(county, area, this_month)
    return (
        f"演示资金发放：导入保障名册{outcome.enrolments}户；"
        f"{first:%Y年%m月}起{PAID_MONTHS}个月低保已审批、发放并对账"
        f"（{'1笔失败已补发' if failed else '无失败'}，追回单{1 if order else 0}张从发放中扣减），"
        f"{this_month:%Y年%m月}已计算{current.line_count}笔待报批；复核审批员 {SECOND_APPROVER}"
    )
