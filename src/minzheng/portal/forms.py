from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import IsoDateInput
from minzheng.core.text import TextFormField, form_text
from minzheng.portal.lookup import RECEIPT, TAIL, clean_receipt, clean_tail
from minzheng.portal.models import ContentVersion

TAIL_HELP = "身份证号码或统一社会信用代码的最后四位，数字或字母（不含I、O、Z、S、V）"


class LookupForm(forms.Form):
    receipt = forms.CharField(label="受理编号", max_length=24)
    tail = forms.CharField(
        label="申请人证件号码后四位", min_length=4, max_length=4, help_text=TAIL_HELP
    )

    def clean_receipt(self) -> str:
        value = clean_receipt(self.cleaned_data["receipt"])
        if not RECEIPT.match(value):
            raise forms.ValidationError("受理编号应为6至24位字母或数字，请按受理回执填写")
        return value

    def clean_tail(self) -> str:
        value = clean_tail(self.cleaned_data["tail"])
        if not TAIL.match(value):
            raise forms.ValidationError(f"申请人证件号码后四位有误：{TAIL_HELP}")
        return value


class ContentForm(forms.Form):
    """A new version of a guide or a template; the fields shown depend on the kind."""

    title = form_text(ContentVersion, "title")
    effective_from = forms.DateField(label="生效日期", widget=IsoDateInput())
    basis = form_text(ContentVersion, "basis")
    who = TextFormField(label="申请条件", max_length=2000, multiline=True, required=False)
    documents = TextFormField(
        label="申请材料（每行一项）", max_length=8000, multiline=True, required=False
    )
    where = TextFormField(label="办理地点", max_length=2000, multiline=True, required=False)
    notes = TextFormField(label="其他事项", max_length=2000, multiline=True, required=False)
    text = TextFormField(label="模板内容", max_length=300, required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop = ("text",) if kind == "guide" else ("who", "documents", "where", "notes")
        for name in drop:
            del self.fields[name]

    def body(self) -> dict[str, Any]:
        names = ("who", "documents", "where", "notes", "text")
        return {n: self.cleaned_data[n] for n in names if n in self.fields}
