"""Forms of the review page: the decision, the merge and its undoing."""

from __future__ import annotations

from django import forms

from minzheng.core.text import TextFormField

NOTE_LIMIT = 500


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="复核结论", choices=[("same", "同一人"), ("different", "不同人")]
    )
    note = TextFormField(label="说明", max_length=NOTE_LIMIT, multiline=True, required=False)


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label="保留档案", choices=[("a", "人员甲"), ("b", "人员乙")])
    note = TextFormField(label="说明", max_length=NOTE_LIMIT, multiline=True, required=False)


class UndoForm(forms.Form):
    note = TextFormField(label="撤销理由", max_length=NOTE_LIMIT, multiline=True, required=True)
