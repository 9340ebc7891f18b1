"""Payee accounts change only here, and every change is audited (D13.2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, Person, User
from minzheng.payments.errors import PaymentError
from minzheng.payments.models import PayeeAccount
from minzheng.payments.models.accounts import mask_account_number


def check_account(account_number: str, holder_name: str, bank: str) -> None:
    if not (account_number.isdigit() and 8 <= len(account_number) <= 32):
        raise PaymentError("账号：须为8至32位数字")
    if not holder_name.strip():
        raise PaymentError("户名：必填")
    if not bank.strip():
        raise PaymentError("开户银行：必填")


def payee_account_save(
    *,
    actor: User,
    person: Person,
    bank: str,
    account_number: str,
    holder_name: str,
    social_security_card: bool = False,
    verified_on: dt.date | None = None,
) -> PayeeAccount:
    """Create or replace the person's account; the audit keeps both numbers masked."""
    if not actor.reaches(person.area_id):
        raise PaymentError("该人员不在您的管辖区域内")
    account_number = account_number.strip()
    check_account(account_number, holder_name, bank)
    with transaction.atomic():
        account = PayeeAccount.objects.select_for_update().filter(person=person).first()
        before = {"account": account.masked_number, "bank": account.bank} if account else None
        account = account or PayeeAccount(person=person)
        account.bank, account.account_number = bank.strip(), account_number
        account.holder_name = holder_name.strip()
        account.social_security_card, account.verified_on = social_security_card, verified_on
        account.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=account,
            area_code=person.area_id,
            summary=f"收款账户：{account.bank} {mask_account_number(account_number)}",
            before=before,
            after={"account": account.masked_number, "bank": account.bank},
        )
    return account
