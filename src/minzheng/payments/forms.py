"""Forms of the payroll pages: a new cycle, a note for a workflow action, the bank-file
choices and the return-file upload."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms

from minzheng.assistance.models import Programme
from minzheng.core.models import Area, User
from minzheng.core.models.places import AreaLevel
from minzheng.payments.bankfiles import ENCODINGS, layouts

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
        found = MONTH.match(self.cleaned_data["month"])
        year, month = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError("请按“年-月”填写月份，例如 2026-12")
        return dt.date(year, month, 1)


class BankFileForm(forms.Form):
    layout = forms.ChoiceField(label="银行文件格式", choices=_layouts)
    encoding = forms.ChoiceField(label="文件编码", choices=[(e, e) for e in ENCODINGS])


class ReturnFileForm(BankFileForm):
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
