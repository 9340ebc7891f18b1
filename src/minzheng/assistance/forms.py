"""Forms of the assistance pages and API: they parse and validate input; the
services decide. One form per case action (see `case_actions.ACTIONS`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.assistance.models import BreachGrade, Channel, Track
from minzheng.assistance.models.applications import ASSISTANCE_CHOICES
from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Person, User
from minzheng.core.text import NOTE_MAX_LENGTH, TextFormField


def money(label: str, **kwargs: Any) -> forms.DecimalField:
    """A yuan amount: Decimal with two places, never negative."""
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, **kwargs)


class ApplicationForm(forms.Form):
    programme = forms.ChoiceField(label="救助项目", choices=ASSISTANCE_CHOICES)
    track = forms.ChoiceField(
        label="办理方式",
        choices=[(t.value, t.label) for t in (Track.REGULAR, Track.FAST)],
        initial=Track.REGULAR,
    )
    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    delegate_name = TextFormField(label="受托人（委托申请时填写）", required=False, max_length=50)
    pledge_signed = forms.BooleanField(
        label="申请人已签署信用承诺书（先办后核时必填）", required=False
    )
    urgency_reason = TextFormField(
        label="急难情形（先办后核时必填：为何需要先行救助）",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        multiline=True,
    )
    applied_on = forms.DateField(
        label="申请日期",
        initial=timezone.localdate,
        widget=IsoDateInput(),
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"] = forms.TypedChoiceField(
            label="申请人", coerce=int, choices=[(p.pk, p.name) for p in members]
        )


class NoteForm(forms.Form):
    note = TextFormField(
        label="意见/说明",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        multiline=True,
    )


class MaterialsForm(forms.Form):
    """The outstanding items of the checklist are always on the notice; this adds more."""

    added = TextFormField(
        label="追加需补正的材料（每行一项；清单中未收到的材料会一并告知）",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        multiline=True,
    )
    note = TextFormField(label="说明", required=False, max_length=500)

    def clean_added(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["added"].splitlines() if line.strip()]
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError("每项材料不超过300字")
        return lines


class MeansTestForm(forms.Form):
    reference = TextFormField(label="核对报告编号", max_length=50)
    received_on = forms.DateField(label="出具日期", widget=IsoDateInput())
    monthly_income = money("核对家庭月收入（元）")
    findings = TextFormField(
        label="核对结论",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        multiline=True,
    )


class HomeVisitForm(forms.Form):
    visited_on = forms.DateField(label="调查日期", widget=IsoDateInput())
    findings = TextFormField(
        label="调查情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        multiline=True,
        max_length=NOTE_MAX_LENGTH,
    )
    by_county = forms.BooleanField(label="县级入户调查（近亲属备案案件）", required=False)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigators"] = forms.TypedMultipleChoiceField(
            label="调查人员（至少2名，已签字）",
            coerce=int,
            choices=[(u.pk, f"{u}（{u.get_role_display()}）") for u in staff],
            widget=forms.CheckboxSelectMultiple,
        )


class ReviewForm(forms.Form):
    """Starts from the calculator's amount and people; a different amount needs a reason."""

    opinion = TextFormField(
        label="审核意见（或民主评议结果）",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        multiline=True,
    )
    proposed_amount = money("拟保障金额（元/月，拟不予保障留空）", required=False)
    proposed_members = forms.IntegerField(
        label="拟保障人数", min_value=1, max_value=30, required=False
    )
    amount_reason = TextFormField(
        label="与测算金额不同的理由（金额与测算一致时不填）", required=False, max_length=500
    )


class NoticeForm(forms.Form):
    place = TextFormField(label="公示地点", max_length=200, initial="村（居）务公开栏")


class ObjectionForm(forms.Form):
    summary = TextFormField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), multiline=True
    )


class ApproveForm(forms.Form):
    amount = money("核定保障金额（元/月）")
    covered_members = forms.IntegerField(label="保障人数", min_value=1, max_value=30)


class RefuseForm(forms.Form):
    reasons = TextFormField(
        label="不予批准的理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        multiline=True,
    )


class ExtendForm(forms.Form):
    reason = TextFormField(label="延长理由", max_length=300)


class GrantForm(forms.Form):
    amount = money("先行发放金额（元）")

    def __init__(self, *args: Any, cap: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cap is not None:  # the cap up front, not only once exceeded (D6.2)
            self.fields["amount"].label = f"先行发放金额（元，不超过{cap:,.2f}元）"
            self.fields["amount"].widget.attrs["max"] = str(cap)


class BreachForm(forms.Form):
    grade = forms.ChoiceField(label="失信等级", choices=BreachGrade.choices)
    facts = TextFormField(
        label="失信事实",
        widget=forms.Textarea(attrs={"rows": 2}),
        multiline=True,
        max_length=NOTE_MAX_LENGTH,
    )
    stop_assistance = forms.BooleanField(label="停止救助", required=False)
    recovery_amount = money("责令退回金额（元）", initial=0)


class MaterialUploadForm(forms.Form):
    file = forms.FileField(label="扫描件（PDF、JPEG或PNG）")
