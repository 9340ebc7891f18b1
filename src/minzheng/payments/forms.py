"""Forms of the payroll pages: a new cycle, a note for a workflow action, the bank-file
choices and the return-file upload, institutions and placements."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms

from minzheng.assistance.models import Programme
from minzheng.core.models import Area, User
from minzheng.core.models.places import AreaLevel
from minzheng.core.text import text_problem
from minzheng.payments.bankfiles import ENCODINGS, layouts
from minzheng.payments.services.institutions import CREDIT_CODE

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _layouts() -> list[tuple[str, str]]:
    return [(code, lay.name) for code, lay in layouts().items()]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见/说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CycleForm(forms.Form):
    """A new month's cycle: a county the user reaches, a programme, a month."""

    county = forms.ChoiceField(label="县（区）")
    programme = forms.ChoiceField(label="救助项目", choices=Programme.choices)
    month = forms.CharField(
        label="发放月份", max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = Area.objects.filter(
            level=AreaLevel.COUNTY, code__startswith=user.scope_prefix
        ).order_by("code")
        county = self.fields["county"]
        assert isinstance(county, forms.ChoiceField)
        county.choices = [(a.code, a.name) for a in counties]

    def clean_month(self) -> dt.date:
        return month_of(self.cleaned_data["month"])


class BankFileForm(forms.Form):
    layout = forms.ChoiceField(label="银行文件格式", choices=_layouts)
    encoding = forms.ChoiceField(label="文件编码", choices=[(e, e) for e in ENCODINGS])


def _return_layouts() -> list[tuple[str, str]]:
    """The layouts a bank answers in (an Excel list is answered in another layout)."""
    return [(code, lay.name) for code, lay in layouts().items() if lay.return_detail]


class ReturnFileForm(BankFileForm):
    layout = forms.ChoiceField(label="银行回盘格式", choices=_return_layouts)
    file = forms.FileField(label="银行回盘文件")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("回盘文件不能超过50MB")
        return upload


class RollForm(forms.Form):
    file = forms.FileField(label="保障名册（Excel表格或逗号分隔的文本文件）")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError("只能上传Excel表格（.xlsx）或逗号分隔的文本文件（.csv）")
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("名册文件不能超过50MB")
        return upload


class TotalsForm(forms.Form):
    """The totals page's filter: a programme, a year (both optional)."""

    programme = forms.ChoiceField(
        label="救助项目", choices=[("", "全部项目"), *Programme.choices], required=False
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)


class RepayForm(forms.Form):
    amount = forms.DecimalField(
        label="退还金额（元）", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


class WriteOffForm(forms.Form):
    reason = forms.CharField(
        label="核销理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


def month_of(value: str) -> dt.date:
    """“2026-12” as the first of the month, or the field's error in Chinese."""
    found = MONTH.match(value.strip())
    year, month = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise forms.ValidationError("请按“年-月”填写月份，例如 2026-12")
    return dt.date(year, month, 1)


class _Text(forms.CharField):
    """One line of text: trimmed, control characters refused (house rule)."""

    def clean(self, value: Any) -> str:
        text = str(super().clean(value)).strip()
        if problem := text_problem(text, max_length=self.max_length):
            raise forms.ValidationError(problem)
        return text


class InstitutionForm(forms.Form):
    """An institution of centralised support (集中供养, D2.9) and its account (D13.1). On
    a new one the county and the credit code are chosen; they identify it afterwards."""

    county = forms.ChoiceField(label="所在县（区）")
    name = _Text(label="机构名称", max_length=60)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18)
    bank = _Text(label="开户银行", max_length=60)
    account_number = forms.CharField(label="账号", max_length=32)
    holder_name = _Text(label="户名", max_length=60, help_text="须为机构名称（不得使用他人账户）")

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["county"], self.fields["credit_code"]
            return
        counties = Area.objects.filter(
            level=AreaLevel.COUNTY, code__startswith=user.scope_prefix
        ).order_by("code")
        county = self.fields["county"]
        assert isinstance(county, forms.ChoiceField)
        county.choices = [(a.code, a.name) for a in counties]

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"].strip().upper()
        if not CREDIT_CODE.match(code):
            raise forms.ValidationError("应为18位数字或大写字母（不含I、O、S、V、Z）")
        return code

    def clean_account_number(self) -> str:
        number = self.cleaned_data["account_number"].strip()
        if not (number.isdigit() and 8 <= len(number) <= 32):
            raise forms.ValidationError("须为8至32位数字")
        return number


class PlacementForm(forms.Form):
    """A person moving into the institution from a month (paid to it from then)."""

    id_number = forms.CharField(label="供养对象公民身份号码", max_length=18)
    month = forms.CharField(
        label="入住月份", max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def clean_month(self) -> dt.date:
        return month_of(self.cleaned_data["month"])


class PlacementEndForm(forms.Form):
    month = forms.CharField(
        label="离开月份",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="自该月起恢复发放到本人账户",
    )

    def clean_month(self) -> dt.date:
        return month_of(self.cleaned_data["month"])
