"""Forms of the payroll pages: a note for a workflow action, the bank-file choices and
the return-file upload."""

from __future__ import annotations

from django import forms

from minzheng.payments.bankfiles import ENCODINGS, layouts


def _layouts() -> list[tuple[str, str]]:
    return [(code, lay.name) for code, lay in layouts().items()]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见/说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


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
